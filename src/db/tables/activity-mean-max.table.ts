import type { Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

export const MEAN_MAX_KINDS = ['power', 'speed', 'hr'] as const;
export type MeanMaxKind = (typeof MEAN_MAX_KINDS)[number];

/** `activity_mean_max`: one activity's mean-maximal curve of one kind (migration 0009). */
export interface ActivityMeanMaxTable extends Timestamps {
  id: UuidPk;
  activity_id: string;
  /** Sport family: running, cycling, swimming, other. */
  sport: string;
  kind: MeanMaxKind;
  /** Durations, seconds, ascending; `value[i]` is the best over `duration_s[i]`. */
  duration_s: number[];
  /** W (power), m/s (speed), bpm (hr). */
  value: number[];
}
export type ActivityMeanMaxRow = Selectable<ActivityMeanMaxTable>;
