import { migrationsUpToDate } from '../db/migration-check.js';
import type { DatabaseHandle } from '../db/connection.js';
import { UserError } from '../errors.js';
import { redact } from '../security/secrets.js';
import { jobSettings } from './job-settings.js';
import { ANALYSIS_QUEUE, type AnalysisJobData, openQueue, type Queue } from './queue.js';
import { PermanentJobError, runAnalysisJob, type RunJobOptions } from './run-job.js';
import { fireDueSchedules } from './schedules.js';

export const MAX_CONCURRENCY = 64;

/** One line of the worker's log: what happened to one job attempt. */
export interface JobEvent {
  event: 'job';
  jobId: string;
  key: string;
  email: string;
  runDate: string;
  /** completed | already (an earlier attempt had finished it) | retry | dead | interrupted (worker stopping; retried). */
  status: 'completed' | 'already' | 'retry' | 'dead' | 'interrupted';
  analysisId: string | null;
  attempt: number;
  resumed: boolean;
  /** From the moment the job could start (enqueue, or its retry time) to this worker taking it. */
  waitMs: number;
  /** The queue's own cost for this job in the worker: fetching it plus completing/failing it. */
  queueMs: number;
  /** The analysis itself. */
  runMs: number;
  error: string | null;
}

export interface WorkerOptions {
  handle: Pick<DatabaseHandle, 'db' | 'dialect'>;
  concurrency: number;
  /** Aborted: stop taking jobs; running ones get `graceMs` to finish. */
  signal: AbortSignal;
  /** After a stop request, how long running analyses may go on before they are interrupted (checkpoint kept, job retried). */
  graceMs?: number;
  /** How often an idle slot looks for a job. */
  pollMs?: number;
  /** How often due schedules are fired. */
  scheduleEveryMs?: number;
  /** Stop once the queue has nothing to do (tests, benches, `--until-idle`). */
  untilIdle?: boolean;
  log: (event: JobEvent) => void;
  /** Called once the worker is ready to take jobs (schema checked, queue open). */
  onReady?: () => void;
  /** Passed to runAnalysis (tests: scripted models). */
  analysis?: RunJobOptions['analysis'];
}

