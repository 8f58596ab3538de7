import { type Kysely, sql } from 'kysely';

/**
 * `model_call`: one row per attempt of a language-model request of an analysis, failed
 * attempts included, because a provider bills what it processed whether or not the run
 * finished. `analysis.total_tokens` and `analysis.estimated_cost` are the sums of these
 * rows (src/db/model-calls.repository.ts), so a failed or interrupted run still shows
 * what it cost. A table of its own because the seed's `analysisresult` is one row per node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE model_call (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    analysis_id uuid NOT NULL,
    node_name varchar NOT NULL,
    attempt integer NOT NULL CHECK (attempt >= 1),
    model varchar NOT NULL,
    outcome varchar NOT NULL CHECK (outcome IN ('ok', 'invalid_output', 'timeout', 'error')),
    input_tokens integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_tokens integer NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
    cost numeric(14, 6) NOT NULL DEFAULT 0,
    duration_ms integer NOT NULL DEFAULT 0,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_call_pkey PRIMARY KEY (id),
    CONSTRAINT model_call_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES analysis (id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX idx_model_call_analysis_id ON model_call (analysis_id)`.execute(db);
  await sql`CREATE TRIGGER model_call_set_updated_at BEFORE UPDATE ON model_call
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS model_call`.execute(db);
}
