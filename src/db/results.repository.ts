import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from './database.js';
import type { AnalysisStatus } from './tables/analysis.table.js';
import type { FileType } from './tables/analysis-file.table.js';
import type { ResultType } from './tables/analysis-result.table.js';
import { type Db, isUuid } from './in-transaction.js';

/**
 * The read side of analyses for `coach results` and the report writer. Every query filters
 * by the owner's `userId`: another user's analysis id (or a malformed one) is "not found".
 * Columns are listed explicitly: nothing here ever selects `hashed_password` or a Garmin secret.
 */

export interface AnalysisListItem {
  id: string;
  createdAt: Date;
  configName: string;
  status: AnalysisStatus;
  analysisType: string | null;
  totalTokens: number;
  estimatedCost: string | null;
  progressPercentage: number;
  /** Why a failed analysis failed (a dead queue job's analysis shows its last error here). */
  errorMessage: string | null;
}

export interface AnalysisDetail extends AnalysisListItem {
  updatedAt: Date;
  trainingConfigId: string;
  workflowId: string | null;
  currentNode: string | null;
  summary: string | null;
  recommendations: string | null;
  weeklyPlan: unknown;
  startDate: Date | string | null;
  endDate: Date | string | null;
  dataSummary: unknown;
  retryCount: number;
  /** From the training config: where report files go and whether to draw plots. */
  outputDirectory: string | null;
  enablePlotting: boolean;
  /** The athlete's display name (the only column read from `user`). */
  athleteName: string | null;
}

export interface ResultItem {
  id: string;
  nodeName: string;
  resultType: ResultType;
  title: string | null;
  content: string | null;
  data: unknown;
  filePath: string | null;
  tokensUsed: number;
  processingTime: number | null;
  createdAt: Date;
}

export interface FileItem {
  id: string;
  filename: string;
  fileType: FileType;
  mimeType: string | null;
  fileSize: number | null;
  filePath: string | null;
  isPublic: boolean;
  downloadCount: number;
  createdAt: Date;
}

const MAX_LIMIT = 10_000;

function baseAnalysisQuery(db: Db, userId: string) {
  return db
    .selectFrom('analysis')
    .innerJoin('trainingconfig', (join) =>
      join.onRef('trainingconfig.id', '=', 'analysis.training_config_id').on('trainingconfig.user_id', '=', userId),
    )
    .where('analysis.user_id', '=', userId);
}

/** The user's analyses, newest first. */
export async function listAnalyses(
  db: Db,
  userId: string,
  options: { status?: AnalysisStatus; statuses?: AnalysisStatus[]; limit?: number } = {},
): Promise<AnalysisListItem[]> {
  if (!isUuid(userId)) return [];
  const statuses = options.statuses ?? (options.status ? [options.status] : undefined);
  let query = baseAnalysisQuery(db, userId).select([
    'analysis.id as id',
    'analysis.created_at as createdAt',
    'trainingconfig.name as configName',
    'analysis.status as status',
    'analysis.analysis_type as analysisType',
    'analysis.total_tokens as totalTokens',
    'analysis.estimated_cost as estimatedCost',
    'analysis.progress_percentage as progressPercentage',
    'analysis.error_message as errorMessage',
  ]);
  if (statuses && statuses.length > 0) query = query.where('analysis.status', 'in', statuses);
  const limit = Math.min(Math.max(1, options.limit ?? MAX_LIMIT), MAX_LIMIT);
  return query.orderBy('analysis.created_at', 'desc').orderBy('analysis.id', 'desc').limit(limit).execute() as Promise<AnalysisListItem[]>;
}

function detailQuery(db: Db, userId: string) {
  return baseAnalysisQuery(db, userId)
    .innerJoin('user', 'user.id', 'analysis.user_id')
    .select([
      'analysis.id as id',
      'analysis.created_at as createdAt',
      'analysis.updated_at as updatedAt',
      'trainingconfig.name as configName',
      'analysis.training_config_id as trainingConfigId',
      'analysis.status as status',
      'analysis.analysis_type as analysisType',
      'analysis.workflow_id as workflowId',
      'analysis.current_node as currentNode',
      'analysis.progress_percentage as progressPercentage',
      'analysis.summary as summary',
      'analysis.recommendations as recommendations',
      'analysis.weekly_plan as weeklyPlan',
      'analysis.start_date as startDate',
      'analysis.end_date as endDate',
      'analysis.data_summary as dataSummary',
      'analysis.total_tokens as totalTokens',
      'analysis.estimated_cost as estimatedCost',
      'analysis.error_message as errorMessage',
      'analysis.retry_count as retryCount',
      'trainingconfig.output_directory as outputDirectory',
      'trainingconfig.enable_plotting as enablePlotting',
      'user.full_name as athleteName',
    ]);
}

