import { type Kysely, sql } from 'kysely';

/**
 * `zone_change`: a record of zone values changed by coach rather than typed by the athlete
 * (today `coach zones suggest --apply`): which zone of which config, the value before and
 * after, when, the source ("zones suggest: eFTP (CP + W'/3600)") and the evidence in words.
 * Goes with its config (CASCADE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE zone_change (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    training_config_id uuid NOT NULL,
    discipline varchar NOT NULL,
    metric_description text NOT NULL,
    old_value varchar,
    new_value varchar NOT NULL,
    source varchar NOT NULL,
    evidence text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT zone_change_pkey PRIMARY KEY (id),
    CONSTRAINT zone_change_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX idx_zone_change_config_id ON zone_change (training_config_id, changed_at)`.execute(db);
  await sql`CREATE TRIGGER zone_change_set_updated_at BEFORE UPDATE ON zone_change
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS zone_change`.execute(db);
}
