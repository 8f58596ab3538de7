import type { GarminWorkoutPushRow } from './tables/garmin-workout-push.table.js';
import { type Db, isUuid } from './in-transaction.js';

/**
 * `garmin_workout_push`: the Connect workouts `coach garmin push` created, one per (user,
 * plan session). Every function is scoped by the owner's id. Each write records one call to
 * Connect that succeeded, so the rows always match what is on Connect.
 */
export async function listWorkoutPushes(db: Db, userId: string): Promise<GarminWorkoutPushRow[]> {
  if (!isUuid(userId)) return [];
  return db.selectFrom('garmin_workout_push').selectAll().where('user_id', '=', userId).orderBy('scheduled_date').orderBy('session_id').execute();
}

/** Records a workout Connect just created (not yet scheduled). */
export async function recordPushedWorkout(db: Db, userId: string, sessionId: string, workoutId: string): Promise<void> {
  await db
    .insertInto('garmin_workout_push')
    .values({ user_id: userId, session_id: sessionId, workout_id: workoutId, schedule_id: null, scheduled_date: null })
    .onConflict((oc) => oc.columns(['user_id', 'session_id']).doUpdateSet({ workout_id: workoutId, schedule_id: null, scheduled_date: null }))
    .execute();
}

/** Records the calendar entry of a pushed workout (null, null: taken off the calendar). */
export async function recordPushSchedule(db: Db, userId: string, sessionId: string, scheduleId: string | null, date: string | null): Promise<void> {
  await db
    .updateTable('garmin_workout_push')
    .set({ schedule_id: scheduleId, scheduled_date: date })
    .where('user_id', '=', userId)
    .where('session_id', '=', sessionId)
    .execute();
}

export async function deleteWorkoutPush(db: Db, userId: string, sessionId: string): Promise<void> {
  await db.deleteFrom('garmin_workout_push').where('user_id', '=', userId).where('session_id', '=', sessionId).execute();
}
