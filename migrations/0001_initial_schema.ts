import { type Kysely, sql } from 'kysely';

/**
 * The seed schema (shared/seed-schema.md) exactly: seven tables, their columns, the seven
 * foreign keys with the seed's constraint names, UUID keys and timestamptz timestamps; plus
 * the recommended `training_zones` table and the ingest tables `activity` and `daily_metric`.
 *
 * Written as plain SQL so the constraint and index names are the ones a web app sharing the
 * database expects. Delete behaviour: everything belonging to a user goes with the user;
 * races and zones go with their config; results and files go with their analysis; a config
 * that still has analyses cannot be deleted on its own (NO ACTION), so history is not lost
 * by accident.
 */
const TABLES_WITH_TIMESTAMPS = [
  'user',
  'garminaccount',
  'trainingconfig',
  'competition',
  'analysis',
  'analysisresult',
  'analysisfile',
  'training_zones',
  'activity',
  'daily_metric',
];

const timestamps = `
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

const statements: string[] = [
  // Keeps updated_at honest for every writer, including the web app.
  `CREATE OR REPLACE FUNCTION coach_set_updated_at() RETURNS trigger
   LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
       NEW.updated_at := now();
     END IF;
     RETURN NEW;
   END;
   $$`,

  `CREATE TABLE "user" (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email varchar NOT NULL,
    full_name varchar,
    hashed_password varchar NOT NULL,
    is_active boolean NOT NULL DEFAULT false,
    is_verified boolean NOT NULL DEFAULT false,
    athlete_context text,
    planning_context text,${timestamps}
  )`,
  `CREATE UNIQUE INDEX ix_user_email ON "user" (email)`,

  `CREATE TABLE garminaccount (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    email varchar NOT NULL,
    encrypted_password varchar NOT NULL,
    is_connected boolean NOT NULL DEFAULT false,
    last_sync timestamptz,
    sync_error text,
    activities_days varchar,
    metrics_days varchar,${timestamps},
    CONSTRAINT garminaccount_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`,
  // 1:1 with user; the unique index also serves the foreign key.
  `CREATE UNIQUE INDEX ix_garminaccount_user_id ON garminaccount (user_id)`,

  `CREATE TABLE trainingconfig (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    name varchar NOT NULL,
    is_active boolean NOT NULL DEFAULT false,
    analysis_context text,
    planning_context text,
    activities_days integer NOT NULL DEFAULT 21 CONSTRAINT trainingconfig_activities_days_check CHECK (activities_days > 0),
    metrics_days integer NOT NULL DEFAULT 56 CONSTRAINT trainingconfig_metrics_days_check CHECK (metrics_days > 0),
    ai_mode varchar NOT NULL DEFAULT 'standard'
      CONSTRAINT trainingconfig_ai_mode_check CHECK (ai_mode IN ('development', 'standard', 'cost_effective')),
    enable_plotting boolean NOT NULL DEFAULT true,
    hitl_enabled boolean NOT NULL DEFAULT true,
    skip_synthesis boolean NOT NULL DEFAULT false,
    output_directory varchar,${timestamps},
    CONSTRAINT trainingconfig_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_trainingconfig_user_id ON trainingconfig (user_id)`,
  // Exactly one active config per user, enforced by the database.
  `CREATE UNIQUE INDEX ux_trainingconfig_one_active_per_user ON trainingconfig (user_id) WHERE is_active`,
  `CREATE UNIQUE INDEX ux_trainingconfig_user_name ON trainingconfig (user_id, name)`,

  `CREATE TABLE competition (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    training_config_id uuid NOT NULL,
    name varchar NOT NULL,
    date varchar NOT NULL,
    race_type varchar,
    priority varchar NOT NULL DEFAULT 'B' CONSTRAINT competition_priority_check CHECK (priority IN ('A', 'B', 'C')),
    target_time varchar,
    bikereg_id integer,
    runreg_url varchar,${timestamps},
    CONSTRAINT competition_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_competition_training_config_id ON competition (training_config_id)`,

  `CREATE TABLE analysis (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    training_config_id uuid NOT NULL,
    status varchar NOT NULL DEFAULT 'pending'
      CONSTRAINT analysis_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    analysis_type varchar,
    workflow_id varchar,
    current_node varchar,
    progress_percentage integer NOT NULL DEFAULT 0
      CONSTRAINT analysis_progress_percentage_check CHECK (progress_percentage BETWEEN 0 AND 100),
    summary text,
    recommendations text,
    weekly_plan jsonb,
    start_date timestamptz,
    end_date timestamptz,
    data_summary jsonb,
    total_tokens integer NOT NULL DEFAULT 0,
    estimated_cost varchar,
    error_message text,
    retry_count integer NOT NULL DEFAULT 0,${timestamps},
    CONSTRAINT analysis_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE,
    CONSTRAINT analysis_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE NO ACTION
  )`,
  `CREATE INDEX ix_analysis_user_id ON analysis (user_id)`,
  `CREATE INDEX ix_analysis_training_config_id ON analysis (training_config_id)`,
  // Dashboard: a user's analyses newest first; a config's history newest first.
  `CREATE INDEX ix_analysis_user_id_created_at ON analysis (user_id, created_at DESC)`,
  `CREATE INDEX ix_analysis_training_config_id_created_at ON analysis (training_config_id, created_at DESC)`,

  `CREATE TABLE analysisresult (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    analysis_id uuid NOT NULL,
    node_name varchar NOT NULL,
    result_type varchar NOT NULL
      CONSTRAINT analysisresult_result_type_check CHECK (result_type IN ('summary', 'plan', 'plot', 'recommendation')),
    title varchar,
    content text,
    data jsonb,
    file_path varchar,
    tokens_used integer NOT NULL DEFAULT 0,
    processing_time integer,${timestamps},
    CONSTRAINT analysisresult_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES analysis (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_analysisresult_analysis_id ON analysisresult (analysis_id)`,

  `CREATE TABLE analysisfile (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    analysis_id uuid NOT NULL,
    filename varchar NOT NULL,
    file_type varchar NOT NULL
      CONSTRAINT analysisfile_file_type_check CHECK (file_type IN ('plot', 'report', 'data')),
    mime_type varchar,
    file_size integer,
    file_path varchar,
    is_public boolean NOT NULL DEFAULT false,
    download_count integer NOT NULL DEFAULT 0,${timestamps},
    CONSTRAINT analysisfile_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES analysis (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_analysisfile_analysis_id ON analysisfile (analysis_id)`,

  // The seed's recommended extension, verbatim apart from NOT NULL on the config and a
  // discipline check.
  `CREATE TABLE training_zones (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    training_config_id uuid NOT NULL,
    discipline varchar(20) NOT NULL
      CONSTRAINT training_zones_discipline_check CHECK (discipline IN ('Running', 'Cycling', 'Swimming')),
    metric_description text NOT NULL,
    zone_value varchar(50) NOT NULL,${timestamps},
    CONSTRAINT training_zones_training_config_id_fkey FOREIGN KEY (training_config_id) REFERENCES trainingconfig (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX idx_training_zones_config_id ON training_zones (training_config_id)`,
  `CREATE INDEX idx_training_zones_discipline ON training_zones (discipline)`,

  `CREATE TABLE activity (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    source varchar NOT NULL CONSTRAINT activity_source_check CHECK (source IN ('fit', 'export', 'connect')),
    source_id varchar NOT NULL,
    content_hash varchar,
    name varchar,
    sport varchar NOT NULL,
    sub_sport varchar,
    start_time timestamptz NOT NULL,
    elapsed_time_s double precision,
    moving_time_s double precision,
    distance_m double precision,
    ascent_m double precision,
    descent_m double precision,
    avg_hr double precision,
    max_hr double precision,
    avg_power double precision,
    max_power double precision,
    normalized_power double precision,
    avg_speed_mps double precision,
    max_speed_mps double precision,
    avg_cadence double precision,
    calories double precision,
    aerobic_training_effect double precision,
    anaerobic_training_effect double precision,
    garmin_training_load double precision,
    hr_time_in_zones jsonb,
    power_time_in_zones jsonb,
    laps jsonb,
    best_efforts jsonb,
    load_inputs jsonb,
    raw_summary jsonb,${timestamps},
    CONSTRAINT activity_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`,
  `CREATE UNIQUE INDEX ux_activity_user_source_id ON activity (user_id, source_id)`,
  `CREATE INDEX ix_activity_user_id_start_time ON activity (user_id, start_time)`,

  `CREATE TABLE daily_metric (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    date date NOT NULL,
    resting_hr double precision,
    hrv_nightly_avg double precision,
    hrv_status varchar,
    sleep_duration_s double precision,
    sleep_score double precision,
    sleep_stages jsonb,
    stress_avg double precision,
    body_battery_high double precision,
    body_battery_low double precision,
    steps integer,
    vo2max double precision,
    training_readiness double precision,
    weight_kg double precision,
    raw jsonb,${timestamps},
    CONSTRAINT daily_metric_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`,
  `CREATE UNIQUE INDEX ux_daily_metric_user_date ON daily_metric (user_id, date)`,

  ...TABLES_WITH_TIMESTAMPS.map(
    (table) =>
      `CREATE TRIGGER ${table}_set_updated_at BEFORE UPDATE ON "${table}"
       FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement at a time: PGlite's extended protocol takes no multi-statement strings.
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TABLES_WITH_TIMESTAMPS].reverse()) {
    await sql.raw(`DROP TABLE IF EXISTS "${table}" CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS coach_set_updated_at()').execute(db);
}
