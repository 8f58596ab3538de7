import { findSex, recordSex } from '../../../src/db/athlete-attributes.repository.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { countActivities, findActivityBySourceId } from '../../../src/db/activities.repository.js';
import { countDailyMetrics, listDailyMetrics } from '../../../src/db/daily-metrics.repository.js';
import { findGarminAccount, upsertGarminAccount } from '../../../src/db/garmin-accounts.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { UserError } from '../../../src/errors.js';
import { encryptSecret } from '../../../src/garmin/credential-crypto.js';
import { syncGarminConnect } from '../../../src/garmin/sync-service.js';
import { findGarminSession } from '../../../src/db/garmin-sessions.repository.js';
import { describeEachDatabase } from '../../support/databases.js';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { loadFactsInput } from '../../../src/db/training-data.repository.js';
import { recoveryGate, recoveryInputOf } from '../../../src/plan/recovery-gate.js';
import { connectActivity, startFakeGarmin, type FakeGarmin, fakeClientOptions } from '../../support/fake-garmin.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const savedEnv = { ...process.env };

function garminData() {
  return {
    email: 'ada@garmin.example',
    password: 'correct horse',
    gender: 'MALE',
    activities: [
      connectActivity(1001, '2026-03-09 06:30:00'),
      connectActivity(1002, '2026-03-08 16:00:00', {
        activityType: { typeKey: 'road_biking' }, avgPower: 210, normPower: 231, maxAvgPower_1200: 255, maxAvgPower_5: 700,
      }),
      connectActivity(900, '2026-02-01 06:30:00'), // older than activities_days: not fetched
    ],
    days: {
      '2026-03-09': {
        sleep: { sleepTimeSeconds: 27000, deepSleepSeconds: 5400, lightSleepSeconds: 15000, remSleepSeconds: 6600, awakeSleepSeconds: 600, sleepScores: { overall: { value: 82 } } },
        hrv: { lastNightAvg: 61, weeklyAvg: 63, status: 'BALANCED' },
        summary: { restingHeartRate: 47, averageStressLevel: 25, bodyBatteryHighestValue: 90, bodyBatteryLowestValue: 25, totalSteps: 12000 },
        readiness: 77,
        vo2max: 55.4,
      },
      '2026-03-10': { summary: { restingHeartRate: 49, averageStressLevel: -1, totalSteps: 3000 } },
    },
  };
}

let server: FakeGarmin;
const delays: number[] = [];

beforeAll(() => {
  process.env.COACH_SECRET_KEY = 'a'.repeat(64);
});
afterAll(() => {
  process.env = savedEnv;
});
beforeEach(async () => {
  // A fresh config directory per test: no token cached by an earlier test.
  process.env.COACH_HOME = mkdtempSync(join(tmpdir(), 'coach-sync-'));
  server = await startFakeGarmin(garminData());
  delays.length = 0;
});
afterEach(async () => {
  await server.close();
});

const clientOptions = () => fakeClientOptions(server, delays);

