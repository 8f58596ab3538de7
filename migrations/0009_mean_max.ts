import { type Kysely, sql } from 'kysely';

/**
 * `activity_mean_max`: each activity's mean-maximal curves, computed at import from the 1 Hz
 * records (src/garmin/mean-max.ts): for each duration, the best average power (W, cycling),
 * speed (m/s, running and swimming) or heart rate (bpm) the activity held that long. One row
 * per activity and kind, the curve as two parallel arrays (durations, values), so the curve
 * of any period is one grouped query over `unnest` (src/db/mean-max.repository.ts) and never
 * a re-decode. `sport` is the activity's sport family (running, cycling, swimming, other),
 * stored so curves group without re-classifying. Rows go with their activity (CASCADE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE activity_mean_max (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    activity_id uuid NOT NULL,
    sport varchar NOT NULL,
    kind varchar NOT NULL CHECK (kind IN ('power', 'speed', 'hr')),
    duration_s integer[] NOT NULL,
    value double precision[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activity_mean_max_pkey PRIMARY KEY (id),
    CONSTRAINT activity_mean_max_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES activity (id) ON DELETE CASCADE,
    CONSTRAINT ck_activity_mean_max_same_length CHECK (cardinality(duration_s) = cardinality(value))
  )`.execute(db);
  // One curve per activity and kind; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_activity_mean_max_activity_kind ON activity_mean_max (activity_id, kind)`.execute(db);
  await sql`CREATE TRIGGER activity_mean_max_set_updated_at BEFORE UPDATE ON activity_mean_max
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS activity_mean_max`.execute(db);
}
