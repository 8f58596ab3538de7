import type { Insertable, Selectable, Updateable } from 'kysely';
import type { NullableJsonb, Timestamp, Timestamps, UuidPk } from './common.js';

export const ACTIVITY_SOURCES = ['fit', 'export', 'connect'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/**
 * `activity`: one Garmin activity, summarised at import. Per-second samples stay out of
 * the database; what analytics need from them (normalized power, time in zones, best
 * efforts) is computed during import and stored here.
 */
export interface ActivityTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  source: ActivitySource;
  /** Unique per user: Garmin activity id, or a FIT file's serial:time_created. */
  source_id: string;
  /** Hash of the imported summary; an import with a different hash updates the row. */
  content_hash: string | null;
  name: string | null;
  sport: string;
  sub_sport: string | null;
  start_time: Timestamp;
  /** Seconds. */
  elapsed_time_s: number | null;
  moving_time_s: number | null;
  /** Metres. */
  distance_m: number | null;
  ascent_m: number | null;
  descent_m: number | null;
  avg_hr: number | null;
  max_hr: number | null;
  avg_power: number | null;
  max_power: number | null;
  normalized_power: number | null;
  /** Metres per second. */
  avg_speed_mps: number | null;
  max_speed_mps: number | null;
  avg_cadence: number | null;
  calories: number | null;
  aerobic_training_effect: number | null;
  anaerobic_training_effect: number | null;
  /** Garmin's own training load, when the source has it. */
  garmin_training_load: number | null;
  /** Seconds per zone: { zones: [{ name, min, max, seconds }], basis } */
  hr_time_in_zones: NullableJsonb<unknown>;
  power_time_in_zones: NullableJsonb<unknown>;
  /** Lap summaries. */
  laps: NullableJsonb<unknown>;
  /** Best efforts: power for 5 s..60 min, pace for 1 km..half marathon. */
  best_efforts: NullableJsonb<unknown>;
  /** Inputs to HR-based load (e.g. TRIMP-ready HR histogram), computed at import. */
  load_inputs: NullableJsonb<unknown>;
  /** The source's own summary, trimmed, for audit and re-derivation. */
  raw_summary: NullableJsonb<unknown>;
}
export type ActivityRow = Selectable<ActivityTable>;
export type NewActivityRow = Insertable<ActivityTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
