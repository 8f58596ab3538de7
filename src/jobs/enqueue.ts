import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertAnalysisJob } from '../db/analysis-jobs.repository.js';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import { jobSettings } from './job-settings.js';
import { ANALYSIS_QUEUE, type AnalysisJobData, jobIdOf, type Queue, queueExecutor } from './queue.js';

/** What `enqueueAnalysis` takes: the job's data, whose `key` is its idempotency key. */
export type EnqueueRequest = AnalysisJobData;

/**
 * Enqueues one analysis job: its `analysis_job` row and the pg-boss job in one transaction,
 * both keyed by the idempotency key. Returns the job id and whether it is new.
 */
export async function enqueueAnalysis(
  handle: Pick<DatabaseHandle, 'db' | 'dialect'>,
  queue: Queue,
  request: EnqueueRequest,
  db: Kysely<Database> = handle.db,
): Promise<{ jobId: string; created: boolean }> {
  const settings = jobSettings();
  const id = jobIdOf(request.key);
  const created = await inTransaction(db, async (trx) => {
    const fresh = await insertAnalysisJob(trx, { id, jobKey: request.key, ...request });
    if (!fresh) return false;
    const data: AnalysisJobData = { ...request };
    await queue.send(ANALYSIS_QUEUE, data as unknown as object, {
      id,
      retryLimit: settings.attempts - 1,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: settings.retryDelaySeconds > 0,
      expireInSeconds: settings.timeoutSeconds,
      // The job row goes in with the analysis_job row or not at all.
      db: queueExecutor(trx, handle.dialect),
    } as never);
    return true;
  });
  return { jobId: id, created };
}

/** A one-off job (`coach analyze --enqueue`): a fresh key each time. */
export function oneOffKey(): string {
  return `once:${randomUUID()}`;
}

export function scheduledKey(scheduleId: string, userId: string, runDate: string): string {
  return `schedule:${scheduleId}:${userId}:${runDate}`;
}
