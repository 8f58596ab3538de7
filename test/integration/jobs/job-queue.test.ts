import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listAnalysisResults } from '../../../src/db/analyses.repository.js';
import { setJobAnalysis } from '../../../src/db/analysis-jobs.repository.js';
import { listAnalyses } from '../../../src/db/results.repository.js';
import { jobShow, jobRetry, jobsList } from '../../../src/jobs/jobs-service.js';
import { enqueueAnalysis, oneOffKey } from '../../../src/jobs/enqueue.js';
import { openQueue } from '../../../src/jobs/queue.js';
import { addSchedule, fireDueSchedules, removeSchedule, schedulesList } from '../../../src/jobs/schedules.js';
import { type JobEvent, runWorker } from '../../../src/jobs/worker.js';
import { runAnalysis } from '../../../src/workflow/run-analysis.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from '../workflow/seed-athlete.js';

const OFFLINE = { models: null, writeFiles: null } as const;

describeEachDatabase('the analysis job queue (pg-boss)', ({ getTestDatabase }) => {
  const env = { ...process.env };
  beforeEach(async () => {
    process.env.COACH_JOB_RETRY_DELAY_S = '0';
    // The PGlite target empties public tables between tests; pg-boss's own are ours to empty.
    await sql`delete from pgboss.job`.execute(getTestDatabase().db);
  });
  afterEach(() => {
    process.env = { ...env };
  });

  async function work(options: { analysis?: Parameters<typeof runWorker>[0]['analysis']; concurrency?: number } = {}): Promise<JobEvent[]> {
    const events: JobEvent[] = [];
    await runWorker({
      handle: getTestDatabase(), concurrency: options.concurrency ?? 1, signal: new AbortController().signal, untilIdle: true,
      pollMs: 50, log: (e) => events.push(e), analysis: options.analysis ?? OFFLINE,
    });
    return events;
  }

  it('refuses a malformed cron and an unknown athlete in one line, writing nothing', async () => {
    const { db } = getTestDatabase();
    await seedAthlete(db, { email: 'a@example.com' });
    await expect(addSchedule(db, { cron: '0 3 * *', athleteEmail: 'a@example.com' })).rejects.toThrow(/--cron must have 5 fields/);
    await expect(addSchedule(db, { cron: '61 3 * * *', athleteEmail: 'a@example.com' })).rejects.toThrow(/not a valid cron expression/);
    await expect(addSchedule(db, { cron: '0 3 * * *', athleteEmail: 'nobody@example.com' })).rejects.toThrow(/no athlete with email "nobody@example.com"/);
    await expect(addSchedule(db, { cron: '0 3 * * *', athleteEmail: 'a@example.com', configName: 'nope' })).rejects.toThrow(/no training config named "nope"/);
    await expect(addSchedule(db, { cron: '0 3 * * *', all: true, timezone: 'Mars/Olympus' })).rejects.toThrow(/not an IANA time zone/);
    expect(await schedulesList(db)).toEqual([]);
  });

  it('fires a schedule once per tick however many workers try, one job per athlete per day', async () => {
    const handle = getTestDatabase();
    await seedAthlete(handle.db, { email: 'a@example.com' });
    await seedAthlete(handle.db, { email: 'b@example.com' });
    const schedule = await addSchedule(handle.db, { cron: '0 3 * * *', all: true, timezone: 'UTC' });
    expect(schedule).toMatchObject({ all: true, athlete: null, cron: '0 3 * * *' });
    const queue = await openQueue(handle);
    try {
      // Added today: today's 03:00 counts as fired, tomorrow's is the first.
      expect(await fireDueSchedules(handle, queue, new Date())).toBe(0);
      const tomorrow = new Date(schedule.nextRunAt);
      const at = new Date(tomorrow.getTime() + 60_000);
      const fired = await Promise.all([fireDueSchedules(handle, queue, at), fireDueSchedules(handle, queue, at)]);
      expect(fired.sort()).toEqual([0, 2]);
      // A second tick on the same day (an hourly cron, say) adds nothing for that day either.
      await sql`update analysis_schedule set last_fired_at = ${tomorrow.toISOString()}::timestamptz - interval '1 hour'`.execute(handle.db);
      expect(await fireDueSchedules(handle, queue, at)).toBe(0);
    } finally {
      await queue.stop({ graceful: false, close: false });
    }
    const jobs = await jobsList(handle.db, {});
    expect(jobs.map((j) => j.athlete).sort()).toEqual(['a@example.com', 'b@example.com']);
    expect(jobs.every((j) => j.status === 'queued' && j.runDate === schedule.nextRunAt.slice(0, 10))).toBe(true);
    await removeSchedule(handle.db, schedule.id.slice(0, 8));
    expect(await schedulesList(handle.db)).toEqual([]);
  });

  it('runs queued jobs in-process: one completed analysis per job, progress as coach analyze writes it', async () => {
    const handle = getTestDatabase();
    const athletes = [await seedAthlete(handle.db, { email: 'a@example.com' }), await seedAthlete(handle.db, { email: 'b@example.com' })];
    const queue = await openQueue(handle);
    for (const { user } of athletes) {
      await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: user.id, email: user.email, configName: null, runDate: TODAY, scheduleId: null });
    }
    await queue.stop({ graceful: false, close: false });
    const events = await work({ concurrency: 2 });
    expect(events.map((e) => e.status)).toEqual(['completed', 'completed']);
    for (const { user } of athletes) {
      const rows = await handle.db.selectFrom('analysis').selectAll().where('user_id', '=', user.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'completed', progress_percentage: 100, current_node: 'report' });
      expect(new Date(rows[0].end_date!).toISOString().slice(0, 10)).toBe(TODAY);
    }
    const jobs = await jobsList(handle.db, { status: 'completed' });
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.attempts === 1 && j.analysisStatus === 'completed')).toBe(true);
  });

  it('resumes the analysis of an interrupted attempt from its checkpoint: finished nodes are not run again', async () => {
    const handle = getTestDatabase();
    const { user } = await seedAthlete(handle.db, { email: 'a@example.com', hitl: false });
    const queue = await openQueue(handle);
    const { jobId } = await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: user.id, email: user.email, configName: null, runDate: TODAY, scheduleId: null });
    await queue.stop({ graceful: false, close: false });
    // The first attempt is cut off after the experts, as a killed worker leaves it: the
    // analysis linked to the job, its checkpoint written, status not completed.
    const stop = new AbortController();
    await runAnalysis({
      db: handle.db, dialect: handle.dialect, userId: user.id, interactive: false, today: TODAY, ...OFFLINE, signal: stop.signal,
      onCreated: (id) => setJobAnalysis(handle.db, jobId, id),
      onProgress: (e) => { if (e.node === 'expert_recovery' || e.node === 'hitl') stop.abort(); },
    }).catch(() => {});
    const cut = await jobShow(handle.db, jobId);
    expect(cut.analysisStatus).toBe('failed');
    const events = await work();
    expect(events.map((e) => [e.status, e.resumed, e.analysisId])).toEqual([['completed', true, cut.analysisId]]);
    const done = await jobShow(handle.db, jobId);
    expect(done.status).toBe('completed');
    const results = await listAnalysisResults(handle.db, user.id, done.analysisId!);
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r.node_name, (counts.get(r.node_name) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      load_data: 1, expert_load: 1, expert_sessions: 1, expert_recovery: 1, synthesis: 1, season_planner: 1, weekly_planner: 1, report: 1,
    });
    expect(await handle.db.selectFrom('analysis').select('id').where('user_id', '=', user.id).execute()).toHaveLength(1);
  });

  it('after N failed attempts the job is dead, with the error in jobs and the analysis failed; retry queues it again', async () => {
    process.env.COACH_JOB_ATTEMPTS = '2';
    const handle = getTestDatabase();
    const { user } = await seedAthlete(handle.db, { email: 'a@example.com' });
    const queue = await openQueue(handle);
    const { jobId } = await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: user.id, email: user.email, configName: null, runDate: TODAY, scheduleId: null });
    await queue.stop({ graceful: false, close: false });
    const broken = { ...OFFLINE, writeFiles: async () => { throw new Error('disk full'); } };
    const events = await work({ analysis: broken });
    expect(events.map((e) => [e.status, e.attempt, e.resumed])).toEqual([['retry', 1, false], ['dead', 2, false]]);
    const job = await jobShow(handle.db, jobId);
    expect(job).toMatchObject({ status: 'dead', attempts: 2, maxAttempts: 2, analysisStatus: 'failed' });
    expect(job.error).toMatch(/disk full/);
    const analyses = await handle.db.selectFrom('analysis').selectAll().where('user_id', '=', user.id).execute();
    expect(analyses).toHaveLength(1);
    expect(analyses[0].error_message).toMatch(/disk full/);
    // `coach results list` shows it failed, with the error.
    const listed = await listAnalyses(handle.db, user.id);
    expect(listed).toEqual([expect.objectContaining({ id: analyses[0].id, status: 'failed', errorMessage: expect.stringMatching(/disk full/) })]);
    expect((await jobsList(handle.db, { status: 'dead' })).map((j) => j.id)).toEqual([jobId]);

    const again = await jobRetry(handle, jobId.slice(0, 8));
    expect(again.status).toBe('queued');
    const rerun = await work();
    expect(rerun.map((e) => [e.status, e.resumed, e.analysisId])).toEqual([['completed', true, analyses[0].id]]);
    await expect(jobRetry(handle, jobId)).rejects.toThrow(/is completed, not dead/);
  });

  it('a job whose athlete was deleted is dead at once with the reason; other jobs are unaffected', async () => {
    const handle = getTestDatabase();
    const a = await seedAthlete(handle.db, { email: 'gone@example.com' });
    const b = await seedAthlete(handle.db, { email: 'b@example.com' });
    const queue = await openQueue(handle);
    const gone = await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: a.user.id, email: a.user.email, configName: null, runDate: TODAY, scheduleId: null });
    await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: b.user.id, email: b.user.email, configName: null, runDate: TODAY, scheduleId: null });
    await queue.stop({ graceful: false, close: false });
    await handle.db.deleteFrom('user').where('id', '=', a.user.id).execute();
    const events = await work();
    expect(events.map((e) => [e.email, e.status]).sort()).toEqual([['b@example.com', 'completed'], ['gone@example.com', 'dead']]);
    const job = await jobShow(handle.db, gone.jobId);
    expect(job).toMatchObject({ status: 'dead', attempts: 1, error: 'athlete gone@example.com was deleted' });
  });

  it('on stop, a running analysis gets the grace period, then is interrupted: checkpoint kept, job queued again', async () => {
    const handle = getTestDatabase();
    const { user } = await seedAthlete(handle.db, { email: 'a@example.com' });
    const queue = await openQueue(handle);
    const { jobId } = await enqueueAnalysis(handle, queue, { key: oneOffKey(), userId: user.id, email: user.email, configName: null, runDate: TODAY, scheduleId: null });
    await queue.stop({ graceful: false, close: false });
    const stop = new AbortController();
    const events: JobEvent[] = [];
    // The report step outlasts the grace period (as a slow model call would). The running node
    // is let finish (LangGraph does not cut a node short), so the stop is bounded by the grace
    // period plus that one node, not by the rest of the analysis.
    let stoppedAt = 0;
    const slow = { ...OFFLINE, writeFiles: async () => { stoppedAt = performance.now(); stop.abort(); await new Promise((r) => setTimeout(r, 2000)); return []; } };
    await runWorker({ handle, concurrency: 1, signal: stop.signal, graceMs: 200, pollMs: 50, log: (e) => events.push(e), analysis: slow });
    expect(performance.now() - stoppedAt).toBeLessThan(6000);
    expect(events.map((e) => e.status)).toEqual(['interrupted']);
    const job = await jobShow(handle.db, jobId);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, analysisStatus: 'failed' });
    // The next worker resumes it and finishes.
    const rest = await work();
    expect(rest.map((e) => [e.status, e.resumed, e.analysisId])).toEqual([['completed', true, job.analysisId]]);
  });

  it('refuses concurrency 0 and 10000', async () => {
    for (const concurrency of [0, 10000]) {
      await expect(runWorker({ handle: getTestDatabase(), concurrency, signal: new AbortController().signal, log: () => {} }))
        .rejects.toThrow(/--concurrency must be a whole number from 1 to 64/);
    }
  });
});
