import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createAnalysis, updateAnalysis } from '../../../src/db/analyses.repository.js';
import { upsertGarminAccount } from '../../../src/db/garmin-accounts.repository.js';
import { listWorkoutPushes } from '../../../src/db/garmin-workout-pushes.repository.js';
import { createConfig } from '../../../src/db/training-configs.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { encryptSecret } from '../../../src/garmin/credential-crypto.js';
import { pushPlanToGarmin } from '../../../src/garmin/workout-push-service.js';
import { garminWorkout } from '../../../src/plan/export/garmin-workout.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { exportableSessions } from '../../../src/plan/stored-plan.js';
import { describeEachDatabase } from '../../support/databases.js';
import { startFakeGarmin, type FakeGarmin, fakeClientOptions } from '../../support/fake-garmin.js';
import { sampleTrainingPlan } from '../../support/plan-fixtures.js';

const savedEnv = { ...process.env };
let server: FakeGarmin;
const delays: number[] = [];

beforeAll(() => {
  process.env.COACH_SECRET_KEY = 'a'.repeat(64);
});
afterAll(() => {
  process.env = savedEnv;
});
beforeEach(async () => {
  process.env.COACH_HOME = mkdtempSync(join(tmpdir(), 'coach-push-'));
  server = await startFakeGarmin({ email: 'ada@garmin.example', password: 'correct horse', activities: [], days: {} });
  delays.length = 0;
});
afterEach(async () => {
  await server.close();
});

const client = () => fakeClientOptions(server, delays);

const count = (line: string) => server.log.filter((l) => l === line).length;