describeEachDatabase('garmin sync', ({ getDb }) => {
  async function linkedUser(password = 'correct horse') {
    const db = getDb();
    const user = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    await upsertGarminAccount(db, user.id, {
      email: 'ada@garmin.example', encryptedPassword: await encryptSecret(password), activitiesDays: 7, metricsDays: 3,
    });
    return user.id;
  }

  it('downloads activities and daily metrics, records the sync, caches tokens, and is idempotent', async () => {
    const db = getDb();
    const userId = await linkedUser();
    const first = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(first.summary.activities).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(first.summary.metricDays).toBe(2);
    expect(first.from).toBe('2026-03-08');
    expect(await findActivityBySourceId(db, userId, '900')).toBeUndefined();
    const ride = await findActivityBySourceId(db, userId, '1002');
    expect(ride).toMatchObject({ source: 'connect', sport: 'cycling', sub_sport: 'road_biking', normalized_power: 231, distance_m: 10000 });
    expect(ride!.start_time.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(ride!.best_efforts).toEqual({ power_w: { '5s': 700, '20min': 255 }, run_s: {} });

    const days = await listDailyMetrics(db, userId);
    expect(days.map((d) => d.date)).toEqual(['2026-03-09', '2026-03-10']);
    expect(days[0]).toMatchObject({
      sleep_duration_s: 27000, sleep_score: 82, hrv_nightly_avg: 61, hrv_status: 'BALANCED', resting_hr: 47, stress_avg: 25,
      body_battery_high: 90, body_battery_low: 25, steps: 12000, training_readiness: 77, vo2max: 55.4,
    });
    expect(days[1]).toMatchObject({ resting_hr: 49, stress_avg: null, steps: 3000 });

    expect(await findSex(db, userId)).toEqual({ sex: 'male', source: 'garmin' });

    const account = await findGarminAccount(db, userId);
    expect(account).toMatchObject({ is_connected: true, sync_error: null });
    expect(account!.last_sync).toBeInstanceOf(Date);
    // The tokens are kept encrypted in the database, like the password.
    const session = await findGarminSession(db, userId);
    expect(session!.encrypted_tokens).toMatch(/^v1:/);
    expect(session!.encrypted_tokens).not.toContain('tok1');
    expect(session!.access_expires_at!.getTime()).toBeGreaterThan(Date.now());

    // Second run: cached token (no sign-in), nothing new.
    const signIns = server.log.filter((l) => l === 'POST /sso/signin').length;
    const second = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(server.log.filter((l) => l === 'POST /sso/signin').length).toBe(signIns);
    expect(second.summary.activities).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await countActivities(db, userId)).toBe(2);
    expect(await countDailyMetrics(db, userId)).toBe(2);

    // A newer version of an activity (renamed on Garmin) updates its row.
    server.data.activities[0].activityName = 'Renamed run';
    const third = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(third.summary.activities).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await findActivityBySourceId(db, userId, '1001'))!.name).toBe('Renamed run');
  });

  it('takes the sex from Connect\'s user settings only where the athlete has not stated it; no settings leave it as it was', async () => {
    const db = getDb();
    const userId = await linkedUser();
    await recordSex(db, userId, 'female', 'athlete');
    await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(server.log).toContain('GET /userprofile-service/userprofile/user-settings');
    expect(await findSex(db, userId)).toEqual({ sex: 'female', source: 'athlete' });

    await db.deleteFrom('athlete_attributes').execute();
    delete server.data.gender; // Connect answers 404: nothing recorded, the sync still succeeds
    const result = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(result.summary.activities.unchanged).toBe(2);
    expect(await findSex(db, userId)).toBeNull();
  });

  it('retries 429 (honouring Retry-After) and 5xx with backoff, and re-logs in when the token is refused', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.failures['/activitylist-service'] = [{ status: 429, retryAfter: '2' }, { status: 500 }, { status: 503 }];
    const result = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(result.summary.activities.inserted).toBe(2);
    expect(delays[0]).toBe(2000);
    expect(delays[1]).toBeGreaterThanOrEqual(15); // 10 ms * 2^1 with jitter
    expect(delays[2]).toBeGreaterThan(delays[1] * 0.9);
    expect(delays).toHaveLength(3);

    server.revokeAccessTokens();
    const again = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(again.summary.activities.unchanged).toBe(2);
    expect(server.log.filter((l) => l === 'POST /oauth-service/oauth/exchange/user/2.0').length).toBe(2);
  });

  it('fetches days in parallel and resumes where an interrupted sync stopped', async () => {
    const db = getDb();
    const userId = await linkedUser();
    await db.updateTable('garminaccount').set({ metrics_days: '8' }).execute();
    // One day fails for good this time (a 500 on every attempt): the sync stops, the days stored stay stored.
    server.failures['/hrv-service/hrv/2026-03-05'] = new Array(4).fill({ status: 500 });
    await expect(syncGarminConnect(db, userId, { client: clientOptions(), now: NOW })).rejects.toThrow(/HTTP 500/);
    const progress = (await findGarminSession(db, userId))!.sync_progress as { to: string; metricDaysDone: string[] };
    expect(progress.to).toBe('2026-03-10');
    expect(progress.metricDaysDone).not.toContain('2026-03-05');
    expect(progress.metricDaysDone.length).toBeGreaterThanOrEqual(3); // four days in flight at once

    const fetched = () => server.log.filter((l) => l.startsWith('GET /usersummary-service/')).length;
    const before = fetched();
    const resumed = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    const skipped = progress.metricDaysDone.filter((d) => d < '2026-03-09').length; // the last two days are fetched again
    expect(resumed.summary.resumedDays).toBe(skipped);
    expect(fetched() - before).toBe(8 - skipped);
    expect((await findGarminSession(db, userId))!.sync_progress).toBeNull();
    expect((await listDailyMetrics(db, userId)).map((d) => d.date)).toEqual(['2026-03-09', '2026-03-10']);
  });

  it('gives up after the retries with a clear message and records the error', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.failures['/activitylist-service'] = new Array(10).fill({ status: 429 });
    await expect(syncGarminConnect(db, userId, { client: clientOptions(), now: NOW })).rejects.toThrow(/rate-limiting requests \(HTTP 429/);
    const account = await findGarminAccount(db, userId);
    expect(account!.sync_error).toMatch(/HTTP 429/);
    expect(account!.last_sync).toBeNull();
    expect(account!.is_connected).toBe(true);
    expect(await countActivities(db, userId)).toBe(0);
  });

  it('reports bad credentials in one line and marks the account disconnected', async () => {
    const db = getDb();
    const userId = await linkedUser('wrong password');
    await expect(syncGarminConnect(db, userId, { client: clientOptions(), now: NOW })).rejects.toThrow(
      'Garmin Connect rejected the email or password: run `coach garmin link` again with the right ones',
    );
    const account = await findGarminAccount(db, userId);
    expect(account).toMatchObject({ is_connected: false });
    expect(account!.sync_error).toMatch(/rejected the email or password/);
    expect(account!.sync_error).not.toContain('wrong password');
  });

  it('explains an MFA challenge', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.mfa = true;
    await expect(syncGarminConnect(db, userId, { client: clientOptions(), now: NOW })).rejects.toThrow(/multi-factor code/);
    expect((await findGarminAccount(db, userId))!.is_connected).toBe(false);
  });

  it('keeps an unexpected failure as the cause of its one-line error; the recorded error is redacted', async () => {
    const db = getDb();
    const userId = await linkedUser();
    // The OAuth consumer file answers with a page that is not JSON (and happens to echo the password).
    const consumerUrl = 'http://consumer.invalid/oauth_consumer.json';
    const brokenConsumer: typeof fetch = async (input, init) =>
      String(input) === consumerUrl ? new Response('correct horse <html>', { status: 200 }) : fetch(input, init);
    const error = await syncGarminConnect(db, userId, {
      client: { ...clientOptions(), consumer: undefined, consumerUrl, fetch: brokenConsumer },
      now: NOW,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^Garmin sync failed: /);
    expect((error as UserError).message).not.toContain('correct horse');
    // The original error (and its stack) is kept for --debug; printing it goes through redact.
    expect((error as UserError).cause).toBeInstanceOf(SyntaxError);
    expect(((error as UserError).cause as Error).stack).toMatch(/SyntaxError/);
    const account = await findGarminAccount(db, userId);
    expect(account!.sync_error).toContain('"*** <html>"');
    expect(account!.sync_error).not.toContain('correct horse');
  });

  it('stores Garmin\'s training status, load focus and race predictions; they reach the facts and close the recovery gate when overreaching', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.days['2026-03-09'] = {
      ...server.data.days['2026-03-09'],
      trainingStatus: { phrase: 'PRODUCTIVE_1', acute: 520, chronic: 480, focus: { phrase: 'ANAEROBIC_SHORTAGE', aerobicLow: 402, aerobicHigh: 188, anaerobic: 41 } },
      racePredictions: { time5K: 1210, time10K: 2520, timeHalfMarathon: 5580, timeMarathon: 11820 },
    };
    server.data.days['2026-03-10'] = { ...server.data.days['2026-03-10'], trainingStatus: { phrase: 'OVERREACHING_2', acute: 910, chronic: 500 } };
    const result = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(result.summary.metricDays).toBe(2);
    expect(server.log.filter((l) => l.startsWith('GET /metrics-service/metrics/trainingstatus/aggregated/'))).toHaveLength(3);
    expect(server.log.filter((l) => l.startsWith('GET /metrics-service/metrics/racepredictions/daily/'))).toHaveLength(1);

    const days = await listDailyMetrics(db, userId);
    const day9 = days.find((d) => d.date === '2026-03-09')!;
    expect((day9.raw as Record<string, unknown>).garmin_training_status).toMatchObject({
      status: 'PRODUCTIVE', phrase: 'PRODUCTIVE_1', acuteLoad: 520, chronicLoad: 480, acwr: 1.1, acwrStatus: 'OPTIMAL',
      loadFocus: { phrase: 'ANAEROBIC_SHORTAGE', aerobicLow: 402, aerobicHigh: 188, anaerobic: 41, anaerobicTarget: [90, 180] },
    });
    expect((day9.raw as Record<string, unknown>).garmin_race_predictions).toEqual({ '5km': 1210, '10km': 2520, half: 5580, marathon: 11820 });
    // The sleep, HRV and readiness of the same day are still there (raw is merged key by key).
    expect(day9.training_readiness).toBe(77);
    expect((day9.raw as Record<string, unknown>).sleep).toBeDefined();

    const config = await db.insertInto('trainingconfig').values({ user_id: userId, name: 'main', is_active: true, activities_days: 14, metrics_days: 14 }).returningAll().executeTakeFirstOrThrow();
    const facts = buildFacts(await loadFactsInput(db, { userId, configId: config.id, today: '2026-03-10' }));
    expect(facts.wellness.garmin?.trainingStatus).toEqual({
      date: '2026-03-10', status: 'OVERREACHING', phrase: 'OVERREACHING_2', acuteLoad: 910, chronicLoad: 500, acwr: 1.8, acwrStatus: 'HIGH', loadFocus: null,
    });
    expect(facts.wellness.garmin?.racePredictions).toEqual({ date: '2026-03-09', '5km': 1210, '10km': 2520, half: 5580, marathon: 11820 });
    const gate = recoveryGate(recoveryInputOf(facts));
    expect(gate.gated).toBe(true);
    expect(gate.reasons).toContain('Garmin training status overreaching');
  });

  it('refuses without a linked account', async () => {
    const db = getDb();
    const user = await insertUser(db, { email: 'bob@example.com', hashed_password: 'x' });
    await expect(syncGarminConnect(db, user.id, { client: clientOptions(), now: NOW })).rejects.toThrow(/no Garmin account linked/);
  });
});
