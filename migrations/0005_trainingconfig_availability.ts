import { type Kysely, sql } from 'kysely';

/**
 * `trainingconfig_availability`: when the athlete can train, one row per training config
 * (a table of its own: the seed's `trainingconfig` columns stay exactly as they are).
 * Minutes per weekday (NULL: no limit, 0: no training that day), fixed rest days as a
 * comma-separated list of mon..sun, whether two sessions a day are allowed, and the day of
 * the long session. Read by the weekly planner (src/plan/availability.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const minutes = (day: string) => sql.raw(`${day}_min integer CHECK (${day}_min BETWEEN 0 AND 1440)`);
  await sql`CREATE TABLE trainingconfig_availability (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    training_config_id uuid NOT NULL,
    ${minutes('mon')}, ${minutes('tue')}, ${minutes('wed')}, ${minutes('thu')}, ${minutes('fri')}, ${minutes('sat')}, ${minutes('sun')},
    rest_days varchar NOT NULL DEFAULT '' CHECK (rest_days ~ '^((mon|tue|wed|thu|fri|sat|sun)(,(mon|tue|wed|thu|fri|sat|sun))*)?$'),
    two_a_day boolean NOT NULL DEFAULT false,
    long_day varchar CHECK (long_day IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trainingconfig_availability_pkey PRIMARY KEY (id),
    CONSTRAINT trainingconfig_availability_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE CASCADE
  )`.execute(db);
  // One row per config; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_trainingconfig_availability_training_config_id ON trainingconfig_availability (training_config_id)`.execute(db);
  await sql`CREATE TRIGGER trainingconfig_availability_set_updated_at BEFORE UPDATE ON trainingconfig_availability
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS trainingconfig_availability`.execute(db);
}