describeEachDatabase('garmin push', ({ getDb }) => {
  async function setUp(options: { linked?: boolean } = {}) {
    const db = getDb();
    const user = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const config = await createConfig(db, user.id, { name: 'main' });
    if (options.linked !== false) {
      await upsertGarminAccount(db, user.id, {
        email: 'ada@garmin.example', encryptedPassword: await encryptSecret('correct horse'), activitiesDays: 7, metricsDays: 3,
      });
    }
    const storePlan = async (plan: unknown) => {
      const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
      await updateAnalysis(db, user.id, analysis.id, { status: 'completed', progress_percentage: 100, weekly_plan: plan });
      return analysis.id;
    };
    return { db, userId: user.id, storePlan };
  }

  it('creates each session as a workout scheduled on its date, and a second push updates them without duplicates', async () => {
    const { db, userId, storePlan } = await setUp();
    const plan = sampleTrainingPlan();
    const sessions = exportableSessions(plan);
    const analysisId = await storePlan(plan);

    const first = await pushPlanToGarmin(db, userId, { client: client() });
    expect(first).toMatchObject({ analysisId, weekStart: '2026-12-01', dryRun: false });
    expect(first.changes.map((c) => [c.action, c.sessionId, c.date])).toEqual(sessions.map((s) => ['create', s.id, s.date]));
    expect(server.workouts.size).toBe(sessions.length);
    expect(server.schedules.size).toBe(sessions.length);
    // The body is the export's (the Connect workout JSON of each session), on the session's date.
    for (const session of sessions) {
      const change = first.changes.find((c) => c.sessionId === session.id)!;
      expect(server.workouts.get(change.workoutId!)).toEqual({ ...garminWorkout(session), workoutId: Number(change.workoutId) });
      expect(server.schedules.get(change.scheduleId!)).toEqual({ workoutId: change.workoutId, date: session.date });
    }
    const rows = await listWorkoutPushes(db, userId);
    expect(rows.map((r) => [r.session_id, r.workout_id, r.schedule_id, r.scheduled_date]).sort())
      .toEqual(first.changes.map((c) => [c.sessionId, c.workoutId, c.scheduleId, c.date]).sort());

    // Second push of a changed plan: same workouts updated in place, re-scheduled, none created.
    const moved: TrainingPlan = structuredClone(plan);
    moved.days[0]!.sessions[0]!.title = 'Threshold 4 x 8 min';
    await storePlan(moved);
    const posts = count('POST /workout-service/workout');
    const second = await pushPlanToGarmin(db, userId, { client: client() });
    expect(count('POST /workout-service/workout')).toBe(posts);
    expect(second.changes.every((c) => c.action === 'update')).toBe(true);
    expect(server.workouts.size).toBe(sessions.length);
    expect(server.schedules.size).toBe(sessions.length);
    expect(second.changes.map((c) => c.workoutId)).toEqual(first.changes.map((c) => c.workoutId));
    expect(server.workouts.get(second.changes[0]!.workoutId!)!.workoutName).toBe('Threshold 4 x 8 min');
    expect(await listWorkoutPushes(db, userId)).toHaveLength(sessions.length);
  });

  it('removes workouts whose session left the plan; --remove takes all off and deletes the rows', async () => {
    const { db, userId, storePlan } = await setUp();
    const plan = sampleTrainingPlan();
    const sessions = exportableSessions(plan);
    await storePlan(plan);
    await pushPlanToGarmin(db, userId, { client: client() });

    const shorter: TrainingPlan = structuredClone(plan);
    const dropped = shorter.days[0]!.sessions.splice(0, 1)[0]!;
    await storePlan(shorter);
    const second = await pushPlanToGarmin(db, userId, { client: client() });
    expect(second.changes.filter((c) => c.action === 'remove').map((c) => c.sessionId)).toEqual([dropped.id]);
    expect(server.workouts.size).toBe(sessions.length - 1);
    expect(server.schedules.size).toBe(sessions.length - 1);
    expect((await listWorkoutPushes(db, userId)).map((r) => r.session_id)).not.toContain(dropped.id);

    // A dry run says what --remove would do and calls nothing.
    const before = server.log.length;
    const dry = await pushPlanToGarmin(db, userId, { client: client(), remove: true, dryRun: true });
    expect(dry.changes).toHaveLength(sessions.length - 1);
    expect(dry.changes.every((c) => c.action === 'remove')).toBe(true);
    expect(server.log.length).toBe(before);
    expect(dry.requests).toBe(0);

    const removed = await pushPlanToGarmin(db, userId, { client: client(), remove: true });
    expect(removed.changes).toHaveLength(sessions.length - 1);
    expect(server.workouts.size).toBe(0);
    expect(server.schedules.size).toBe(0);
    expect(await listWorkoutPushes(db, userId)).toEqual([]);
  });

  it('a dry run of a first push lists the creations and sends nothing', async () => {
    const { db, userId, storePlan } = await setUp();
    await storePlan(sampleTrainingPlan());
    const dry = await pushPlanToGarmin(db, userId, { client: client(), dryRun: true });
    expect(dry.changes.length).toBe(exportableSessions(sampleTrainingPlan()).length);
    expect(dry.changes.every((c) => c.action === 'create' && c.workoutId === null)).toBe(true);
    expect(server.log).toEqual([]);
    expect(await listWorkoutPushes(db, userId)).toEqual([]);
  });

  it('an expired session mid-push: logs in again (refresh from the OAuth1 token) and carries on', async () => {
    const { db, userId, storePlan } = await setUp();
    const plan = sampleTrainingPlan();
    await storePlan(plan);
    await pushPlanToGarmin(db, userId, { client: client() });
    const exchanges = count('POST /oauth-service/oauth/exchange/user/2.0');
    server.revokeAccessTokens(); // the stored bearer token is now refused with 401
    const second = await pushPlanToGarmin(db, userId, { client: client() });
    expect(count('POST /oauth-service/oauth/exchange/user/2.0')).toBe(exchanges + 1);
    expect(second.changes.every((c) => c.action === 'update')).toBe(true);
    expect(server.workouts.size).toBe(exportableSessions(plan).length);
  });

  it('honours 429 Retry-After and retries a 500, creating each workout once', async () => {
    const { db, userId, storePlan } = await setUp();
    const plan = sampleTrainingPlan();
    await storePlan(plan);
    server.failures['/workout-service/workout'] = [{ status: 429, retryAfter: '3' }, { status: 500 }];
    const result = await pushPlanToGarmin(db, userId, { client: client() });
    expect(delays).toContain(3000);
    expect(delays.length).toBeGreaterThanOrEqual(2);
    expect(server.workouts.size).toBe(exportableSessions(plan).length);
    expect(result.changes.every((c) => c.action === 'create' && c.scheduleId !== null)).toBe(true);
  });

  it('Garmin failing half-way: one-line error, the rows hold what was done, the next push finishes without duplicates', async () => {
    const { db, userId, storePlan } = await setUp();
    const plan = sampleTrainingPlan();
    const sessions = exportableSessions(plan);
    await storePlan(plan);
    // Sign-in and the first workout and its schedule succeed; scheduling the second (the fake's
    // ids count up from 900001) keeps failing past the retries.
    server.failures['/workout-service/schedule/900002'] = Array.from({ length: 4 }, () => ({ status: 503 }));
    const error = await pushPlanToGarmin(db, userId, { client: client() }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Garmin Connect failed with HTTP 503 .*1 of \d+ changes made; push again to finish\)$/);
    expect((error as Error).message).not.toContain('\n');
    const rows = await listWorkoutPushes(db, userId);
    // The first session fully pushed, the second created but not scheduled: exactly what Connect holds.
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.schedule_id !== null)).toHaveLength(1);
    expect(server.workouts.size).toBe(2);

    const next = await pushPlanToGarmin(db, userId, { client: client() });
    expect(next.changes.filter((c) => c.action === 'update')).toHaveLength(2);
    expect(server.workouts.size).toBe(sessions.length);
    expect(server.schedules.size).toBe(sessions.length);
  });

  it('refuses with one line when no Garmin account is linked, calling nothing', async () => {
    const unlinked = await setUp({ linked: false });
    await unlinked.storePlan(sampleTrainingPlan());
    await expect(pushPlanToGarmin(unlinked.db, unlinked.userId, { client: client() })).rejects.toThrow(/^no Garmin account linked: run `coach garmin link` first$/);
    expect(server.log).toEqual([]);
  });

  it('Garmin unreachable: one-line error, nothing recorded', async () => {
    const { db, userId, storePlan } = await setUp();
    await storePlan(sampleTrainingPlan());
    const closed = { ...client(), ssoBaseUrl: 'http://127.0.0.1:1', connectBaseUrl: 'http://127.0.0.1:1' };
    await expect(pushPlanToGarmin(db, userId, { client: closed })).rejects.toThrow(/^cannot reach Garmin Connect \(sign-in page\): [^\n]+$/);
    expect(await listWorkoutPushes(db, userId)).toEqual([]);
  });

  it('refuses a missing or version 1 plan before calling Garmin', async () => {
    const { db, userId, storePlan } = await setUp();
    await expect(pushPlanToGarmin(db, userId, { client: client() })).rejects.toThrow(/^no structured plan yet: run coach analyze$/);
    await storePlan({ weekStart: '2026-12-01', phase: 'base', loadCap: 1, targetLoad: 1, totalPlannedLoad: 0, rules: [], days: [] });
    await expect(pushPlanToGarmin(db, userId, { client: client() })).rejects.toThrow(/^no structured plan yet: run coach analyze$/);
    expect(server.log).toEqual([]);
  });
});
