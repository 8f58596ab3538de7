import { type Kysely, sql } from 'kysely';

/**
 * `garmin_workout_push`: what `coach garmin push` created in Garmin Connect, one row per
 * (user, plan session id): the Connect workout id, and the scheduled-workout id and date once
 * it is on the calendar. A second push updates these workouts instead of creating new ones,
 * and removes those whose session left the plan. Rows are written after each call to
 * Connect succeeds, so a push cut off half-way leaves a record the next push continues from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE garmin_workout_push (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    session_id varchar NOT NULL,
    workout_id varchar NOT NULL,
    schedule_id varchar,
    scheduled_date date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT garmin_workout_push_pkey PRIMARY KEY (id),
    CONSTRAINT garmin_workout_push_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`.execute(db);
  // One workout per session; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_garmin_workout_push_user_session ON garmin_workout_push (user_id, session_id)`.execute(db);
  await sql`CREATE TRIGGER garmin_workout_push_set_updated_at BEFORE UPDATE ON garmin_workout_push
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS garmin_workout_push`.execute(db);
}
