import { UserError } from '../errors.js';
import type { JobView } from '../jobs/jobs-service.js';
import type { ScheduleView } from '../jobs/schedules.js';
import type { JobEvent } from '../jobs/worker.js';
import { shortId } from './config-views.js';
import { withDatabase, withUser } from './context.js';
import { print, printJson, printTable, say } from './output.js';

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || value < min || value > max) {
    throw new UserError(`${flag} must be a whole number from ${min} to ${max} (got "${raw.slice(0, 20)}")`);
  }
  return value;
}

export async function scheduleAddAction(flags: { cron: string; athlete?: string; all?: boolean; config?: string; tz?: string; json?: boolean }): Promise<void> {
  const { addSchedule } = await import('../jobs/schedules.js');
  const add = (athleteEmail: string | undefined) => withDatabase(async ({ db }) =>
    addSchedule(db, { cron: flags.cron, athleteEmail, all: flags.all, configName: flags.config, timezone: flags.tz }), 'coach schedule');
  let view: ScheduleView;
  if (flags.athlete || flags.all) view = await add(flags.athlete);
  else {
    // Neither: the current user.
    const { readCurrentUser } = await import('../config/current-user.js');
    const current = readCurrentUser();
    if (!current) throw new UserError('give --athlete EMAIL or --all (there is no current user: see `coach init`)');
    view = await add(current.email);
  }
  if (flags.json) return printJson({ schedule: view });
  say(`schedule ${shortId(view.id)} added: "${view.cron}" (${view.timezone}) for ${view.all ? 'every athlete' : view.athlete}; next run ${view.nextRunAt}`);
  say('jobs are enqueued and run by `coach worker`');
}

export async function scheduleListAction(flags: { json?: boolean }): Promise<void> {
  const { schedulesList } = await import('../jobs/schedules.js');
  const schedules = await withDatabase(({ db }) => schedulesList(db), 'coach schedule');
  if (flags.json) return printJson({ schedules });
  if (schedules.length === 0) return say('no schedules yet: coach schedule add --cron "0 3 * * *" --all');
  await printTable(
    ['id', 'cron', 'time zone', 'athlete', 'config', 'next run', 'last run'],
    schedules.map((s) => [shortId(s.id), s.cron, s.timezone, s.all ? '(all)' : s.athlete, s.configName ?? '(active)', s.nextRunAt, s.lastFiredAt ?? '']),
  );
}

export async function scheduleRemoveAction(id: string): Promise<void> {
  const { removeSchedule } = await import('../jobs/schedules.js');
  await withDatabase(({ db }) => removeSchedule(db, id), 'coach schedule');
  say(`schedule ${id.slice(0, 36)} removed`);
}

/** `coach analyze --enqueue`: a one-off job for the current athlete, run by a worker. */
export async function enqueueAnalysisAction(flags: { config?: string; json?: boolean; resume?: string; note?: unknown }): Promise<void> {
  if (flags.resume) throw new UserError('--enqueue starts a new analysis: it does not go with --resume (a worker resumes its own jobs)');
  const job = await withUser(async ({ handle, db, user }) => {
    const [{ selectConfig }, { enqueueAnalysis, oneOffKey }, { openQueue }, { localToday }, { jobShow }] = await Promise.all([
      import('../config/select-config.js'), import('../jobs/enqueue.js'), import('../jobs/queue.js'),
      import('../workflow/run-analysis.js'), import('../jobs/jobs-service.js'),
    ]);
    const config = await selectConfig(db, user.id, flags.config);
    const queue = await openQueue(handle);
    try {
      const { jobId } = await enqueueAnalysis(handle, queue, {
        key: oneOffKey(), userId: user.id, email: user.email, configName: config.name, runDate: localToday(), scheduleId: null,
      });
      return await jobShow(db, jobId);
    } finally {
      await queue.stop({ graceful: false, close: false });
    }
  }, 'coach analyze');
  if (flags.json) return printJson({ job });
  say(`job ${job.id} queued for ${job.athlete} (${job.configName}); a \`coach worker\` will run it (see \`coach jobs show ${shortId(job.id)}\`)`);
}

