import { sql } from 'kysely';
import { type Db, inTransaction, isUuid } from './in-transaction.js';
import type { ModelCallOutcome } from './tables/model-call.table.js';

export interface NewModelCall {
  node_name: string;
  attempt: number;
  model: string;
  outcome: ModelCallOutcome;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  /** Dollars, already estimated (src/workflow/pricing.ts). */
  cost: number;
  duration_ms: number;
  error: string | null;
}

/**
 * Records one model attempt of the user's analysis and brings `analysis.total_tokens` and
 * `analysis.estimated_cost` to the sums of its attempts, in one transaction, so the run's
 * cost is right at every moment, also when it fails or is interrupted later.
 * Returns false when the analysis is not the user's.
 */
export async function recordModelCall(db: Db, userId: string, analysisId: string, call: NewModelCall): Promise<boolean> {
  if (!isUuid(userId) || !isUuid(analysisId)) return false;
  return inTransaction(db, async (trx) => {
    const owned = await trx.selectFrom('analysis').select('id').where('id', '=', analysisId).where('user_id', '=', userId).executeTakeFirst();
    if (!owned) return false;
    await trx.insertInto('model_call').values({ analysis_id: analysisId, ...call, cost: call.cost.toFixed(6) }).execute();
    const sums = trx.selectFrom('model_call').where('model_call.analysis_id', '=', analysisId);
    await trx
      .updateTable('analysis')
      .set({
        total_tokens: sums.select(sql<number>`coalesce(sum(input_tokens + output_tokens), 0)::integer`.as('t')),
        estimated_cost: sums.select(sql<string>`to_char(coalesce(sum(cost), 0), 'FM999999990.000000')`.as('c')),
      })
      .where('id', '=', analysisId)
      .execute();
    return true;
  });
}

export interface AnalysisUsage {
  attempts: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Dollars. */
  cost: number;
}

/** What the analysis's model attempts add up to (zeros for an offline run). */
export async function analysisUsage(db: Db, analysisId: string): Promise<AnalysisUsage> {
  const row = await db
    .selectFrom('model_call')
    .where('analysis_id', '=', analysisId)
    .select([
      sql<number>`count(*)::integer`.as('attempts'),
      sql<number>`(count(*) filter (where outcome <> 'ok'))::integer`.as('failedAttempts'),
      sql<number>`coalesce(sum(input_tokens), 0)::integer`.as('inputTokens'),
      sql<number>`coalesce(sum(output_tokens), 0)::integer`.as('outputTokens'),
      sql<number>`coalesce(sum(cached_tokens), 0)::integer`.as('cachedTokens'),
      sql<string>`coalesce(sum(cost), 0)::text`.as('cost'),
    ])
    .executeTakeFirstOrThrow();
  return { ...row, cost: Number(row.cost) };
}