export function checkConcurrency(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new UserError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got ${String(value).slice(0, 20)})`);
  }
  return value;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

interface FetchedJob {
  id: string;
  data: AnalysisJobData;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startAfter: Date;
  startedOn: Date;
}

/**
 * The long-lived worker: `concurrency` slots, each taking one analysis job at a time from
 * pg-boss (fetch is `FOR UPDATE SKIP LOCKED`, so any number of workers on any number of
 * machines share the queue) and running it in this process with runAnalysis, loaded once.
 * One slot also fires due schedules. pg-boss's supervisor (on in every worker) makes the job
 * of a worker that died (kill -9, power cut) available again once its timeout passes.
 * Resolves when stopped, after every running job has finished or been interrupted.
 */
export async function runWorker(options: WorkerOptions): Promise<{ jobs: number }> {
  const { handle, log } = options;
  checkConcurrency(options.concurrency);
  if (!(await migrationsUpToDate(handle.db))) {
    throw new UserError('this database has no coach schema or an older one: run `coach db migrate` first (workers never migrate)');
  }
  const settings = jobSettings();
  const { rateLimitsFromEnv, sharedRateLimiter } = await import('./rate-limit.js');
  const limits = rateLimitsFromEnv();
  const { runAnalysis } = await import('../workflow/run-analysis.js');
  const queue = await openQueue(handle, {
    supervise: true,
    maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.floor(settings.timeoutSeconds / 2))),
  });
  options.onReady?.();
  const pollMs = options.pollMs ?? 1000;
  const scheduleEveryMs = options.scheduleEveryMs ?? 30_000;
  // Running analyses are aborted only when the grace period after a stop request runs out.
  const interrupt = new AbortController();
  const beforeModelCall = sharedRateLimiter(handle.db, limits, interrupt.signal);
  let graceTimer: NodeJS.Timeout | undefined;
  const onStop = () => {
    graceTimer = setTimeout(() => interrupt.abort(), options.graceMs ?? 30_000);
  };
  if (options.signal.aborted) onStop();
  else options.signal.addEventListener('abort', onStop, { once: true });

  let jobs = 0;
  let busy = 0;
  let lastScheduleRun = 0;
  const stopping = () => options.signal.aborted || idleStop;
  let idleStop = false;

  async function fireSchedules(): Promise<void> {
    lastScheduleRun = Date.now();
    try {
      await fireDueSchedules(handle, queue);
    } catch {
      // A failed firing is retried on the next round; the tick stays unclaimed.
      lastScheduleRun = 0;
    }
  }

  async function slot(index: number): Promise<void> {
    // The previous job's completion (a round trip) runs while this slot fetches its next job:
    // one round trip less on every job's path. The job counts as busy until it is completed.
    let finishing: Promise<void> | undefined;
    try {
      while (!stopping()) {
        if (index === 0 && Date.now() - lastScheduleRun >= scheduleEveryMs) await fireSchedules();
        const fetchStarted = performance.now();
        let job: FetchedJob | undefined;
        let fetchFailed = false;
        const fetching = (queue.fetch(ANALYSIS_QUEUE, { includeMetadata: true }) as unknown as Promise<FetchedJob[]>).then(
          ([first]) => { job = first; },
          () => { fetchFailed = true; },
        );
        const overlapped = finishing !== undefined;
        await Promise.all([fetching, finishing]);
        const fetchMs = performance.now() - fetchStarted;
        finishing = undefined;
        // A job failed just now is available for its retry only once the failure is stored,
        // which a fetch running alongside could not see: look again before calling it idle.
        if (!job && !fetchFailed && overlapped) continue;
        if (fetchFailed) {
          await sleep(pollMs, options.signal);
          continue;
        }
        if (!job) {
          if (options.untilIdle && busy === 0) idleStop = true;
          else await sleep(pollMs, options.signal);
          continue;
        }
        busy++;
        const run = await runOne(job, fetchMs);
        finishing = run.finish().finally(() => {
          busy--;
          jobs++;
        });
      }
    } finally {
      await finishing;
    }
  }

  /** Runs one job's analysis; resolves with what completes it in the queue and logs it. */
  async function runOne(job: FetchedJob, fetchMs: number): Promise<{ finish: () => Promise<void> }> {
    const data = job.data;
    const attempt = job.retryCount + 1;
    const available = Math.max(new Date(job.createdOn).getTime(), new Date(job.startAfter).getTime());
    const base = { event: 'job' as const, jobId: job.id, key: data.key, email: data.email, runDate: data.runDate, attempt };
    const started = performance.now();
    let result: Awaited<ReturnType<typeof runAnalysisJob>> | undefined;
    let failure: unknown;
    try {
      result = await runAnalysisJob({
        db: handle.db, dialect: handle.dialect, jobId: job.id, data, signal: interrupt.signal, runAnalysis,
        analysis: { beforeModelCall, ...options.analysis },
      });
    } catch (error) {
      failure = error;
    }
    const runMs = performance.now() - started;
    const finish = async () => {
      const finishStarted = performance.now();
      let status: JobEvent['status'];
      let message: string | null = null;
      if (result) {
        await queue.complete(ANALYSIS_QUEUE, job.id, { analysisId: result.analysisId, outcome: result.outcome });
        status = result.outcome;
      } else {
        message = redact((failure as Error)?.message ?? String(failure)).slice(0, 2000);
        if (failure instanceof PermanentJobError) {
          // Dead at once: pg-boss's `cancelled`; the reason is in analysis_job.last_error.
          await queue.cancel(ANALYSIS_QUEUE, job.id);
          status = 'dead';
        } else {
          await queue.fail(ANALYSIS_QUEUE, job.id, { message });
          status = interrupt.signal.aborted ? 'interrupted' : job.retryCount >= job.retryLimit ? 'dead' : 'retry';
        }
      }
      log({
        ...base, status, analysisId: result?.analysisId ?? null, resumed: result?.resumed ?? false,
        waitMs: Math.max(0, new Date(job.startedOn).getTime() - available),
        queueMs: Math.round((fetchMs + performance.now() - finishStarted) * 10) / 10,
        runMs: Math.round(runMs), error: message,
      });
    };
    return { finish };
  }

  try {
    await Promise.all(Array.from({ length: options.concurrency }, (_, i) => slot(i)));
  } finally {
    clearTimeout(graceTimer);
    options.signal.removeEventListener('abort', onStop);
    await queue.stop({ graceful: false, close: false });
  }
  return { jobs };
}
