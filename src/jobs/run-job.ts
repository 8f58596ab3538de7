import type { Kysely } from 'kysely';
import { setJobAnalysis, setJobError, startJobAttempt } from '../db/analysis-jobs.repository.js';
import type { Database } from '../db/database.js';
import { BusyError, isUserError } from '../errors.js';
import { redact } from '../security/secrets.js';
import type { RunAnalysisOptions } from '../workflow/run-analysis.js';
import type { AnalysisJobData } from './queue.js';

/** A job that can never succeed (its athlete or config is gone): dead at once, not retried. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface JobRunResult {
  analysisId: string;
  /** completed: ran (or resumed) to the end now; already: an earlier attempt had finished it. */
  outcome: 'completed' | 'already';
  resumed: boolean;
}

export interface RunJobOptions {
  db: Kysely<Database>;
  dialect: 'pglite' | 'postgres';
  jobId: string;
  data: AnalysisJobData;
  signal?: AbortSignal;
  /** runAnalysis, loaded once by the worker. */
  runAnalysis: typeof import('../workflow/run-analysis.js').runAnalysis;
  /** Passed through to runAnalysis (tests: scripted models; the worker: provider, rate limits). */
  analysis?: Partial<Pick<RunAnalysisOptions, 'models' | 'provider' | 'writeFiles' | 'retry' | 'beforeModelCall'>>;
}

/**
 * Runs one analysis job, exactly once in effect. The job's `analysis_job` row remembers the
 * analysis its first attempt created: a later attempt (after a crash, a kill -9, an error)
 * resumes that analysis from its LangGraph checkpoint, so finished nodes are not run again,
 * and an attempt that finds it completed only reports it. runAnalysis's per-athlete lock
 * still refuses a second concurrent run (BusyError, retried later).
 */
export async function runAnalysisJob(options: RunJobOptions): Promise<JobRunResult> {
  try {
    return await runJob(options);
  } catch (error) {
    const message = redact((error as Error).message ?? String(error)).slice(0, 2000);
    await setJobError(options.db, options.jobId, message).catch(() => {});
    throw error;
  }
}

async function runJob(options: RunJobOptions): Promise<JobRunResult> {
  const { db, jobId, data } = options;
  const record = await startJobAttempt(db, jobId);
  if (!record) throw new PermanentJobError(`job ${jobId} has no analysis_job row`);
  if (!record.user_id || !record.user_exists) {
    throw new PermanentJobError(`athlete ${record.email} was deleted`);
  }
  const userId = record.user_id;
  let resumeId: string | undefined;
  if (record.analysis_id && record.analysis_status) {
    if (record.analysis_status === 'completed') return { analysisId: record.analysis_id, outcome: 'already', resumed: false };
    resumeId = record.analysis_id;
  }
  let analysisId = resumeId;
  try {
    const outcome = await options.runAnalysis({
      db,
      dialect: options.dialect,
      userId,
      configName: data.configName ?? undefined,
      resumeId,
      // Nobody at a worker's keyboard: questions are recorded in the report, not asked.
      interactive: false,
      hitl: false,
      today: data.runDate,
      signal: options.signal,
      onCreated: async (id) => {
        analysisId = id;
        await setJobAnalysis(db, jobId, id);
      },
      ...options.analysis,
    });
    // The error an earlier attempt left is cleared (a first attempt has none to clear).
    if (record.last_error !== null) await setJobError(db, jobId, null);
    return { analysisId: outcome.analysisId, outcome: 'completed', resumed: Boolean(resumeId) };
  } catch (error) {
    // Refused before an analysis existed (no such config): retrying cannot help.
    if (!analysisId && isUserError(error) && !(error instanceof BusyError)) throw new PermanentJobError(error.message);
    throw error;
  }
}
