import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DateString, NullableJsonb, Timestamps, UuidPk } from './common.js';

/** `daily_metric`: one row per user and calendar day of wellness data. */
export interface DailyMetricTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  date: DateString;
  resting_hr: number | null;
  /** Nightly average rMSSD, ms. */
  hrv_nightly_avg: number | null;
  hrv_status: string | null;
  sleep_duration_s: number | null;
  sleep_score: number | null;
  /** { deep_s, light_s, rem_s, awake_s } */
  sleep_stages: NullableJsonb<unknown>;
  stress_avg: number | null;
  body_battery_high: number | null;
  body_battery_low: number | null;
  steps: number | null;
  vo2max: number | null;
  training_readiness: number | null;
  weight_kg: number | null;
  raw: NullableJsonb<unknown>;
}
export type DailyMetricRow = Selectable<DailyMetricTable>;
export type NewDailyMetricRow = Insertable<DailyMetricTable>;
export type DailyMetricUpdate = Updateable<DailyMetricTable>;
