import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { DailyMetricRow } from './tables/daily-metric.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One day of wellness data as ingest produces it; absent fields leave the stored value alone. */
export interface DailyMetricData {
  /** 'YYYY-MM-DD' */
  date: string;
  resting_hr?: number | null;
  hrv_nightly_avg?: number | null;
  hrv_status?: string | null;
  sleep_duration_s?: number | null;
  sleep_score?: number | null;
  sleep_stages?: Record<string, number> | null;
  stress_avg?: number | null;
  body_battery_high?: number | null;
  body_battery_low?: number | null;
  steps?: number | null;
  vo2max?: number | null;
  training_readiness?: number | null;
  weight_kg?: number | null;
  /** Merged into the stored `raw` object key by key (e.g. { sleep: {...}, hrv: {...} }). */
  raw?: Record<string, unknown>;
}

const SCALAR_COLUMNS = [
  'resting_hr', 'hrv_nightly_avg', 'hrv_status', 'sleep_duration_s', 'sleep_score', 'stress_avg',
  'body_battery_high', 'body_battery_low', 'steps', 'vo2max', 'training_readiness', 'weight_kg',
] as const;

/**
 * Upserts one day by (user, date), merging: a field the source has overwrites, a field it
 * lacks keeps what another source stored (sleep from one file, steps from another).
 */
export async function upsertDailyMetric(db: Db, userId: string, data: DailyMetricData): Promise<void> {
  const values: Record<string, unknown> = { user_id: userId, date: data.date };
  for (const column of SCALAR_COLUMNS) values[column] = data[column] ?? null;
  values.sleep_stages = data.sleep_stages ? JSON.stringify(data.sleep_stages) : null;
  values.raw = JSON.stringify(data.raw ?? {});
  const set: Record<string, unknown> = {};
  for (const column of [...SCALAR_COLUMNS, 'sleep_stages'] as const) {
    set[column] = sql`coalesce(excluded.${sql.ref(column)}, daily_metric.${sql.ref(column)})`;
  }
  set.raw = sql`coalesce(daily_metric.raw, '{}'::jsonb) || coalesce(excluded.raw, '{}'::jsonb)`;
  await db
    .insertInto('daily_metric')
    .values(values as never)
    .onConflict((oc) => oc.columns(['user_id', 'date']).doUpdateSet(set as never))
    .execute();
}

export async function countDailyMetrics(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('daily_metric')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listDailyMetrics(db: Db, userId: string): Promise<DailyMetricRow[]> {
  return db.selectFrom('daily_metric').selectAll().where('user_id', '=', userId).orderBy('date').execute();
}
