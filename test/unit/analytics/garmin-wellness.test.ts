import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { garminWellness } from '../../../src/analytics/garmin-wellness.js';
import type { DailyMetricInput } from '../../../src/analytics/facts-input.js';
import { recoverySlice } from '../../../src/workflow/facts-slices.js';

const day = (date: string, extra: Partial<DailyMetricInput>): DailyMetricInput => ({
  date, resting_hr: 48, hrv_nightly_avg: 60, sleep_duration_s: 27000, sleep_score: 80, ...extra,
});

describe('garminWellness', () => {
  it("summarises Garmin's figures of the last 7 days with their source: latest value, its date and the mean", () => {
    const metrics = [
      day('2026-03-01', { training_readiness: 10, stress_avg: 90 }), // older than 7 days: left out
      day('2026-03-05', { training_readiness: 70, body_battery_high: 90, body_battery_low: 20, stress_avg: 30, hrv_status: 'BALANCED', vo2max: 55 }),
      day('2026-03-09', { training_readiness: 40, body_battery_high: 60, body_battery_low: 15, stress_avg: 45, hrv_status: 'UNBALANCED' }),
      day('2026-03-10', { training_readiness: null, stress_avg: null }),
    ];
    expect(garminWellness(metrics, '2026-03-10')).toEqual({
      source: 'garmin',
      trainingReadiness: { latest: 40, latestDate: '2026-03-09', avg7d: 55 },
      bodyBatteryHigh: { latest: 60, latestDate: '2026-03-09', avg7d: 75 },
      bodyBatteryLow: { latest: 15, latestDate: '2026-03-09', avg7d: 17.5 },
      stressAvg: { latest: 45, latestDate: '2026-03-09', avg7d: 37.5 },
      vo2max: { latest: 55, latestDate: '2026-03-05', avg7d: 55 },
      hrvStatus: 'UNBALANCED',
    });
  });

  it('is null without any Garmin figure, and reaches the recovery expert through the facts', () => {
    expect(garminWellness([day('2026-03-10', {})], '2026-03-10')).toBeNull();
    const facts = buildFacts({
      today: '2026-03-10', user: { name: 'Ada' }, config: { activities_days: 28, metrics_days: 28 }, activities: [], zones: [], races: [],
      dailyMetrics: [day('2026-03-10', { training_readiness: 33, body_battery_high: 41 })],
    });
    expect(facts.wellness.garmin?.trainingReadiness).toEqual({ latest: 33, latestDate: '2026-03-10', avg7d: 33 });
    expect(recoverySlice(facts).wellness.garmin).toEqual(facts.wellness.garmin);
  });
});

describe('the recovery gate takes fresh Garmin readiness and body battery from the facts', () => {
  it('closes on low readiness of yesterday and low body battery of today; stale figures are left out', async () => {
    const { recoveryGate, recoveryInputOf } = await import('../../../src/plan/recovery-gate.js');
    const facts = (metrics: DailyMetricInput[]) => buildFacts({
      today: '2026-03-10', user: { name: 'Ada' }, config: { activities_days: 28, metrics_days: 28 }, activities: [], zones: [], races: [], dailyMetrics: metrics,
    });
    const fresh = recoveryInputOf(facts([day('2026-03-09', { training_readiness: 12 }), day('2026-03-10', { body_battery_high: 9 })]));
    expect(fresh).toMatchObject({ trainingReadiness: 12, bodyBattery: 9 });
    expect(recoveryGate(fresh).reasons.join('; ')).toMatch(/Garmin training readiness 12 .*body battery 9/);
    const stale = recoveryInputOf(facts([day('2026-03-07', { training_readiness: 12, body_battery_high: 9 })]));
    expect(stale).toMatchObject({ trainingReadiness: null, bodyBattery: null });
  });
});
