import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { incrementDownloadCount } from '../db/analysis-files.repository.js';
import type { Db } from '../db/in-transaction.js';
import { isUuid } from '../db/in-transaction.js';
import {
  type AnalysisDetail,
  findAnalysisDetail,
  findAnalysisIdsByPrefix,
  findLatestAnalysisDetail,
  listAnalyses,
} from '../db/results.repository.js';
import { ANALYSIS_STATUSES, type AnalysisStatus } from '../db/tables/analysis.table.js';
import { UserError } from '../errors.js';
import { buildExportDocument } from '../report/export-json.js';
import { loadReportInputFor } from '../report/load-report-input.js';
import { renderPlots } from '../report/plots/index.js';
import { dayOf, shortId, stepSeconds } from '../report/report-input.js';
import { fmtCost, PLAN_HEAD, planCaption, planRows, reportTitle, runFacts } from '../report/report-sections.js';
import { calendarHead, calendarRows } from '../report/report-view.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { safeFilenameWithExtension } from '../report/safe-filename.js';
import { markInterruptedRuns } from '../workflow/analysis-lock.js';
import { withUser } from './context.js';
import { jsonReplacer, print, printJson, printTable, say } from './output.js';

export const EXPORT_FORMATS = ['json', 'md', 'html', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const DEFAULT_LIST_LIMIT = 20;
const MAX_LIMIT = 10_000;

/** The analysisfile name each export format corresponds to (its download_count goes up). */
const FILE_OF_FORMAT: Record<ExportFormat, string> = { json: 'analysis.json', ndjson: 'analysis.json', md: 'report.md', html: 'report.html' };
const EXTENSION: Record<ExportFormat, string> = { json: 'json', ndjson: 'ndjson', md: 'md', html: 'html' };

export function parseStatuses(value: string | undefined): AnalysisStatus[] | undefined {
  if (value === undefined) return undefined;
  const statuses = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const s of statuses) {
    if (!(ANALYSIS_STATUSES as readonly string[]).includes(s)) {
      throw new UserError(`--status: unknown status ${JSON.stringify(s.slice(0, 40))} (use ${ANALYSIS_STATUSES.join(', ')})`);
    }
  }
  if (statuses.length === 0) throw new UserError(`--status: give one or more of ${ANALYSIS_STATUSES.join(', ')}`);
  return statuses as AnalysisStatus[];
}

export function parseLimit(value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw new UserError(`--limit: expected a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return Number(value);
}

export function parseFormat(value: string | undefined): ExportFormat {
  const format = (value ?? 'json').trim().toLowerCase();
  const aliases: Record<string, ExportFormat> = { markdown: 'md', jsonl: 'ndjson' };
  const resolved = aliases[format] ?? format;
  if (!(EXPORT_FORMATS as readonly string[]).includes(resolved)) {
    throw new UserError(`--format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format.slice(0, 40))}`);
  }
  return resolved as ExportFormat;
}

/** A full id, or a unique prefix of one of the user's analyses (as `results list` shows). */
export async function resolveAnalysis(db: Db, userId: string, ref: string): Promise<AnalysisDetail> {
  const text = ref.trim();
  const notFound = () => new UserError(`analysis ${JSON.stringify(text.slice(0, 40))} not found (see \`coach results list\`)`);
  let id = text;
  if (!isUuid(text)) {
    const ids = await findAnalysisIdsByPrefix(db, userId, text);
    if (ids.length === 0) throw notFound();
    if (ids.length > 1) throw new UserError(`analysis id prefix ${JSON.stringify(text)} is ambiguous: type more characters`);
    id = ids[0]!;
  }
  const analysis = await findAnalysisDetail(db, userId, id);
  if (!analysis) throw notFound();
  return analysis;
}

interface ListFlags { status?: string; limit?: string; json?: boolean }

export async function listResultsAction(flags: ListFlags): Promise<void> {
  const statuses = parseStatuses(flags.status);
  const limit = parseLimit(flags.limit, DEFAULT_LIST_LIMIT);
  await withUser(async ({ handle, db, user }) => {
    await markInterruptedRuns(db, handle.dialect, user.id);
    const rows = await listAnalyses(db, user.id, { statuses, limit });
    if (flags.json) {
      printJson({
        analyses: rows.map((r) => ({
          id: r.id,
          createdAt: r.createdAt,
          config: r.configName,
          status: r.status,
          mode: r.analysisType,
          progressPercentage: r.progressPercentage,
          totalTokens: Number(r.totalTokens),
          estimatedCost: r.estimatedCost === null ? null : Number(r.estimatedCost),
          errorMessage: r.status === 'failed' ? r.errorMessage : null,
        })),
      });
      return;
    }
    if (rows.length === 0) {
      say(statuses ? `no analyses with status ${statuses.join(', ')}` : 'no analyses yet: run `coach analyze`');
      return;
    }
    await printTable(
      ['ID', 'Date', 'Config', 'Status', 'Mode', 'Tokens', 'Cost'],
      rows.map((r) => [
        shortId(r.id),
        new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 16),
        r.configName,
        r.status === 'running' ? `running ${r.progressPercentage}%` : r.status === 'failed' && r.errorMessage ? `failed: ${r.errorMessage.slice(0, 60)}` : r.status,
        r.analysisType ?? '',
        Number(r.totalTokens),
        fmtCost(r.estimatedCost),
      ]),
    );
  });
}

