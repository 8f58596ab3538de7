import type { FitnessProjection } from '../plan/projection.js';
import { garminComparison, type GarminComparison } from './garmin-comparison.js';
import { type ReportInput, dayOf } from './report-input.js';

/**
 * Version of the analysis export document (`coach results export --format json|ndjson`
 * and the `analysis.json` file). Its JSON Schema is `templates/schema/analysis-export.schema.json`;
 * adding fields is compatible, renaming or removing one bumps this number.
 */
export const EXPORT_SCHEMA_VERSION = 1;

export interface AnalysisExport {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  kind: 'coach.analysis';
  /** When this document was made (ISO instant). */
  exportedAt: string;
  analysis: {
    id: string;
    status: string;
    analysisType: string | null;
    workflowId: string | null;
    config: { id: string; name: string };
    athleteName: string | null;
    createdAt: string;
    updatedAt: string;
    dataFrom: string | null;
    dataTo: string | null;
    currentNode: string | null;
    progressPercentage: number;
    summary: string | null;
    recommendations: string | null;
    totalTokens: number;
    /** US dollars; null when unknown. */
    estimatedCost: number | null;
    errorMessage: string | null;
    retryCount: number;
    dataSummary: unknown;
  };
  /** The analysis summary (Markdown), also at the top level for scripts (`jq .summary`). */
  summary: string | null;
  recommendations: string | null;
  results: Array<{
    id: string;
    nodeName: string;
    resultType: string;
    title: string | null;
    content: string | null;
    data: unknown;
    tokensUsed: number;
    processingTime_s: number | null;
    createdAt: string;
  }>;
  weeklyPlan: unknown;
  /** Expected fitness if the plan is done (src/plan/projection.ts), with the A race's projected TSB; null without a structured plan. */
  projection: FitnessProjection | null;
  /** Where Garmin's figures and coach's differ (src/report/garmin-comparison.ts); null without Garmin figures. */
  garminComparison: GarminComparison | null;
  facts: unknown;
  files: Array<{
    filename: string;
    fileType: string;
    mimeType: string | null;
    fileSize: number | null;
    filePath: string | null;
    isPublic: boolean;
    downloadCount: number;
    createdAt: string;
  }>;
}

const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());

/**
 * The export document of one analysis, from the rows only. The user appears by display
 * name; no email, password hash or Garmin credential is ever read on this path.
 */
export function buildExportDocument(input: ReportInput): AnalysisExport {
  const { analysis: a } = input;
  const cost = a.estimatedCost === null ? null : Number(a.estimatedCost);
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    kind: 'coach.analysis',
    exportedAt: input.generatedAt,
    analysis: {
      id: a.id,
      status: a.status,
      analysisType: a.analysisType,
      workflowId: a.workflowId,
      config: { id: a.trainingConfigId, name: a.configName },
      athleteName: a.athleteName,
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
      dataFrom: dayOf(a.startDate),
      dataTo: dayOf(a.endDate),
      currentNode: a.currentNode,
      progressPercentage: a.progressPercentage,
      summary: a.summary,
      recommendations: a.recommendations,
      totalTokens: Number(a.totalTokens),
      estimatedCost: cost !== null && Number.isFinite(cost) ? cost : null,
      errorMessage: a.errorMessage,
      retryCount: a.retryCount,
      dataSummary: a.dataSummary ?? null,
    },
    summary: a.summary,
    recommendations: a.recommendations,
    results: input.results.map((r) => ({
      id: r.id,
      nodeName: r.nodeName,
      resultType: r.resultType,
      title: r.title,
      content: r.content,
      data: r.data ?? null,
      tokensUsed: Number(r.tokensUsed),
      processingTime_s: r.processingTime,
      createdAt: iso(r.createdAt),
    })),
    // The stored plan as the workflow wrote it (null when the run made none).
    weeklyPlan: input.analysis.weeklyPlan ?? null,
    projection: input.projection ?? null,
    garminComparison: garminComparison(input.facts),
    facts: input.facts,
    files: input.files.map((f) => ({
      filename: f.filename,
      fileType: f.fileType,
      mimeType: f.mimeType,
      fileSize: f.fileSize,
      filePath: f.filePath,
      isPublic: f.isPublic,
      downloadCount: f.downloadCount,
      createdAt: iso(f.createdAt),
    })),
  };
}

/** The document as pretty JSON (files, stdout) or one line (ndjson). */
export function exportJsonText(input: ReportInput, options: { compact?: boolean } = {}): string {
  const doc = buildExportDocument(input);
  return options.compact ? JSON.stringify(doc) : JSON.stringify(doc, null, 2) + '\n';
}
