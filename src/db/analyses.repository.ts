import { sql } from 'kysely';
import type { AnalysisStatus } from './tables/analysis.table.js';
import type { AnalysisRow } from './tables/analysis.table.js';
import type { AnalysisResultRow, ResultType } from './tables/analysis-result.table.js';
import { type Db, inTransaction, isUuid } from './in-transaction.js';
import { toJsonOrNull } from './json.js';

/**
 * The `analysis` and `analysisresult` rows of a workflow run. Every function takes the
 * owner's `userId` and filters by it: another user's analysis id finds nothing and changes nothing.
 */
export async function createAnalysis(
  db: Db,
  userId: string,
  input: { configId: string; analysisType: string; workflowId?: string },
): Promise<AnalysisRow> {
  return db
    .insertInto('analysis')
    .values({
      user_id: userId,
      training_config_id: input.configId,
      status: 'pending',
      analysis_type: input.analysisType,
      workflow_id: input.workflowId ?? null,
      progress_percentage: 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAnalysis(db: Db, userId: string, analysisId: string): Promise<AnalysisRow | undefined> {
  if (!isUuid(analysisId) || !isUuid(userId)) return undefined;
  return db.selectFrom('analysis').selectAll().where('id', '=', analysisId).where('user_id', '=', userId).executeTakeFirst();
}

export interface AnalysisPatch {
  status?: AnalysisStatus;
  current_node?: string | null;
  progress_percentage?: number;
  summary?: string | null;
  recommendations?: string | null;
  weekly_plan?: unknown;
  start_date?: string | Date | null;
  end_date?: string | Date | null;
  data_summary?: unknown;
  total_tokens?: number;
  estimated_cost?: string | null;
  error_message?: string | null;
  workflow_id?: string | null;
}

/** Updates the user's analysis; returns false when it is not theirs (or does not exist). */
export async function updateAnalysis(db: Db, userId: string, analysisId: string, patch: AnalysisPatch): Promise<boolean> {
  if (!isUuid(analysisId)) return false;
  const { weekly_plan, data_summary, ...plain } = patch;
  const values: Record<string, unknown> = { ...plain };
  if ('weekly_plan' in patch) values.weekly_plan = toJsonOrNull(weekly_plan);
  if ('data_summary' in patch) values.data_summary = toJsonOrNull(data_summary);
  if (Object.keys(values).length === 0) return true;
  const result = await db
    .updateTable('analysis')
    .set(values)
    .where('id', '=', analysisId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One more provider retry for this analysis (atomic, so parallel experts count correctly). */
export async function incrementRetryCount(db: Db, userId: string, analysisId: string): Promise<void> {
  await db
    .updateTable('analysis')
    .set({ retry_count: sql`retry_count + 1` })
    .where('id', '=', analysisId)
    .where('user_id', '=', userId)
    .execute();
}

export interface NewResult {
  node_name: string;
  result_type: ResultType;
  title: string | null;
  content: string | null;
  data: unknown;
  tokens_used: number;
  processing_time: number | null;
}

/**
 * Replaces the analysis's results with `results` in one transaction, so a resumed report
 * step never leaves duplicates. Does nothing when the analysis is not the user's.
 */
export async function replaceAnalysisResults(db: Db, userId: string, analysisId: string, results: NewResult[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const owned = await trx.selectFrom('analysis').select('id').where('id', '=', analysisId).where('user_id', '=', userId).executeTakeFirst();
    if (!owned) return 0;
    await trx.deleteFrom('analysisresult').where('analysis_id', '=', analysisId).execute();
    if (results.length === 0) return 0;
    const base = Date.now();
    await trx
      .insertInto('analysisresult')
      // created_at one millisecond apart keeps the node order when results are listed.
      .values(results.map((r, i) => ({ ...r, analysis_id: analysisId, data: toJsonOrNull(r.data), created_at: new Date(base + i) })))
      .execute();
    return results.length;
  });
}

export async function listAnalysisResults(db: Db, userId: string, analysisId: string): Promise<AnalysisResultRow[]> {
  if (!isUuid(analysisId)) return [];
  return db
    .selectFrom('analysisresult')
    .innerJoin('analysis', 'analysis.id', 'analysisresult.analysis_id')
    .selectAll('analysisresult')
    .where('analysis.id', '=', analysisId)
    .where('analysis.user_id', '=', userId)
    .orderBy('analysisresult.created_at')
    .orderBy('analysisresult.id')
    .execute();
}

/** The user's most recent analysis that did not complete (paused or crashed), for `--resume`. */
export async function findLatestUnfinished(db: Db, userId: string): Promise<AnalysisRow | undefined> {
  return db
    .selectFrom('analysis')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'running', 'failed'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/**
 * The weekly plan of the latest completed analysis of a config (other than `exceptId`), so
 * the next run revises that plan rather than starting over. Null when there is none.
 */
export async function findPreviousPlan(db: Db, userId: string, configId: string, exceptId: string): Promise<{ analysisId: string; plan: unknown } | null> {
  const row = await db
    .selectFrom('analysis')
    .select(['id', 'weekly_plan'])
    .where('user_id', '=', userId)
    .where('training_config_id', '=', configId)
    .where('status', '=', 'completed')
    .where('id', '!=', exceptId)
    .where('weekly_plan', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { analysisId: row.id, plan: row.weekly_plan } : null;
}

/**
 * Marks the user's analyses still `running` as failed with `message` (resumable). Only for a
 * caller that knows no process runs them: it holds the athlete's analysis lock (server) or
 * the embedded database itself. Returns how many rows changed.
 */
export async function failRunningAnalyses(db: Db, userId: string, message: string): Promise<number> {
  if (!isUuid(userId)) return 0;
  const result = await db
    .updateTable('analysis')
    .set({ status: 'failed', error_message: message })
    .where('user_id', '=', userId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