export async function workerAction(flags: { concurrency: string; graceSeconds: string; untilIdle?: boolean; json?: boolean }): Promise<void> {
  const concurrency = wholeNumber('--concurrency', flags.concurrency, 1, 64);
  const graceMs = wholeNumber('--grace-seconds', flags.graceSeconds, 0, 3600) * 1000;
  const [{ openDatabase }, { runWorker }] = await Promise.all([import('../db/connection.js'), import('../jobs/worker.js')]);
  // Each running analysis holds one connection for its athlete lock and needs another for its queries.
  const handle = await openDatabase({ lockLabel: 'coach worker', poolMax: 2 * concurrency + 3 });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) say(`coach worker: ${signal}: taking no new jobs; running analyses have ${graceMs / 1000} s to finish`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const { jobs } = await runWorker({
      handle, concurrency, graceMs, signal: stop.signal, untilIdle: flags.untilIdle,
      onReady: () => say(`coach worker: ${concurrency} slot(s) on ${handle.dialect === 'pglite' ? `the embedded database ${handle.location}` : handle.location}`),
      log: (event) => (flags.json ? process.stdout.write(JSON.stringify(event) + '\n') : print(jobLine(event))),
    });
    say(`coach worker: stopped after ${jobs} job(s)`);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await handle.close();
  }
}

function jobLine(e: JobEvent): string {
  const what = e.analysisId ? `analysis ${e.analysisId}${e.resumed ? ' (resumed)' : ''}` : '';
  return [
    new Date().toISOString(), `job ${shortId(e.jobId)}`, e.email, e.runDate, e.status, `attempt ${e.attempt}`, what,
    `${e.runMs} ms`, e.error ? `error: ${e.error}` : '',
  ].filter(Boolean).join('  ');
}

export async function jobsListAction(flags: { status: string; limit: string; json?: boolean }): Promise<void> {
  const limit = wholeNumber('--limit', flags.limit, 1, 10_000);
  const { jobsList } = await import('../jobs/jobs-service.js');
  const jobs = await withDatabase(({ db }) => jobsList(db, { status: flags.status, limit }), 'coach jobs');
  if (flags.json) return printJson({ jobs });
  if (jobs.length === 0) return say(flags.status === 'all' ? 'no jobs yet' : `no ${flags.status} jobs`);
  await printTable(
    ['id', 'athlete', 'day', 'status', 'attempts', 'analysis', 'error'],
    jobs.map((j) => [shortId(j.id), j.athlete, j.runDate, j.status, attemptsText(j), j.analysisId ? shortId(j.analysisId) : '', (j.error ?? '').slice(0, 80)]),
  );
}

const attemptsText = (j: JobView) => `${j.attempts}${j.maxAttempts ? `/${j.maxAttempts}` : ''}`;

export async function jobsShowAction(id: string, flags: { json?: boolean }): Promise<void> {
  const { jobShow } = await import('../jobs/jobs-service.js');
  const job = await withDatabase(({ db }) => jobShow(db, id), 'coach jobs');
  if (flags.json) return printJson({ job });
  const lines: [string, string | number | null][] = [
    ['job', job.id], ['key', job.key], ['athlete', job.athlete], ['day', job.runDate], ['config', job.configName ?? '(active)'],
    ['status', job.status], ['attempts', attemptsText(job)], ['analysis', job.analysisId ? `${job.analysisId} (${job.analysisStatus})` : null],
    ['queued', job.queuedAt], ['started', job.startedAt], ['finished', job.finishedAt], ['next attempt', job.nextAttemptAt], ['error', job.error],
  ];
  print(lines.filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${k.padEnd(13)}${v}`).join('\n'));
}

export async function jobsRetryAction(id: string, flags: { json?: boolean }): Promise<void> {
  const { jobRetry } = await import('../jobs/jobs-service.js');
  const job = await withDatabase((handle) => jobRetry(handle, id), 'coach jobs');
  if (flags.json) return printJson({ job });
  say(`job ${job.id} is queued again (${attemptsText(job)} attempts so far)`);
}