/** One of the user's analyses by id, or undefined (also for another user's id). */
export async function findAnalysisDetail(db: Db, userId: string, analysisId: string): Promise<AnalysisDetail | undefined> {
  if (!isUuid(userId) || !isUuid(analysisId)) return undefined;
  return (await detailQuery(db, userId).where('analysis.id', '=', analysisId).executeTakeFirst()) as AnalysisDetail | undefined;
}

/** The user's newest analysis, optionally of given statuses. */
export async function findLatestAnalysisDetail(db: Db, userId: string, statuses?: AnalysisStatus[]): Promise<AnalysisDetail | undefined> {
  if (!isUuid(userId)) return undefined;
  let query = detailQuery(db, userId);
  if (statuses && statuses.length > 0) query = query.where('analysis.status', 'in', statuses);
  return (await query.orderBy('analysis.created_at', 'desc').orderBy('analysis.id', 'desc').executeTakeFirst()) as AnalysisDetail | undefined;
}

/**
 * Ids of the user's analyses starting with `prefix` (at most 2: enough to tell unique from
 * ambiguous), so people can type the first characters shown by `coach results list`.
 */
export async function findAnalysisIdsByPrefix(db: Db, userId: string, prefix: string): Promise<string[]> {
  if (!isUuid(userId) || !/^[0-9a-f-]{4,36}$/i.test(prefix)) return [];
  // The same scope as `findAnalysisDetail`, so a prefix never resolves to an id it would not show.
  const rows = await baseAnalysisQuery(db, userId)
    .select('analysis.id as id')
    .where(sql<string>`cast(analysis.id as text)`, 'like', `${prefix.toLowerCase()}%`)
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

/** Rows joined to `analysis` that belong to the user's analysis `analysisId`; another user's id matches nothing. */
function isUsersAnalysis(userId: string, analysisId: string) {
  return (eb: ExpressionBuilder<Database, 'analysis'>) =>
    eb.and([eb('analysis.id', '=', analysisId), eb('analysis.user_id', '=', userId)]);
}

/** The node results of the user's analysis, in the order the workflow wrote them. */
export async function listResults(db: Db, userId: string, analysisId: string): Promise<ResultItem[]> {
  if (!isUuid(userId) || !isUuid(analysisId)) return [];
  return (await db
    .selectFrom('analysisresult')
    .innerJoin('analysis', 'analysis.id', 'analysisresult.analysis_id')
    .select([
      'analysisresult.id as id',
      'analysisresult.node_name as nodeName',
      'analysisresult.result_type as resultType',
      'analysisresult.title as title',
      'analysisresult.content as content',
      'analysisresult.data as data',
      'analysisresult.file_path as filePath',
      'analysisresult.tokens_used as tokensUsed',
      'analysisresult.processing_time as processingTime',
      'analysisresult.created_at as createdAt',
    ])
    .where(isUsersAnalysis(userId, analysisId))
    .orderBy('analysisresult.created_at')
    .orderBy('analysisresult.id')
    .execute()) as ResultItem[];
}

/** The files recorded for the user's analysis. */
export async function listFiles(db: Db, userId: string, analysisId: string): Promise<FileItem[]> {
  if (!isUuid(userId) || !isUuid(analysisId)) return [];
  return (await db
    .selectFrom('analysisfile')
    .innerJoin('analysis', 'analysis.id', 'analysisfile.analysis_id')
    .select([
      'analysisfile.id as id',
      'analysisfile.filename as filename',
      'analysisfile.file_type as fileType',
      'analysisfile.mime_type as mimeType',
      'analysisfile.file_size as fileSize',
      'analysisfile.file_path as filePath',
      'analysisfile.is_public as isPublic',
      'analysisfile.download_count as downloadCount',
      'analysisfile.created_at as createdAt',
    ])
    .where(isUsersAnalysis(userId, analysisId))
    .orderBy('analysisfile.file_type')
    .orderBy('analysisfile.filename')
    .execute()) as FileItem[];
}

export interface AnalysisWithRows {
  analysis: AnalysisDetail;
  results: ResultItem[];
  files: FileItem[];
}

/** The user's analysis with its node results and files; undefined when not the user's (or malformed). */
export async function getAnalysisDetail(db: Db, userId: string, analysisId: string): Promise<AnalysisWithRows | undefined> {
  const analysis = await findAnalysisDetail(db, userId, analysisId);
  if (!analysis) return undefined;
  // Sequential on purpose: PGlite is single-connection.
  const results = await listResults(db, userId, analysis.id);
  const files = await listFiles(db, userId, analysis.id);
  return { analysis, results, files };
}

/** Id of the user's newest analysis (optionally of given statuses), or undefined. */
export async function latestAnalysisId(db: Db, userId: string, statuses?: AnalysisStatus[]): Promise<string | undefined> {
  if (!isUuid(userId)) return undefined;
  let query = db.selectFrom('analysis').select('id').where('user_id', '=', userId);
  if (statuses && statuses.length > 0) query = query.where('status', 'in', statuses);
  const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row?.id;
}
