import { findSex } from '../../../src/db/athlete-attributes.repository.js';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { countActivities, findActivityBySourceId, listActivities } from '../../../src/db/activities.repository.js';
import { UserError } from '../../../src/errors.js';
import { countDailyMetrics, listDailyMetrics } from '../../../src/db/daily-metrics.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { activityFromGarmin } from '../../../src/garmin/garmin-summaries.js';
import { importGarminData } from '../../../src/garmin/import-service.js';
import { describeEachDatabase } from '../../support/databases.js';
import { ALL_GOOD, RIDE_WITH_POWER, RUN_WITH_HR, SWIM_NO_POWER, encodeSyntheticActivity, writeFitFolder } from '../../support/fit-fixtures.js';
import { writeZip } from '../../support/zip-writer.js';

const EXPORT_FIXTURE = join(import.meta.dirname, '../../fixtures/garmin-export');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'coach-import-'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

describeEachDatabase('garmin import', ({ getDb }) => {
  const user = (email = 'ada@example.com') =>
    insertUser(getDb(), { email, full_name: 'Ada', hashed_password: 'x', is_active: true });

  it('imports a folder of FIT files recursively, reports each bad file, and is idempotent', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    const { good, bad } = await writeFitFolder(dir);
    const failures: string[] = [];
    const first = await importGarminData(db, id, [dir], { onFailure: (label) => failures.push(label) });
    expect(first.activities).toEqual({ inserted: good, updated: 0, unchanged: 0 });
    expect(first.failed.map((f) => f.input).sort()).toEqual([...bad].sort());
    expect(failures.sort()).toEqual([...bad].sort());
    expect(first.failed.find((f) => f.input.endsWith('notes.fit'))!.reason).toBe('not a FIT file');
    expect(first.failed.find((f) => f.input.endsWith('truncated.fit'))!.reason).toMatch(/integrity/);
    expect(await countActivities(db, id)).toBe(good);

    const second = await importGarminData(db, id, [dir]);
    expect(second.activities).toEqual({ inserted: 0, updated: 0, unchanged: good });
    expect(await countActivities(db, id)).toBe(good);

    const ride = await findActivityBySourceId(db, id, `222:${RIDE_WITH_POWER.start.getTime() / 1000}`);
    expect(ride?.sport).toBe('cycling');
    expect(ride?.normalized_power).toBeGreaterThan(ride!.avg_power!);
    expect((ride?.best_efforts as { power_w: Record<string, number> }).power_w['20min']).toBeGreaterThan(150);
    expect((ride?.laps as unknown[]).length).toBeGreaterThan(5);
  });

  it('updates the row when a newer version of the same recording arrives', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    writeFileSync(join(dir, 'run.fit'), await encodeSyntheticActivity(RUN_WITH_HR));
    await importGarminData(db, id, [dir]);
    const before = await findActivityBySourceId(db, id, `111:${RUN_WITH_HR.start.getTime() / 1000}`);
    // Same device and creation time, different content (e.g. re-saved with more data).
    writeFileSync(join(dir, 'run.fit'), await encodeSyntheticActivity({ ...RUN_WITH_HR, durationS: 3600 }));
    const again = await importGarminData(db, id, [dir]);
    expect(again.activities).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const after = await findActivityBySourceId(db, id, before!.source_id);
    expect(after!.id).toBe(before!.id);
    expect(after!.elapsed_time_s).toBe(3600);
    expect(after!.content_hash).not.toBe(before!.content_hash);
    expect(await countActivities(db, id)).toBe(1);
  });

  it('imports the account export folder: activities and merged daily metrics, idempotently', async () => {
    const db = getDb();
    const { id } = await user();
    const summary = await importGarminData(db, id, [EXPORT_FIXTURE]);
    expect(summary.failed).toEqual([]);
    expect(summary.activities.inserted).toBe(3);
    expect(summary.metricDays).toBe(4);
    expect(summary.ignored).toBeGreaterThanOrEqual(1); // README.md
    // DI-Connect-User/user_profile.json: Garmin's gender, kept as what Garmin says.
    expect(await findSex(db, id)).toEqual({ sex: 'female', source: 'garmin' });
    const run = await findActivityBySourceId(db, id, '20000000001');
    expect(run).toMatchObject({ source: 'export', sport: 'running', sub_sport: 'running', name: 'Easy Run', avg_hr: 142 });
    expect(run!.distance_m).toBeCloseTo(10023.5, 1);
    expect(run!.elapsed_time_s).toBe(3100);
    expect(run!.avg_speed_mps).toBeCloseTo(3.327, 2);
    expect(run!.ascent_m).toBe(85);
    expect(run!.start_time.toISOString()).toBe('2026-03-02T06:30:00.000Z');
    expect((run!.hr_time_in_zones as { zones: Array<{ seconds: number }> }).zones.map((z) => z.seconds)).toEqual([300, 1800, 900, 12]);
    const ride = await findActivityBySourceId(db, id, '20000000002');
    expect(ride).toMatchObject({ sport: 'cycling', normalized_power: 238, avg_power: 215 });
    expect(ride!.best_efforts).toEqual({ power_w: { '5s': 690, '1min': 410, '5min': 300, '20min': 262, '60min': 230 }, run_s: {} });

    const days = await listDailyMetrics(db, id);
    expect(days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    const march2 = days[1];
    expect(march2).toMatchObject({
      resting_hr: 49, steps: 9100, stress_avg: 29, body_battery_high: 84, body_battery_low: 21,
      sleep_duration_s: 5400 + 14400 + 6000, sleep_score: 78, hrv_nightly_avg: 60, hrv_status: 'BALANCED', vo2max: 54,
    });
    expect(march2.sleep_stages).toEqual({ deep_s: 5400, light_s: 14400, rem_s: 6000, awake_s: 900 });
    expect(Object.keys(march2.raw as object).sort()).toEqual(['hrv', 'sleep', 'summary', 'vo2max']);
    expect(days[3].training_readiness).toBe(71);

    const again = await importGarminData(db, id, [EXPORT_FIXTURE]);
    expect(again.activities).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await countActivities(db, id)).toBe(3);
    expect(await countDailyMetrics(db, id)).toBe(4);
    expect(await listDailyMetrics(db, id)).toEqual(expect.arrayContaining([expect.objectContaining({ ...march2, updated_at: expect.any(Date) })]));
  });

  it('imports a zipped export with nested FIT zips; a broken entry is reported alone', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    const fits = await Promise.all(ALL_GOOD.slice(0, 3).map((spec) => encodeSyntheticActivity(spec)));
    const innerZip = join(dir, 'inner.zip');
    writeZip(innerZip, [
      { name: 'a.fit', data: fits[0] },
      { name: 'b.fit', data: fits[1], corrupt: true },
    ]);
    const entries = filesUnder(EXPORT_FIXTURE).map((p) => ({ name: relative('.', p), data: readFileSync(join(EXPORT_FIXTURE, p)) }));
    const zipPath = join(dir, 'export.zip');
    writeZip(zipPath, [
      ...entries,
      { name: 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', data: readFileSync(innerZip) },
      { name: 'DI_CONNECT/DI-Connect-Uploaded-Files/c.fit', data: fits[2] },
    ]);
    const summary = await importGarminData(db, id, [zipPath]);
    // a.fit is the export's "Easy Run" (same start): it replaces that summary row.
    expect(summary.activities).toEqual({ inserted: 3 + 1, updated: 1, unchanged: 0 });
    expect(summary.metricDays).toBe(4);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].input).toBe(`${zipPath}!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!b.fit`);
    expect(summary.failed[0].reason).toMatch(/broken zip entry/);
    const sources = (await listActivities(db, id)).map((a) => a.source).sort();
    expect(sources).toEqual(['export', 'export', 'fit', 'fit']);
    const run = await findActivityBySourceId(db, id, `111:${RUN_WITH_HR.start.getTime() / 1000}`);
    expect(run).toMatchObject({ name: 'Easy Run', garmin_training_load: 88.2, source: 'fit' });
    const again = await importGarminData(db, id, [zipPath]);
    expect(again.activities).toEqual({ inserted: 0, updated: 0, unchanged: 5 });
    expect(await countActivities(db, id)).toBe(4);
  });

  it('keeps one row when the FIT file arrives before the export summary of the same activity', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    writeFileSync(join(dir, 'run.fit'), await encodeSyntheticActivity(RUN_WITH_HR));
    await importGarminData(db, id, [dir]);
    const summary = await importGarminData(db, id, [EXPORT_FIXTURE]);
    expect(summary.activities).toEqual({ inserted: 2, updated: 0, unchanged: 1 });
    expect(await countActivities(db, id)).toBe(3);
    const run = await findActivityBySourceId(db, id, `111:${RUN_WITH_HR.start.getTime() / 1000}`);
    expect(run).toMatchObject({ source: 'fit', name: 'Easy Run', garmin_training_load: 88.2 });
    expect(await findActivityBySourceId(db, id, '20000000001')).toBeUndefined();
    // The FIT file again: unchanged, and the name stays.
    const fitAgain = await importGarminData(db, id, [dir]);
    expect(fitAgain.activities).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await findActivityBySourceId(db, id, run!.source_id))!.name).toBe('Easy Run');
  });

  it('reports an empty folder, a missing path, a non-zip .zip and an unrecognised file; nothing is written', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'fake.zip'), 'not a zip');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'broken_summarizedActivities.json'), '[{"summarizedActivitiesExport": [');
    const summary = await importGarminData(db, id, [
      join(dir, 'empty'), join(dir, 'missing'), join(dir, 'fake.zip'), join(dir, 'notes.txt'), join(dir, 'broken_summarizedActivities.json'),
    ]);
    expect(summary.failed.map((f) => f.reason)).toEqual([
      'no FIT files or Garmin export data in this folder',
      expect.stringMatching(/^not a readable zip archive/),
      'not a FIT file, zip or Garmin export JSON',
      'not valid JSON',
    ]);
    // A path that does not exist is not a corrupt file: it is reported on its own.
    expect(summary.missing).toEqual([join(dir, 'missing')]);
    expect(await countActivities(db, id)).toBe(0);
  });

  it("stores a FIT pool swim's sub-sport as lap_swimming, the spelling Connect and the export use", async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    writeFileSync(join(dir, 'swim.fit'), await encodeSyntheticActivity(SWIM_NO_POWER));
    await importGarminData(db, id, [dir]);
    const [swim] = await listActivities(db, id);
    expect(swim).toMatchObject({ source: 'fit', sport: 'swimming', sub_sport: 'lap_swimming' });
    const fromConnect = activityFromGarmin({ activityId: 7, startTimeGMT: '2026-03-06 07:00:00', activityType: { typeKey: 'lap_swimming' } }, 'connect');
    expect(fromConnect.sub_sport).toBe(swim!.sub_sport);
  });

  it('refuses an import where no path exists, with one line naming them', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    const missing = ['a.fit', 'b', 'c.zip', 'd.json'].map((name) => join(dir, name));
    const failures: string[] = [];
    const error = await importGarminData(db, id, missing, { onMissing: (path) => failures.push(path) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`nothing to import: not found: ${missing.slice(0, 3).join(', ')} and 1 more`);
    expect(failures).toEqual([]);
    expect(await countActivities(db, id)).toBe(0);
  });

  it('imports what exists next to a missing path and lists the missing one apart', async () => {
    const db = getDb();
    const { id } = await user();
    const dir = tempDir();
    writeFileSync(join(dir, 'ride.fit'), await encodeSyntheticActivity(RIDE_WITH_POWER));
    const seen: string[] = [];
    const summary = await importGarminData(db, id, [join(dir, 'nope.fit'), join(dir, 'ride.fit')], { onMissing: (path) => seen.push(path) });
    expect(summary.activities).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(summary.failed).toEqual([]);
    expect(summary.missing).toEqual([join(dir, 'nope.fit')]);
    expect(seen).toEqual([join(dir, 'nope.fit')]);
  });

  it("keeps users apart and buckets time in the user's own zones", async () => {
    const db = getDb();
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const config = await db.insertInto('trainingconfig').values({ user_id: ada.id, name: 'main', is_active: true }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('training_zones').values({ training_config_id: config.id, discipline: 'Cycling', metric_description: 'FTP', zone_value: '240 W' }).execute();
    const dir = tempDir();
    writeFileSync(join(dir, 'ride.fit'), await encodeSyntheticActivity(RIDE_WITH_POWER));
    await importGarminData(db, ada.id, [dir]);
    await importGarminData(db, bob.id, [dir]);
    const [adaRide] = await listActivities(db, ada.id);
    const [bobRide] = await listActivities(db, bob.id);
    expect((adaRide.power_time_in_zones as { basis: string }).basis).toBe('Coggan % of FTP 240 W (zones)');
    expect((bobRide.power_time_in_zones as { basis: string }).basis).toBe('Coggan % of FTP 250 W (device)');
    expect(adaRide.id).not.toBe(bobRide.id);
  });
});
