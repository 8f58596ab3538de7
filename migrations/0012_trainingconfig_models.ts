import { type Kysely, sql } from 'kysely';

/**
 * `trainingconfig_model`: the model chosen by hand for a role (experts, synthesis, planners)
 * or a single model node, per training config, from the config file's `models` section (a
 * table of its own: the seed's `trainingconfig` columns stay exactly as they are). Read when
 * an analysis starts (src/workflow/models.ts: --model and COACH_MODELS win over it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE trainingconfig_model (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    training_config_id uuid NOT NULL,
    role varchar(40) NOT NULL CHECK (role IN ('experts', 'synthesis', 'planners', 'expert_load', 'expert_sessions', 'expert_recovery', 'season_planner', 'weekly_planner')),
    model varchar(200) NOT NULL CHECK (model ~ '^[A-Za-z0-9_.:/@+-]{1,200}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trainingconfig_model_pkey PRIMARY KEY (id),
    CONSTRAINT trainingconfig_model_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE CASCADE
  )`.execute(db);
  // One model per role of a config; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_trainingconfig_model_config_role ON trainingconfig_model (training_config_id, role)`.execute(db);
  await sql`CREATE TRIGGER trainingconfig_model_set_updated_at BEFORE UPDATE ON trainingconfig_model
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS trainingconfig_model`.execute(db);
}
