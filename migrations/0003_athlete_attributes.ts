import { type Kysely, sql } from 'kysely';

/**
 * `athlete_attributes`: physiological facts about the athlete that the seed's `user` table
 * has no column for, one row per user. Today: sex, which Banister TRIMP needs for its
 * sex-specific constants (src/analytics/session-load.ts). A table of its own rather than a
 * new `user` column, because a web app shares the seed tables exactly.
 * `sex_source` says who said so: the athlete (`coach init --sex`, the config file) wins over
 * what a Garmin export or sync reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE athlete_attributes (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    sex varchar CHECK (sex IN ('female', 'male')),
    sex_source varchar CHECK (sex_source IN ('athlete', 'garmin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT athlete_attributes_pkey PRIMARY KEY (id),
    CONSTRAINT athlete_attributes_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE,
    CONSTRAINT ck_athlete_attributes_sex_has_source CHECK ((sex IS NULL) = (sex_source IS NULL))
  )`.execute(db);
  // One row per athlete; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_athlete_attributes_user_id ON athlete_attributes (user_id)`.execute(db);
  await sql`CREATE TRIGGER athlete_attributes_set_updated_at BEFORE UPDATE ON athlete_attributes
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS athlete_attributes`.execute(db);
}
