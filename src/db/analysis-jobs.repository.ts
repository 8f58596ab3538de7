import { sql } from 'kysely';
import type { AnalysisJobRow } from './tables/analysis-job.table.js';
import { type Db, isUuid } from './in-transaction.js';

/**
 * `analysis_job` (one row per idempotency key) joined with pg-boss's job row, which holds the
 * queue state. pg-boss moves finished jobs to its archive table after a while and deletes
 * them later; the state then comes from the archive, or from the analysis itself.
 */
export async function insertAnalysisJob(
  db: Db,
  job: { id: string; jobKey: string; userId: string; email: string; scheduleId: string | null; configName: string | null; runDate: string },
): Promise<boolean> {
  const rows = await db
    .insertInto('analysis_job')
    .values({
      id: job.id, job_key: job.jobKey, user_id: job.userId, email: job.email,
      schedule_id: job.scheduleId, config_name: job.configName, run_date: job.runDate,
    })
    .onConflict((oc) => oc.column('job_key').doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** A job's row as an attempt starts, with what the attempt must know before it runs. */
export interface JobAttemptStart extends AnalysisJobRow {
  /** The athlete still exists. */
  user_exists: boolean;
  /** The status of the analysis an earlier attempt created (analysis_id), if it is still there. */
  analysis_status: string | null;
}

/**
 * Counts an attempt as it starts and reads, in the same round trip, the job's row, whether
 * its athlete still exists and how far the analysis of an earlier attempt got (a worker runs
 * many jobs: each statement saved is one server round trip per job).
 */
export async function startJobAttempt(db: Db, id: string): Promise<JobAttemptStart | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await sql<JobAttemptStart>`
    update analysis_job aj set attempts = aj.attempts + 1 where aj.id = ${id}
    returning aj.*,
      exists (select 1 from "user" u where u.id = aj.user_id) as user_exists,
      (select a.status from analysis a where a.id = aj.analysis_id and a.user_id = aj.user_id) as analysis_status`.execute(db);
  return rows[0];
}

/** Links the analysis a job created, so its retries resume that analysis. */
export async function setJobAnalysis(db: Db, id: string, analysisId: string): Promise<void> {
  await db.updateTable('analysis_job').set({ analysis_id: analysisId }).where('id', '=', id).execute();
}

export async function setJobError(db: Db, id: string, message: string | null): Promise<void> {
  await db.updateTable('analysis_job').set({ last_error: message }).where('id', '=', id).execute();
}

/** Queue states as pg-boss names them; `failed` and `cancelled` are what coach calls dead. */
export type QueueState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobListRow extends AnalysisJobRow {
  state: QueueState | null;
  retry_limit: number | null;
  queued_at: Date | null;
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date | null;
  output: unknown;
  analysis_status: string | null;
  analysis_error: string | null;
}

function jobsQuery(db: Db, queue: string) {
  return sql<JobListRow>`
    select aj.*,
      coalesce(j.state, ar.state)::text as state,
      coalesce(j.retry_limit, ar.retry_limit) as retry_limit,
      coalesce(j.created_on, ar.created_on) as queued_at,
      coalesce(j.started_on, ar.started_on) as started_on,
      coalesce(j.completed_on, ar.completed_on) as completed_on,
      coalesce(j.start_after, ar.start_after) as start_after,
      coalesce(j.output, ar.output) as output,
      a.status as analysis_status,
      a.error_message as analysis_error
    from analysis_job aj
    left join pgboss.job j on j.name = ${queue} and j.id = aj.id
    left join pgboss.archive ar on j.id is null and ar.name = ${queue} and ar.id = aj.id
    left join analysis a on a.id = aj.analysis_id`;
}

export interface JobFilter {
  /** Only these queue states. */
  states?: QueueState[];
  limit?: number;
}

export async function listJobs(db: Db, queue: string, filter: JobFilter = {}): Promise<JobListRow[]> {
  const states = filter.states?.length ? sql`where coalesce(j.state, ar.state)::text in (${sql.join(filter.states)})` : sql``;
  const result = await sql<JobListRow>`${jobsQuery(db, queue)} ${states}
    order by aj.created_at desc, aj.id limit ${filter.limit ?? 100}`.execute(db);
  return result.rows;
}

/** One job by its id or a unique prefix of it (list shows 8 characters). */
export async function findJob(db: Db, queue: string, id: string): Promise<JobListRow[]> {
  const prefix = id.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) return [];
  const result = await sql<JobListRow>`${jobsQuery(db, queue)} where aj.id::text like ${`${prefix}%`} limit 2`.execute(db);
  return result.rows;
}

/** Per-state counts of coach's queue, for the worker's start line and `jobs list`. */
export async function countJobStates(db: Db, queue: string): Promise<Record<string, number>> {
  const result = await sql<{ state: string; n: number }>`
    select state::text as state, count(*)::int as n from pgboss.job where name = ${queue} group by state`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.state, Number(r.n)]));
}
