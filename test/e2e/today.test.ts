import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/analytics/calendar.js';
import { createAnalysis, updateAnalysis } from '../../src/db/analyses.repository.js';
import { upsertDailyMetric } from '../../src/db/daily-metrics.repository.js';
import { findActiveConfig } from '../../src/db/training-configs.repository.js';
import { findUserByEmail } from '../../src/db/users.repository.js';
import { openStore, type Store } from '../robustness/harness.js';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { sampleTrainingPlan } from '../support/plan-fixtures.js';

const EMAIL = 'today@example.org';
const TODAY = '2026-12-01';
let store: Store;
let env: Record<string, string>;

/** Last night's metrics (the other 70 nights are steady, so baselines exist). */
async function lastNight(values: { hrv: number; rhr: number; sleepH: number }) {
  await store.withDb(async (db) => {
    const user = (await findUserByEmail(db, EMAIL))!;
    await upsertDailyMetric(db, user.id, { date: TODAY, hrv_nightly_avg: values.hrv, resting_hr: values.rhr, sleep_duration_s: values.sleepH * 3600, sleep_score: 80 });
  });
}

describe('coach today (built binary)', () => {
  beforeAll(async () => {
    store = await openStore(tempCoachHome());
    env = { ...store.env, COACH_TODAY: TODAY };
    const init = await runCoach(['init', '--email', EMAIL, '--name', 'Morning Gate', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
    const none = await runCoach(['today'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('coach: no structured plan yet: run coach analyze');
    await store.withDb(async (db) => {
      const user = (await findUserByEmail(db, EMAIL))!;
      const config = (await findActiveConfig(db, user.id))!;
      for (let i = 70; i >= 1; i--) {
        await upsertDailyMetric(db, user.id, { date: addDays(TODAY, -i), hrv_nightly_avg: 60 + (i % 5) - 2, resting_hr: 48 + (i % 3) - 1, sleep_duration_s: 7.5 * 3600, sleep_score: 80 });
      }
      const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
      await updateAnalysis(db, user.id, analysis.id, { status: 'completed', progress_percentage: 100, weekly_plan: sampleTrainingPlan(TODAY) });
    });
  }, 180_000);
  afterAll(async () => store?.dispose());

  it('green: exit 0, the session with its steps', async () => {
    await lastNight({ hrv: 61, rhr: 48, sleepH: 7.5 });
    const result = await runCoach(['today'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Threshold 3 x 10 min (cycling, 70 min, load 68.1, key session)');
    expect(result.stdout).toContain('- 3 x (10 min work @ 238-255 W (Z4)');
    expect(result.stdout).toContain('Readiness: GREEN');
  }, 60_000);

  it('amber: exit 10 with the reason', async () => {
    await lastNight({ hrv: 61, rhr: 48, sleepH: 5.5 });
    const result = await runCoach(['today', '--json'], { env });
    expect(result.code, result.stderr).toBe(10);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, date: TODAY, readiness: { verdict: 'amber', reasons: ['slept 5 h 30 min last night'] }, replacements: [] });
    expect(doc.sessions.map((s: { title: string }) => s.title)).toEqual(['Threshold 3 x 10 min']);
  }, 60_000);

  it('red: exit 11 and the easier session instead', async () => {
    await lastNight({ hrv: 35, rhr: 60, sleepH: 4.5 });
    const result = await runCoach(['today'], { env });
    expect(result.code, result.stderr).toBe(11);
    expect(result.stdout).toContain('Readiness: RED');
    expect(result.stdout).toMatch(/- resting HR 60 bpm, 1\d above your 60-day baseline of 4\d/);
    expect(result.stdout).toContain('Instead:\n  Easy 40 min (instead of: Threshold 3 x 10 min)');
    expect(result.stderr).toBe('');
  }, 60_000);
});
