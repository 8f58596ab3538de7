import type { Insertable, Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

/** `trainingconfig_availability`: when the athlete can train, one row per config (migration 0005). */
export interface TrainingConfigAvailabilityTable extends Timestamps {
  id: UuidPk;
  training_config_id: string;
  mon_min: number | null;
  tue_min: number | null;
  wed_min: number | null;
  thu_min: number | null;
  fri_min: number | null;
  sat_min: number | null;
  sun_min: number | null;
  /** Comma-separated weekdays (mon..sun); '' for none. */
  rest_days: string;
  two_a_day: boolean;
  long_day: string | null;
}
export type TrainingConfigAvailabilityRow = Selectable<TrainingConfigAvailabilityTable>;
export type NewTrainingConfigAvailability = Insertable<TrainingConfigAvailabilityTable>;
