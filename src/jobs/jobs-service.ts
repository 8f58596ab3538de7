import type { Kysely } from 'kysely';
import { findJob, type JobListRow, listJobs, type QueueState } from '../db/analysis-jobs.repository.js';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { shownValue } from '../validation/index.js';
import { ANALYSIS_QUEUE, openQueue } from './queue.js';

/** coach's names for pg-boss's job states. */
export type JobStatus = 'queued' | 'active' | 'completed' | 'dead' | 'unknown';

export const STATUS_FILTERS: Record<string, QueueState[] | undefined> = {
  all: undefined,
  queued: ['created', 'retry'],
  active: ['active'],
  completed: ['completed'],
  dead: ['failed', 'cancelled'],
};

export function statusOf(row: Pick<JobListRow, 'state' | 'analysis_status'>): JobStatus {
  switch (row.state) {
    case 'created':
    case 'retry':
      return 'queued';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
    case 'cancelled':
      return 'dead';
    default:
      // pg-boss deleted its row after the retention period: the analysis tells.
      return row.analysis_status === 'completed' ? 'completed' : 'unknown';
  }
}

export interface JobView {
  id: string;
  key: string;
  athlete: string;
  runDate: string;
  configName: string | null;
  scheduleId: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number | null;
  analysisId: string | null;
  analysisStatus: string | null;
  error: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  nextAttemptAt: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function jobView(row: JobListRow): JobView {
  const status = statusOf(row);
  const output = row.output as { message?: string } | null;
  return {
    id: row.id,
    key: row.job_key,
    athlete: row.email,
    runDate: row.run_date,
    configName: row.config_name,
    scheduleId: row.schedule_id,
    status,
    attempts: row.attempts,
    maxAttempts: row.retry_limit === null ? null : row.retry_limit + 1,
    analysisId: row.analysis_id,
    analysisStatus: row.analysis_status,
    error: status === 'completed' ? null : row.last_error ?? output?.message ?? row.analysis_error ?? null,
    queuedAt: iso(row.queued_at),
    startedAt: iso(row.started_on),
    finishedAt: iso(row.completed_on),
    nextAttemptAt: status === 'queued' ? iso(row.start_after) : null,
  };
}

export async function jobsList(db: Kysely<Database>, filter: { status?: string; limit?: number }): Promise<JobView[]> {
  const name = filter.status ?? 'all';
  if (!(name in STATUS_FILTERS)) throw new UserError(`--status must be one of ${Object.keys(STATUS_FILTERS).join(', ')} (got "${shownValue(name, 20)}")`);
  const rows = await listJobs(db, ANALYSIS_QUEUE, { states: STATUS_FILTERS[name], limit: filter.limit });
  return rows.map(jobView);
}

export async function jobShow(db: Kysely<Database>, id: string): Promise<JobView> {
  const rows = await findJob(db, ANALYSIS_QUEUE, id);
  if (rows.length === 0) throw new UserError(`no job ${shownValue(id, 40)} (see \`coach jobs list\`)`);
  if (rows.length > 1) throw new UserError(`${shownValue(id, 40)} matches several jobs: give more of the id`);
  return jobView(rows[0]);
}

/** `coach jobs retry`: a dead job goes back to the queue with one more attempt. */
export async function jobRetry(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, id: string): Promise<JobView> {
  const job = await jobShow(handle.db, id);
  if (job.status !== 'dead') throw new UserError(`job ${job.id} is ${job.status}, not dead: only dead jobs can be retried`);
  const queue = await openQueue(handle);
  try {
    const rows = await findJob(handle.db, ANALYSIS_QUEUE, job.id);
    // failed -> retry (pg-boss raises its retry limit by one); cancelled (never retried) -> created.
    const result = (rows[0].state === 'failed' ? await queue.retry(ANALYSIS_QUEUE, job.id) : await queue.resume(ANALYSIS_QUEUE, job.id)) as unknown as { affected: number };
    if (result.affected === 0) throw new UserError(`job ${job.id} is archived and can no longer be retried: enqueue a new one with \`coach analyze --enqueue\``);
  } finally {
    await queue.stop({ graceful: false, close: false });
  }
  return jobShow(handle.db, job.id);
}
