/**
 * PMC seeding: the load model reads a year of activities (history-windows.ts), so CTL on a
 * long history matches the PMC over all of it. The figure: a 300-day history read
 * through a 180-day window gave CTL 77.9 where the whole history gives 78.7 (the CTL at the
 * window's start times e^(-180/42), 1.4%, was lost).
 */
import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { addDays } from '../../../src/analytics/calendar.js';
import type { ActivityInput } from '../../../src/analytics/facts-input.js';
import { dailyLoadSeries, performanceManagement } from '../../../src/analytics/pmc.js';
import { LOAD_HISTORY_DAYS } from '../../../src/analytics/history-windows.js';

const today = '2026-11-25';
const FTP = 250;

/** One ride a day for `days` days, NP 200..235 W for 60..120 min: TSS 64..177, mean ~100. */
function history(days: number): { activities: ActivityInput[]; loads: Array<{ date: string; load: number }> } {
  const activities: ActivityInput[] = [];
  const loads: Array<{ date: string; load: number }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const date = addDays(today, -i);
    if (i % 7 === 3) continue; // a rest day a week
    const np = 200 + ((i * 7) % 36);
    const seconds = 3600 + ((i * 13) % 61) * 60;
    activities.push({
      id: `r${i}`, name: null, sport: 'cycling', sub_sport: null, start_time: new Date(`${date}T07:00:00Z`),
      elapsed_time_s: seconds, moving_time_s: seconds, distance_m: null, avg_hr: null, max_hr: null,
      avg_power: np - 10, normalized_power: np, avg_speed_mps: null,
    });
    loads.push({ date, load: (seconds * np * (np / FTP)) / (FTP * 3600) * 100 });
  }
  return { activities, loads };
}

function ctlOf(activities: ActivityInput[]): number {
  return buildFacts({
    today, user: { name: 'A' }, config: { activities_days: 28, metrics_days: 28 },
    activities, dailyMetrics: [], zones: [{ discipline: 'Cycling', metric_description: 'FTP', zone_value: `${FTP} W` }], races: [],
  }).load.current.ctl;
}

describe('PMC seeded over a year', () => {
  it('reads a year of history', () => {
    expect(LOAD_HISTORY_DAYS).toBe(365);
  });

  it('gives the CTL of the whole history for a 300-day history (the 180-day window lost 1.4% of the starting CTL)', () => {
    const { activities, loads } = history(300);
    const reference = performanceManagement(dailyLoadSeries(loads, addDays(today, -299), today)).at(-1)!.ctl;
    expect(ctlOf(activities)).toBeCloseTo(reference, 1);
    // What the old 180-day window gave, for the record: short by CTL(day 120) x e^(-180/42).
    const window180 = performanceManagement(dailyLoadSeries(loads, addDays(today, -179), today)).at(-1)!.ctl;
    expect(reference - window180).toBeGreaterThan(0.5);
  });

  it('stays within 0.07 points of the whole history for 5 years (e^(-365/42) of the CTL a year ago, plus rounding to 0.1)', () => {
    const { activities, loads } = history(5 * 365);
    const reference = performanceManagement(dailyLoadSeries(loads, addDays(today, -(5 * 365 - 1)), today)).at(-1)!.ctl;
    expect(Math.abs(ctlOf(activities) - reference)).toBeLessThan(0.07);
  });
});
