import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildFacts } from '../../src/analytics/build-facts.js';
import { loadFactsInput } from '../../src/db/training-data.repository.js';
import { insertUser } from '../../src/db/users.repository.js';
import { importGarminData } from '../../src/garmin/import-service.js';
import { describeEachDatabase } from '../support/databases.js';
import { ALL_GOOD, encodeSyntheticActivity } from '../support/fit-fixtures.js';

/**
 * The seam between ingest and analytics: rows written by the real FIT and export imports
 * (best efforts, time in zones, HR histograms in their stored shapes) go through
 * loadFactsInput and buildFacts and give the loads and distributions the formulas promise.
 */
const EXPORT_FIXTURE = join(import.meta.dirname, '../fixtures/garmin-export');

describeEachDatabase('analytics over imported Garmin data', ({ getDb }) => {
  it('scores FIT and export activities and reads the imported wellness days', async () => {
    const db = getDb();
    const user = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const config = await db
      .insertInto('trainingconfig')
      .values({ user_id: user.id, name: 'main', is_active: true, activities_days: 14, metrics_days: 14 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('training_zones')
      .values([
        { training_config_id: config.id, discipline: 'Running', metric_description: 'Threshold HR', zone_value: '168 bpm' },
        { training_config_id: config.id, discipline: 'Cycling', metric_description: 'Threshold HR', zone_value: '162 bpm' },
      ])
      .execute();

    const dir = mkdtempSync(join(tmpdir(), 'coach-analytics-'));
    const files = await Promise.all(ALL_GOOD.map((spec) => encodeSyntheticActivity(spec)));
    files.forEach((bytes, i) => writeFileSync(join(dir, `a${i}.fit`), bytes));
    const summary = await importGarminData(db, user.id, [dir, EXPORT_FIXTURE]);
    expect(summary.failed).toEqual([]);

    const input = await loadFactsInput(db, { userId: user.id, configId: config.id, today: '2026-03-07' });
    expect(input.activities.length).toBe(summary.activities.inserted);
    const facts = buildFacts(input);
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);

    const sessions = facts.load.sessions;
    expect(sessions.length).toBe(input.activities.length);
    // FIT ride with power: FTP estimated from its best 20 min (no FTP in zones) -> power TSS
    expect(facts.thresholds.ftp_w.source).toBe('estimated');
    const powerRides = sessions.filter((s) => s.sport === 'cycling' && s.normalizedPower_w !== null);
    expect(powerRides.length).toBeGreaterThan(0);
    for (const ride of powerRides) {
      expect(ride.loadMethod).toBe('tss');
      // TSS = hours x IF^2 x 100 (Coggan's formula rearranged)
      expect(ride.load).toBeCloseTo((ride.duration_s / 3600) * (ride.normalizedPower_w! / facts.thresholds.ftp_w.value!) ** 2 * 100, 0);
    }
    // FIT run with HR: hrTSS against the running LTHR the athlete set (the threshold pace is only
    // estimated), from the stored 1 Hz histogram
    expect(facts.thresholds.thresholdPaceSecPerKm.source).toBe('estimated');
    const fitRun = sessions.find((s) => s.startTime === ALL_GOOD[0].start.toISOString() && s.sport === 'running');
    expect(fitRun).toBeDefined();
    expect(fitRun!.loadMethod).toBe('hrTss');
    expect(fitRun!.load).toBeGreaterThan(0);
    expect(fitRun!.polarized_s).not.toBeNull();
    // A run without sensors still has a pace-based or no load, never a made-up one
    for (const s of sessions) if (s.avgHr_bpm === null && s.avgPower_w === null && s.avgPaceSecPerKm === null) expect(s.loadMethod).toBe('none');

    expect(facts.intensity.model).not.toBe(undefined);
    expect(facts.data.metricsDays).toBeGreaterThan(0);
    expect(facts.wellness.series.some((p) => p.hrv_ms === 60 && p.date === '2026-03-02')).toBe(true);
    expect(facts.bestEfforts.power_w['20min']).toBeGreaterThan(0);
    // The FIT import's best sustained HR reaches the facts per sport
    expect(facts.bestEfforts.hr_bpm.running?.['20min']).toBeGreaterThan(100);

    // FIT pool swim: its 200 m and 400 m bests give the CSS (no CSS in zones), which scores the swim
    const { '200m': t200, '400m': t400 } = facts.bestEfforts.swim_s;
    expect(t200).toBeGreaterThan(0);
    expect(t400).toBeGreaterThan(t200);
    const css = facts.thresholds.swimCssSecPer100m;
    expect(css.source).toBe('estimated');
    expect(css.rough).toBeUndefined();
    // CSS = (400 - 200) / (t400 - t200) m/s = (t400 - t200) / 2 s per 100 m
    expect(css.value).toBeCloseTo((t400 - t200) / 2, 0);
    const swim = sessions.find((s) => s.startTime === ALL_GOOD[3].start.toISOString());
    expect(swim).toMatchObject({ sport: 'swimming', loadMethod: 'swimTss' });
    // sTSS = hours x (CSS / pace)^3 x 100
    const pace = swim!.duration_s / (swim!.distance_m! / 100);
    expect(swim!.load).toBeCloseTo((swim!.duration_s / 3600) * (css.value! / pace) ** 3 * 100, 0);
  });
});
