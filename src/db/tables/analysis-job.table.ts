import type { ColumnType, Selectable } from 'kysely';
import type { DateString, NullableTimestamp, Timestamps, UuidPk, WithDefault } from './common.js';

/** `analysis_schedule` (migration 0008): a cron schedule of analyses; user_id null = every athlete. */
export interface AnalysisScheduleTable extends Timestamps {
  id: UuidPk;
  user_id: string | null;
  cron: string;
  /** IANA zone the cron is read in, fixed when the schedule is added, so every worker agrees. */
  timezone: string;
  config_name: string | null;
  /** The last cron tick jobs were enqueued for (set by whichever worker fired it first). */
  last_fired_at: NullableTimestamp;
}
export type AnalysisScheduleRow = Selectable<AnalysisScheduleTable>;

/** `analysis_job` (migration 0008): one queued analysis by its idempotency key; id = the pg-boss job id. */
export interface AnalysisJobTable extends Timestamps {
  id: UuidPk;
  job_key: string;
  user_id: string | null;
  email: string;
  schedule_id: string | null;
  config_name: string | null;
  run_date: DateString;
  analysis_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
}
export type AnalysisJobRow = Selectable<AnalysisJobTable>;

/** `provider_rate_bucket` (migration 0008): a token bucket per model provider, shared by workers. */
export interface ProviderRateBucketTable extends Timestamps {
  id: UuidPk;
  provider: string;
  requests: number;
  tokens: number;
  refilled_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
