import { sql } from 'kysely';
import { type Db, isUuid } from './in-transaction.js';

/**
 * The stored plans (`analysis.weekly_plan`) of one athlete's training config, for the plan's
 * consumers: exports, `coach garmin push`, `coach today` and done-against-planned.
 */

export interface StoredPlan {
  analysisId: string;
  createdAt: Date;
  trainingConfigId: string;
  /** `analysis.weekly_plan` as stored: version 1 or 2, checked by the caller. */
  plan: unknown;
}

function planQuery(db: Db, userId: string, configId: string) {
  return db
    .selectFrom('analysis')
    .select([
      'analysis.id as analysisId',
      'analysis.created_at as createdAt',
      'analysis.training_config_id as trainingConfigId',
      'analysis.weekly_plan as plan',
    ])
    .where('analysis.user_id', '=', userId)
    .where('analysis.training_config_id', '=', configId)
    .where('analysis.status', '=', 'completed')
    .where('analysis.weekly_plan', 'is not', null);
}

/** The newest completed analysis of the config that stored a plan (any version). */
export async function findLatestPlan(db: Db, userId: string, configId: string): Promise<StoredPlan | undefined> {
  if (!isUuid(userId) || !isUuid(configId)) return undefined;
  return (await planQuery(db, userId, configId)
    .orderBy('analysis.created_at', 'desc')
    .orderBy('analysis.id', 'desc')
    .executeTakeFirst()) as StoredPlan | undefined;
}

/**
 * The plan an analysis as of `today` compares what was done against: the newest completed
 * version 2 plan of the config whose week started before `today` and not before `from`.
 * By dates, not creation times, so rebuilding an old analysis's facts finds the same plan.
 */
export async function findPlanBefore(db: Db, userId: string, configId: string, today: string, from: string): Promise<StoredPlan | undefined> {
  if (!isUuid(userId) || !isUuid(configId)) return undefined;
  return (await planQuery(db, userId, configId)
    .where(sql<string>`analysis.weekly_plan->>'schemaVersion'`, '=', '2')
    .where(sql<string>`analysis.weekly_plan->>'weekStart'`, '<', today)
    .where(sql<string>`analysis.weekly_plan->>'weekStart'`, '>=', from)
    .orderBy(sql`analysis.weekly_plan->>'weekStart'`, 'desc')
    .orderBy('analysis.created_at', 'desc')
    .executeTakeFirst()) as StoredPlan | undefined;
}