export async function showResultAction(ref: string, flags: { json?: boolean }): Promise<void> {
  await withUser(async ({ handle, db, user }) => {
    await markInterruptedRuns(db, handle.dialect, user.id);
    const analysis = await resolveAnalysis(db, user.id, ref);
    const input = await loadReportInputFor(db, user.id, analysis);
    if (flags.json) {
      process.stdout.write(JSON.stringify(buildExportDocument(input), jsonReplacer, 2) + '\n');
      return;
    }
    print(reportTitle(analysis));
    print('');
    await printTable(['Field', 'Value'], runFacts(analysis, input.generatedAt));
    print('\nSummary\n-------');
    print(analysis.summary?.trim() || '(no summary: the analysis did not complete)');
    print('\nRecommendations\n---------------');
    print(analysis.recommendations?.trim() || '(none)');
    print('\nNext week\n---------');
    if (input.weeklyPlan) {
      print(planCaption(input.weeklyPlan));
      await printTable(PLAN_HEAD, planRows(input.weeklyPlan));
      for (const [title, lines] of [['Rules that shaped the plan', input.weeklyPlan.rules], ['Changed since the last plan', input.weeklyPlan.changes]] as const) {
        if (lines.length) print(`\n${title}:\n${lines.map((l) => `- ${l}`).join('\n')}`);
      }
      if (input.weeklyPlan.calendar.length) {
        print('\nThe 28 days');
        await printTable(calendarHead(input.weeklyPlan), calendarRows(input.weeklyPlan));
      }
    } else {
      print('(no weekly plan stored)');
    }
    print('\nNode results\n------------');
    if (input.results.length) {
      await printTable(
        ['Node', 'Type', 'Title', 'Tokens', 'Seconds'],
        input.results.map((r) => [r.nodeName, r.resultType, r.title ?? '', Number(r.tokensUsed), stepSeconds(r)]),
      );
    } else {
      print('(none)');
    }
    print('\nFiles\n-----');
    if (input.files.length) {
      await printTable(
        ['File', 'Type', 'Bytes', 'Downloads', 'Path'],
        input.files.map((f) => [f.filename, f.fileType, f.fileSize ?? '', f.downloadCount, f.filePath ?? '']),
      );
    } else {
      print('(none)');
    }
  });
}

interface ExportFlags { latest?: boolean; format?: string; output?: string; status?: string; limit?: string }

/** Where `-o` writes: the file given, or a safe name inside the folder given. */
function outputPathFor(output: string, defaultName: string): string {
  const path = resolve(output);
  let isDir = output.endsWith('/') || output.endsWith('\\');
  try {
    isDir ||= statSync(path).isDirectory();
  } catch {
    // does not exist yet: a file path
  }
  return isDir ? join(path, defaultName) : path;
}

async function writeOutput(output: string, defaultName: string, text: string): Promise<string> {
  const path = outputPathFor(output, defaultName);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot write ${path}: ${code}`);
  }
  return path;
}

export async function exportResultsAction(ref: string | undefined, flags: ExportFlags): Promise<void> {
  const format = parseFormat(flags.format);
  const statuses = parseStatuses(flags.status);
  const limit = parseLimit(flags.limit, undefined);
  if (ref && flags.latest) throw new UserError('give an analysis id or --latest, not both');
  if (format !== 'ndjson' && !ref && !flags.latest) throw new UserError('which analysis? give its id or --latest (see `coach results list`)');
  if (format !== 'ndjson' && (statuses || limit)) throw new UserError('--status and --limit go with --format ndjson');

  await withUser(async ({ db, user }) => {
    let analyses: AnalysisDetail[];
    if (ref) analyses = [await resolveAnalysis(db, user.id, ref)];
    else if (flags.latest) {
      const latest = await findLatestAnalysisDetail(db, user.id, ['completed']);
      if (!latest) throw new UserError('no completed analysis yet: run `coach analyze` first');
      analyses = [latest];
    } else {
      const list = await listAnalyses(db, user.id, { statuses, limit });
      analyses = [];
      for (const item of list) {
        const detail = await findAnalysisDetail(db, user.id, item.id);
        if (detail) analyses.push(detail);
      }
    }

    let text = '';
    for (const analysis of analyses) {
      const input = await loadReportInputFor(db, user.id, analysis);
      if (format === 'ndjson') text += JSON.stringify(buildExportDocument(input), jsonReplacer) + '\n';
      else if (format === 'json') text = JSON.stringify(buildExportDocument(input), jsonReplacer, 2) + '\n';
      else if (format === 'md') {
        // Link the chart files written with the report, when there are any.
        const plotFiles = input.files.filter((f) => f.fileType === 'plot' && f.filePath);
        const plots = plotFiles.map((f) => ({ name: f.filename, title: f.filename, description: 'chart (SVG)' }));
        text = renderMarkdown(input, plots, Object.fromEntries(plotFiles.map((f) => [f.filename, f.filePath!])));
      } else {
        text = renderHtml(input, analysis.enablePlotting ? await renderPlots(input.facts, input.weeklyPlan, input.projection ?? null) : []);
      }
      await incrementDownloadCount(db, user.id, analysis.id, [FILE_OF_FORMAT[format]]);
    }

    if (flags.output) {
      const first = analyses[0];
      const stem = format === 'ndjson' || !first ? 'coach-analyses' : `coach-analysis-${dayOf(first.endDate) ?? dayOf(first.createdAt)}-${shortId(first.id)}`;
      const path = await writeOutput(flags.output, safeFilenameWithExtension(stem, EXTENSION[format]), text);
      say(`wrote ${path} (${analyses.length} ${analyses.length === 1 ? 'analysis' : 'analyses'})`);
    } else {
      process.stdout.write(text);
      if (format === 'ndjson' && analyses.length === 0) say('no analyses to export');
    }
  });
}
