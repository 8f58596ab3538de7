import { createRequire } from 'node:module';
import { type Kysely, sql } from 'kysely';
import { statementsOf } from '../src/db/sql-script.js';

/**
 * The job queue for scheduled and queued analyses (src/jobs/):
 * - pg-boss's own schema `pgboss` (its tables, partitions and functions), created from the
 *   construction plan of the pinned pg-boss version (10.4.2, pg-boss schema 24) and the one
 *   queue coach uses. Created here, not by pg-boss at start-up, because only migrations change
 *   the schema; workers start pg-boss with `migrate: false`. Upgrading pg-boss means a new
 *   migration with `PgBoss.getMigrationPlans`.
 * - `analysis_schedule`: cron schedules (`coach schedule add`), for one athlete or all.
 * - `analysis_job`: one row per job key (schedule + athlete + day, or a one-off), which
 *   analysis it produced, so a retried job resumes that analysis instead of starting another.
 * - `provider_rate_bucket`: token buckets per model provider, shared by every worker.
 */
export const PGBOSS_SCHEMA = 'pgboss';
export const ANALYSIS_QUEUE = 'coach-analysis';

export async function up(db: Kysely<unknown>): Promise<void> {
  const PgBoss = createRequire(import.meta.url)('pg-boss') as { getConstructionPlans(schema: string): string };
  // The migrator already holds a transaction: pg-boss's own BEGIN / COMMIT are left out.
  for (const statement of statementsOf(PgBoss.getConstructionPlans(PGBOSS_SCHEMA)).filter((s) => !/^(BEGIN|COMMIT)$/i.test(s))) {
    await sql.raw(statement).execute(db);
  }
  await sql`SELECT pgboss.create_queue(${ANALYSIS_QUEUE}, '{"policy":"standard"}'::json)`.execute(db);

  await sql`CREATE TABLE analysis_schedule (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid,
    cron varchar NOT NULL,
    timezone varchar NOT NULL,
    config_name varchar,
    last_fired_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT analysis_schedule_pkey PRIMARY KEY (id),
    CONSTRAINT analysis_schedule_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX ix_analysis_schedule_user_id ON analysis_schedule (user_id)`.execute(db);
  await sql`CREATE TRIGGER analysis_schedule_set_updated_at BEFORE UPDATE ON analysis_schedule
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);

  // id is the pg-boss job id, derived from job_key, so enqueueing the same key twice is a no-op
  // in both places. user_id is kept as SET NULL (with the email) so the job of a deleted
  // athlete still shows, dead, with the reason.
  await sql`CREATE TABLE analysis_job (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    job_key varchar NOT NULL,
    user_id uuid,
    email varchar NOT NULL,
    schedule_id uuid,
    config_name varchar,
    run_date date NOT NULL,
    analysis_id uuid,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT analysis_job_pkey PRIMARY KEY (id),
    CONSTRAINT analysis_job_job_key_key UNIQUE (job_key),
    CONSTRAINT analysis_job_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL,
    CONSTRAINT analysis_job_schedule_id_fkey FOREIGN KEY (schedule_id) REFERENCES analysis_schedule (id) ON DELETE SET NULL,
    CONSTRAINT analysis_job_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES analysis (id) ON DELETE SET NULL
  )`.execute(db);
  await sql`CREATE INDEX ix_analysis_job_user_id ON analysis_job (user_id)`.execute(db);
  await sql`CREATE INDEX ix_analysis_job_analysis_id ON analysis_job (analysis_id)`.execute(db);
  await sql`CREATE INDEX ix_analysis_job_schedule_id ON analysis_job (schedule_id)`.execute(db);
  await sql`CREATE TRIGGER analysis_job_set_updated_at BEFORE UPDATE ON analysis_job
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);

  await sql`CREATE TABLE provider_rate_bucket (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    provider varchar NOT NULL,
    requests double precision NOT NULL,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT provider_rate_bucket_pkey PRIMARY KEY (id),
    CONSTRAINT provider_rate_bucket_provider_key UNIQUE (provider)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS provider_rate_bucket`.execute(db);
  await sql`DROP TABLE IF EXISTS analysis_job`.execute(db);
  await sql`DROP TABLE IF EXISTS analysis_schedule`.execute(db);
  await sql.raw(`DROP SCHEMA IF EXISTS ${PGBOSS_SCHEMA} CASCADE`).execute(db);
}
