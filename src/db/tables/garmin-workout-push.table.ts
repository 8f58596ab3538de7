import type { Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

/** `garmin_workout_push` (migration 0006): a workout `coach garmin push` created in Garmin Connect. */
export interface GarminWorkoutPushTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  /** The plan session's id (PlannedSession.id). */
  session_id: string;
  /** Connect's workoutId. */
  workout_id: string;
  /** Connect's scheduled-workout id; null until the workout is on the calendar. */
  schedule_id: string | null;
  /** The date it is scheduled on, 'YYYY-MM-DD'. */
  scheduled_date: string | null;
}
export type GarminWorkoutPushRow = Selectable<GarminWorkoutPushTable>;
