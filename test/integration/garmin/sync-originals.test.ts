/**
 * Sync downloads each new activity's original FIT file (a zip, made here with Garmin's
 * encoder) and imports it as a file import would; a refused download keeps the summary and
 * the next sync tries again. Against the local Garmin-shaped server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { countActivities, findActivityBySourceId, listActivities } from '../../../src/db/activities.repository.js';
import { upsertGarminAccount } from '../../../src/db/garmin-accounts.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { encryptSecret } from '../../../src/garmin/credential-crypto.js';
import { syncGarminConnect } from '../../../src/garmin/sync-service.js';
import { encodeSyntheticActivity, truncated } from '../../../src/garmin/synthetic-fit.js';
import { describeEachDatabase } from '../../support/databases.js';
import { connectActivity, startFakeGarmin, type FakeGarmin, fakeClientOptions } from '../../support/fake-garmin.js';
import { zipBytes } from '../../support/zip-writer.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const savedEnv = { ...process.env };

const RUN = { sport: 'running' as const, start: new Date('2026-03-09T06:30:00Z'), durationS: 2400, serialNumber: 501, seed: 7 };
const RIDE = { sport: 'cycling' as const, start: new Date('2026-03-08T16:00:00Z'), durationS: 3000, withPower: true, deviceFtp: 250, serialNumber: 502, seed: 8 };
const SWIM = { sport: 'swimming' as const, start: new Date('2026-03-07T07:00:00Z'), durationS: 1500, serialNumber: 503, seed: 9 };

let server: FakeGarmin;
let fit: { run: Uint8Array; ride: Uint8Array; swim: Uint8Array };
const delays: number[] = [];

beforeAll(async () => {
  process.env.COACH_SECRET_KEY = 'a'.repeat(64);
  fit = { run: await encodeSyntheticActivity(RUN), ride: await encodeSyntheticActivity(RIDE), swim: await encodeSyntheticActivity(SWIM) };
});
afterAll(() => {
  process.env = savedEnv;
});
beforeEach(async () => {
  process.env.COACH_HOME = mkdtempSync(join(tmpdir(), 'coach-sync-fit-'));
  server = await startFakeGarmin({
    email: 'ada@garmin.example',
    password: 'correct horse',
    activities: [
      connectActivity(1001, '2026-03-09 06:30:00'),
      connectActivity(1002, '2026-03-08 16:00:00', { activityType: { typeKey: 'road_biking' }, activityName: 'Tempo ride' }),
      connectActivity(1003, '2026-03-07 07:00:00', { activityType: { typeKey: 'lap_swimming' } }),
    ],
    days: {},
  });
  delays.length = 0;
});
afterEach(async () => {
  await server.close();
});

const clientOptions = () => fakeClientOptions(server, delays);

const zipOf = (name: string, data: Uint8Array) => zipBytes([{ name, data }]);
const downloads = () => server.log.filter((line) => line.startsWith('GET /download-service/'));

describeEachDatabase('garmin sync: original FIT files', ({ getDb }) => {
  async function linkedUser() {
    const db = getDb();
    const user = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    await upsertGarminAccount(db, user.id, {
      email: 'ada@garmin.example', encryptedPassword: await encryptSecret('correct horse'), activitiesDays: 7, metricsDays: 1,
    });
    return user.id;
  }

  it('imports each new activity from its original file: laps, zones, best efforts; the summary only fills the name and load', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.originals = {
      1001: { body: zipOf('1001_ACTIVITY.fit', fit.run) },
      1002: { body: zipOf('1002_ACTIVITY.fit', fit.ride) },
      1003: { body: fit.swim, contentType: 'application/octet-stream' }, // a bare FIT file is taken as well
    };
    const warnings: string[] = [];
    const first = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW, onWarning: (t) => warnings.push(t) });
    expect(first.originals).toEqual({ imported: 3, failed: [], noFile: 0 });
    expect(warnings).toEqual([]);
    expect(await countActivities(db, userId)).toBe(3);
    const rows = await listActivities(db, userId);
    expect(rows.map((r) => r.source)).toEqual(['fit', 'fit', 'fit']);
    const ride = rows.find((r) => r.sport === 'cycling')!;
    expect(ride.name).toBe('Tempo ride'); // from the summary
    expect(ride.garmin_training_load).toBe(91.5);
    expect(ride.normalized_power).toBeGreaterThan(ride.avg_power!);
    expect((ride.laps as unknown[]).length).toBe(5); // 3000 s in 600 s laps
    expect((ride.best_efforts as { power_w: Record<string, number> }).power_w['20min']).toBeGreaterThan(150);
    expect(ride.power_time_in_zones).not.toBeNull();
    const run = rows.find((r) => r.sport === 'running')!;
    expect((run.laps as Array<{ avg_hr: number }>)[0].avg_hr).toBeGreaterThan(100);
    expect(run.hr_time_in_zones).not.toBeNull();
    expect(await findActivityBySourceId(db, userId, '1001')).toBeUndefined(); // the summary row gave way

    // Next sync: the FIT rows are there, nothing is downloaded again, nothing changes.
    const before = downloads().length;
    const second = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(downloads().length).toBe(before);
    expect(second.originals).toEqual({ imported: 0, failed: [], noFile: 0 });
    expect(second.summary.activities).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await countActivities(db, userId)).toBe(3);
  });

  it('refuses an HTML page, a `../` zip entry, a truncated download and a missing file, one line each; summaries stay; the next sync takes the fixed files and does not ask again for the missing one', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.originals = {
      1001: { body: Buffer.from('<!DOCTYPE html><html><title>Sign in</title></html>'), contentType: 'text/html' },
      1002: { body: zipBytes([{ name: '../../evil.fit', data: fit.ride }]) },
      1003: { body: zipOf('1003.fit', fit.swim), truncateAt: 200 },
    };
    const warnings: string[] = [];
    const first = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW, onWarning: (t) => warnings.push(t) });
    expect(first.summary.activities).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(first.originals.imported).toBe(0);
    const reasons = Object.fromEntries(first.originals.failed.map((f) => [f.activityId, f.reason]));
    expect(reasons['1001']).toBe('Garmin sent an HTML page instead of the FIT file');
    expect(reasons['1002']).toMatch(/^the downloaded zip has an unsafe entry name/);
    expect(reasons['1003']).toMatch(/cut off|damaged or truncated/);
    expect(warnings).toHaveLength(3);
    for (const line of warnings) expect(line).not.toContain('\n');
    expect((await listActivities(db, userId)).map((r) => r.source)).toEqual(['connect', 'connect', 'connect']);

    // A truncated FIT inside a sound zip is refused by the decoder's integrity check; no file: said so.
    server.data.originals = { 1001: { body: zipOf('1001.fit', truncated(fit.run)) }, 1003: { body: zipOf('1003.fit', fit.swim), truncateAt: 200 } };
    const second = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    const again = Object.fromEntries(second.originals.failed.map((f) => [f.activityId, f.reason]));
    expect(again['1001']).toMatch(/integrity/);
    expect(again['1002']).toBe('Garmin Connect has no original file for it');
    expect(await countActivities(db, userId)).toBe(3);

    server.data.originals = {
      1001: { body: zipOf('1001.fit', fit.run) },
      1002: { body: zipOf('1002.fit', fit.ride) },
      1003: { body: zipOf('1003.fit', fit.swim) },
    };
    const before = downloads().length;
    const third = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    // 1002 answered 404 last time: remembered, not downloaded again; the refused ones are retried.
    expect(third.originals).toEqual({ imported: 2, failed: [], noFile: 1 });
    expect(downloads().slice(before).sort()).toEqual(['GET /download-service/files/activity/1001', 'GET /download-service/files/activity/1003']);
    expect((await listActivities(db, userId)).map((r) => `${r.source}:${r.sport}`).sort()).toEqual(['connect:cycling', 'fit:running', 'fit:swimming']);
    const fourth = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(fourth.originals).toEqual({ imported: 0, failed: [], noFile: 1 });
    expect(fourth.summary.activities.updated).toBe(0);
  });

  it('a manual entry (Connect\'s manualActivity) is never downloaded; a 404 is asked once, until Garmin changes the summary', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.activities = [
      connectActivity(2001, '2026-03-09 06:30:00', { manualActivity: true }),
      connectActivity(2002, '2026-03-08 06:30:00'),
    ];
    server.data.originals = {};
    const first = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(first.originals).toMatchObject({ imported: 0, noFile: 1 });
    expect(first.originals.failed.map((f) => f.activityId)).toEqual(['2002']);
    expect(downloads()).toEqual(['GET /download-service/files/activity/2002']);
    const second = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(second.originals).toEqual({ imported: 0, failed: [], noFile: 2 });
    expect(downloads()).toHaveLength(1);
    // Garmin changed the summary (the file was uploaded later): the mark goes with the old summary, the file is fetched.
    server.data.activities[1] = connectActivity(2002, '2026-03-08 06:30:00', { activityName: 'Re-uploaded' });
    server.data.originals = { 2002: { body: zipOf('2002.fit', await encodeSyntheticActivity({ ...RUN, start: new Date('2026-03-08T06:30:00Z') })) } };
    const third = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    expect(third.originals).toEqual({ imported: 1, failed: [], noFile: 1 });
  });

  it('waits out a storm of 429s on downloads, honouring Retry-After', async () => {
    const db = getDb();
    const userId = await linkedUser();
    server.data.originals = { 1001: { body: zipOf('1001.fit', fit.run) } };
    server.failures['/download-service'] = [{ status: 429, retryAfter: '3' }, { status: 429, retryAfter: '2' }, { status: 429, retryAfter: '1' }];
    const result = await syncGarminConnect(db, userId, { client: clientOptions(), now: NOW });
    // Downloads run in parallel: each 429 is waited out by its own request, as long as it asked.
    expect([...delays].sort((a, b) => b - a).slice(0, 3)).toEqual([3000, 2000, 1000]);
    expect(result.originals.imported).toBe(1);
    expect(result.originals.failed.map((f) => f.activityId).sort()).toEqual(['1002', '1003']);
  });
});
