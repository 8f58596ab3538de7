import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { addDays } from '../../../src/analytics/calendar.js';
import type { ActivityInput, DailyMetricInput, FactsInput } from '../../../src/analytics/facts-input.js';
import { acwrBand } from '../../../src/analytics/pmc.js';

const today = '2026-11-25';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const activityArb: fc.Arbitrary<ActivityInput> = fc.record({
  id: fc.uuid(),
  name: maybe(fc.string({ maxLength: 10 })),
  sport: fc.constantFrom('running', 'cycling', 'swimming', 'training', 'hiking', 'lap_swimming', 'virtual_ride'),
  sub_sport: maybe(fc.constantFrom('strength_training', 'treadmill', 'generic', 'lapSwimming', 'openWater')),
  start_time: fc.integer({ min: -400, max: 3 }).chain((d) => fc.integer({ min: 0, max: 86_399 }).map((s) => new Date(Date.parse(`${addDays(today, d)}T00:00:00Z`) + s * 1000))),
  elapsed_time_s: maybe(fc.integer({ min: 0, max: 30_000 })),
  moving_time_s: maybe(fc.integer({ min: 0, max: 30_000 })),
  distance_m: maybe(fc.double({ min: 0, max: 200_000, noNaN: true })),
  avg_hr: maybe(fc.integer({ min: 40, max: 210 })),
  max_hr: maybe(fc.integer({ min: 60, max: 240 })),
  avg_power: maybe(fc.integer({ min: 0, max: 600 })),
  normalized_power: maybe(fc.integer({ min: 0, max: 700 })),
  avg_speed_mps: fc.constant(null),
  hr_time_in_zones: fc.oneof(
    fc.constant(null),
    fc.constant('junk'),
    fc.array(fc.record({ name: fc.constantFrom('Z1', 'Z2', 'Z3', 'Z4', 'Z5'), min: maybe(fc.integer({ min: 60, max: 200 })), max: maybe(fc.integer({ min: 60, max: 210 })), seconds: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 6 }).map((zones) => ({ basis: 'hr', zones })),
  ),
  best_efforts: fc.oneof(
    fc.constant(null),
    fc.record({ power_w: fc.dictionary(fc.constantFrom('5s', '1min', '5min', '20min', '60min'), fc.integer({ min: 0, max: 1500 })), run_s: fc.dictionary(fc.constantFrom('1km', '5km', '10km', 'half'), fc.integer({ min: 0, max: 12_000 })) }),
    fc.record({
      hr_bpm: fc.dictionary(fc.constantFrom('20min', '30min', '60min', 'x'), fc.oneof(fc.double({ min: 30, max: 260, noNaN: true }), fc.constant('junk'))),
      swim_s: fc.dictionary(fc.constantFrom('100m', '200m', '400m', '1mi'), fc.integer({ min: -10, max: 3000 })),
    }),
  ),
});

const metricArb = (offset: number): fc.Arbitrary<DailyMetricInput> =>
  fc.record({
    date: fc.constant(addDays(today, -offset)),
    resting_hr: maybe(fc.integer({ min: 30, max: 90 })),
    hrv_nightly_avg: maybe(fc.integer({ min: 5, max: 200 })),
    sleep_duration_s: maybe(fc.integer({ min: 0, max: 50_000 })),
    sleep_score: maybe(fc.integer({ min: 0, max: 100 })),
  });

const inputArb: fc.Arbitrary<FactsInput> = fc.record({
  today: fc.constant(today),
  user: fc.record({ name: maybe(fc.string({ maxLength: 8 })), sex: fc.constantFrom(null, 'male' as const, 'female' as const) }),
  config: fc.record({ activities_days: fc.integer({ min: 1, max: 400 }), metrics_days: fc.integer({ min: 1, max: 200 }) }),
  activities: fc.array(activityArb, { maxLength: 60 }),
  dailyMetrics: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 80 }).chain((offsets) => fc.tuple(...offsets.map(metricArb))),
  zones: fc.tuple(fc.subarray([
    { discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' },
    { discipline: 'Running', metric_description: 'LTHR', zone_value: '168 bpm' },
    { discipline: 'Running', metric_description: 'Threshold pace', zone_value: '4:40/km' },
    { discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:50/100m' },
    { discipline: 'Running', metric_description: 'Max HR', zone_value: '192 bpm' },
    { discipline: 'Running', metric_description: 'Z9', zone_value: 'whatever' },
  ]), fc.boolean()).map(([rows, fiveZones]) =>
    fiveZones ? [...rows, ...['< 140', '140-152', '153-162', '163-172', '173+'].map((v, i) => ({ discipline: 'Running', metric_description: `Z${i + 1}`, zone_value: `${v} bpm` }))] : rows,
  ),
  races: fc.array(
    fc.record({
      id: fc.uuid(),
      name: fc.string({ minLength: 1, maxLength: 8 }),
      date: fc.integer({ min: -200, max: 400 }).map((d) => addDays(today, d)),
      race_type: maybe(fc.constantFrom('Marathon', 'Half Marathon', '10K', '5K', 'Ironman', 'Century', 'Olympic triathlon', 'fun')),
      priority: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
      target_time: maybe(fc.constantFrom('3:00:00', '40:00', '99:99', '01:30:00')),
    }),
    { maxLength: 4 },
  ),
});

describe('buildFacts properties over random inputs', () => {
  it('always returns consistent, JSON-safe facts', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const facts = buildFacts(input);
        // JSON-safe: the round trip is lossless (no NaN, Infinity, undefined or Dates)
        expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);

        const { daily, sessions, weeks, current } = facts.load;
        expect(daily[daily.length - 1].date).toBe(today);
        for (let i = 1; i < daily.length; i++) expect(daily[i].date).toBe(addDays(daily[i - 1].date, 1));
        expect(facts.data.activities).toBe(sessions.length);
        for (const s of sessions) {
          expect(s.date >= facts.range.activitiesFrom && s.date <= today).toBe(true);
          expect(s.load).toBeGreaterThanOrEqual(0);
          if (s.loadMethod === 'none') expect(s.load).toBe(0);
        }
        // CTL/ATL are averages of daily loads (>= 0, seed 0): within [0, max daily load of the history]
        expect(current.ctl).toBeGreaterThanOrEqual(0);
        expect(current.atl).toBeGreaterThanOrEqual(0);
        // every daily load in the history is a sum of session loads; a generous bound is the sum of all loads
        const allLoads = sessions.reduce((a, s) => a + s.load, 0);
        if (facts.range.activitiesFrom <= addDays(today, -179)) expect(current.ctl).toBeLessThanOrEqual(allLoads + 0.1);
        // weekly loads sum the daily loads of their days
        const dailyByDate = new Map(daily.map((p) => [p.date, p.load]));
        for (const w of weeks) {
          let sum = 0;
          let covered = true;
          for (let d = 0; d < 7; d++) {
            const date = addDays(w.weekStart, d);
            if (date > today) break;
            if (!dailyByDate.has(date)) covered = false;
            sum += dailyByDate.get(date) ?? 0;
          }
          if (covered) expect(w.load).toBeCloseTo(sum, 0);
          if (w.monotony !== null) expect(w.strain).not.toBeNull();
        }
        // the band follows the ratio
        if (current.acwrRolling !== null) expect(current.acwrBand).toBe(acwrBand(current.acwrRolling));
        if (current.acwrBand === 'insufficient') expect(current.acwrRolling).toBeNull();
        // percentages add up to ~100
        const pct = facts.intensity.polarized_pct;
        if (pct) expect(pct.z1 + pct.z2 + pct.z3).toBeCloseTo(100, 0);
        const fiveZoneSplits = [
          facts.intensity.fiveZone_pct,
          ...Object.values(facts.intensity.fiveZoneBySport_pct),
          ...weeks.flatMap((w) => [w.fiveZone_pct, ...Object.values(w.bySport).map((v) => v!.fiveZone_pct)]),
        ];
        for (const five of fiveZoneSplits) {
          if (five === null || five === undefined) continue;
          expect(five).toHaveLength(5);
          expect(five.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
        }
        for (const w of weeks) for (const v of Object.values(w.bySport)) if (v!.polarized_pct) expect(v!.polarized_pct.z1 + v!.polarized_pct.z2 + v!.polarized_pct.z3).toBeCloseTo(100, 0);
        // thresholds: estimates are plausible; a rough threshold HR never scores a session
        const t = facts.thresholds;
        for (const threshold of [t.ftp_w, t.thresholdHr_bpm, t.thresholdPaceSecPerKm, t.swimCssSecPer100m, t.maxHr_bpm, ...Object.values(t.thresholdHrBySport_bpm)]) {
          if (threshold!.value !== null) expect(threshold!.value).toBeGreaterThan(0);
          else expect(threshold!.source).toBe('none');
        }
        if (t.swimCssSecPer100m.source === 'estimated') {
          expect(t.swimCssSecPer100m.value).toBeGreaterThanOrEqual(50);
          expect(t.swimCssSecPer100m.value).toBeLessThanOrEqual(600);
        }
        for (const [sport, lthr] of Object.entries(t.thresholdHrBySport_bpm)) {
          if (lthr!.source === 'estimated') expect(['running', 'cycling']).toContain(sport);
        }
        if (t.thresholdHr_bpm.rough) {
          for (const s of sessions) if (s.loadMethod === 'hrTss') expect(t.thresholdHrBySport_bpm[s.sport]).toBeDefined();
        }
        // races are sorted and the phase follows the next A race
        for (let i = 1; i < facts.races.length; i++) expect(facts.races[i - 1].date <= facts.races[i].date).toBe(true);
        if (facts.season.nextARace) expect(facts.races.some((r) => r.id === facts.season.nextARace!.id && r.priority === 'A' && !r.isPast)).toBe(true);
        expect(facts.wellness.series).toHaveLength(input.config.metrics_days);
      }),
      { numRuns: 60 },
    );
  });
});
