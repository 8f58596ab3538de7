import { type Kysely, sql } from 'kysely';

/**
 * Storage for LangGraph checkpoints of `coach analyze` (src/workflow/checkpointer.ts), so a
 * paused or crashed analysis resumes where it stopped. In their own schema `coach_workflow`:
 * they are coach's internal run state, not part of the seed's public tables that a web app
 * sharing the database reads. The thread is the analysis id; the
 * rows go with their analysis (ON DELETE CASCADE). Values are the serializer's bytes (bytea),
 * identical on PGlite and a server.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS coach_workflow`.execute(db);
  await sql`CREATE TABLE coach_workflow.checkpoint (
    thread_id uuid NOT NULL,
    checkpoint_ns text NOT NULL DEFAULT '',
    checkpoint_id text NOT NULL,
    parent_checkpoint_id text,
    type text NOT NULL,
    checkpoint bytea NOT NULL,
    metadata bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_checkpoint_pkey PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id),
    CONSTRAINT workflow_checkpoint_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES analysis (id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE TABLE coach_workflow.checkpoint_write (
    thread_id uuid NOT NULL,
    checkpoint_ns text NOT NULL DEFAULT '',
    checkpoint_id text NOT NULL,
    task_id text NOT NULL,
    idx integer NOT NULL,
    channel text NOT NULL,
    type text NOT NULL,
    value bytea NOT NULL,
    task_path text NOT NULL DEFAULT '',
    CONSTRAINT workflow_checkpoint_write_pkey PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx),
    CONSTRAINT workflow_checkpoint_write_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES analysis (id) ON DELETE CASCADE
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS coach_workflow CASCADE`.execute(db);
}
