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
      trainingStatus: null,
      racePredictions: null,
    });
  });

  it("takes Garmin's latest training status and race predictions of the week as the sync stored them; malformed ones are ignored", () => {
    const status = { status: 'UNPRODUCTIVE', phrase: 'UNPRODUCTIVE_1', acuteLoad: 300, chronicLoad: 420, acwr: 0.7, acwrStatus: 'LOW', loadFocus: { phrase: 'AEROBIC_HIGH_SHORTAGE', aerobicLow: 500, aerobicHigh: 60, anaerobic: 95 } };
    const metrics = [
      day('2026-03-02', { garmin_training_status: { ...status, status: 'PEAKING' } }), // older than 7 days
      day('2026-03-08', { garmin_training_status: status, garmin_race_predictions: { '5km': 1300, '10km': 2700, half: 6000, marathon: 12600 } }),
      day('2026-03-09', { garmin_training_status: 'garbage', garmin_race_predictions: { '5km': -1 } }),
    ];
    const g = garminWellness(metrics, '2026-03-10')!;
    expect(g.trainingStatus).toEqual({ date: '2026-03-08', ...status, loadFocus: { phrase: 'AEROBIC_HIGH_SHORTAGE', aerobicLow: 500, aerobicHigh: 60, anaerobic: 95 } });
    expect(g.racePredictions).toEqual({ date: '2026-03-08', '5km': 1300, '10km': 2700, half: 6000, marathon: 12600 });
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

  it("closes on Garmin's overreaching, unproductive or strained status of today or yesterday; productive or stale statuses leave it open", async () => {
    const { recoveryGate, recoveryInputOf } = await import('../../../src/plan/recovery-gate.js');
    const gateFor = (date: string, status: string) => recoveryGate(recoveryInputOf(buildFacts({
      today: '2026-03-10', user: { name: 'Ada' }, config: { activities_days: 28, metrics_days: 28 }, activities: [], zones: [], races: [],
      dailyMetrics: [day(date, { garmin_training_status: { status, phrase: `${status}_1`, acuteLoad: 500, chronicLoad: 400 } })],
    })));
    expect(gateFor('2026-03-09', 'UNPRODUCTIVE').reasons).toEqual(['Garmin training status unproductive']);
    expect(gateFor('2026-03-10', 'STRAINED').gated).toBe(true);
    expect(gateFor('2026-03-10', 'PRODUCTIVE').gated).toBe(false);
    expect(gateFor('2026-03-07', 'OVERREACHING').gated).toBe(false);
  });

  it("the offline recovery expert names Garmin's status and readiness with their source", async () => {
    const { offlineRecoveryExpert } = await import('../../../src/workflow/offline-coach/experts.js');
    const facts = buildFacts({
      today: '2026-03-10', user: { name: 'Ada' }, config: { activities_days: 28, metrics_days: 28 }, activities: [], zones: [], races: [],
      dailyMetrics: [day('2026-03-10', { training_readiness: 28, garmin_training_status: { status: 'OVERREACHING', phrase: 'OVERREACHING_1', acuteLoad: 910, chronicLoad: 500 } })],
    });
    const text = offlineRecoveryExpert(facts).content;
    expect(text).toContain('Garmin training readiness 28 (2026-03-10; source garmin)');
    expect(text).toContain('Garmin training status overreaching (2026-03-10, acute load 910 against chronic 500; source garmin)');
  });
});
