import { describe, expect, it } from 'vitest';
import { isoWeekStartDay, fromDayNumber, toDayNumber } from '../../../src/analytics/calendar.js';
import { dailyLoadSeries } from '../../../src/analytics/pmc.js';
import { monotony, weeklySummaries } from '../../../src/analytics/weekly.js';

describe('ISO weeks', () => {
  it('start on Monday', () => {
    // 2026-11-25 is a Wednesday; 2026-11-23 a Monday; 2026-11-29 a Sunday
    expect(fromDayNumber(isoWeekStartDay(toDayNumber('2026-11-25')))).toBe('2026-11-23');
    expect(fromDayNumber(isoWeekStartDay(toDayNumber('2026-11-23')))).toBe('2026-11-23');
    expect(fromDayNumber(isoWeekStartDay(toDayNumber('2026-11-29')))).toBe('2026-11-23');
    // before 1970 too
    expect(fromDayNumber(isoWeekStartDay(toDayNumber('1969-12-31')))).toBe('1969-12-29');
  });
});

describe('Foster monotony', () => {
  it('is mean / population SD of the daily loads', () => {
    // loads 100,0,100,0,100,0,50: mean 50; deviations +-50 (6 days) and 0 -> variance 15000/7 = 2142.857,
    // SD 46.291; monotony = 50 / 46.291 = 1.0801
    expect(monotony([100, 0, 100, 0, 100, 0, 50])).toBeCloseTo(1.0801, 4);
  });
  it('is null without variation or data', () => {
    expect(monotony([50, 50, 50, 50, 50, 50, 50])).toBeNull();
    expect(monotony([0, 0, 0, 0, 0, 0, 0])).toBeNull();
    expect(monotony([])).toBeNull();
  });
});

describe('weeklySummaries', () => {
  const sessions = [
    { date: '2026-11-16', sport: 'running' as const, load: 100, duration_s: 3600, distance_m: 12000, polarized_s: { z1: 3000, z2: 0, z3: 600 }, fiveZone_s: [1800, 1200, 0, 0, 600] },
    { date: '2026-11-18', sport: 'running' as const, load: 100, duration_s: 3600, distance_m: 12000, polarized_s: null, fiveZone_s: [0, 3600, 0, 0, 0] },
    { date: '2026-11-20', sport: 'cycling' as const, load: 100, duration_s: 7200, distance_m: null, polarized_s: { z1: 3600, z2: 3600, z3: 0 }, fiveZone_s: null },
    { date: '2026-11-22', sport: 'strength' as const, load: 50, duration_s: 1800, distance_m: null, polarized_s: null },
    { date: '2026-11-24', sport: 'running' as const, load: 40, duration_s: 2400, distance_m: 8000, polarized_s: null },
  ];
  const daily = dailyLoadSeries(sessions, '2026-11-01', '2026-11-25');
  const weeks = weeklySummaries(daily, sessions, '2026-11-10', '2026-11-25');

  it('covers each ISO week from the first to today', () => {
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(weeks[0]).toMatchObject({ load: 0, sessions: 0, monotony: null, strain: null, polarized_pct: null, fiveZone_pct: null, bySport: {} });
  });
  it('totals a full week with monotony and strain', () => {
    const w = weeks[1];
    expect(w).toMatchObject({ load: 350, duration_s: 16200, distance_m: 24000, sessions: 4 });
    expect(w.bySport).toEqual({
      // running: one zoned session (3000 / 0 / 600 of 3600 -> 83.3 / 0 / 16.7);
      // five zones over both: 1800 / 4800 / 0 / 0 / 600 of 7200 -> 25 / 66.7 / 0 / 0 / 8.3
      running: { load: 200, duration_s: 7200, distance_m: 24000, sessions: 2, polarized_pct: { z1: 83.3, z2: 0, z3: 16.7 }, fiveZone_pct: [25, 66.7, 0, 0, 8.3] },
      cycling: { load: 100, duration_s: 7200, distance_m: 0, sessions: 1, polarized_pct: { z1: 50, z2: 50, z3: 0 }, fiveZone_pct: null },
      strength: { load: 50, duration_s: 1800, distance_m: 0, sessions: 1, polarized_pct: null, fiveZone_pct: null },
    });
    // the week's five zones: only the runs have them
    expect(w.fiveZone_pct).toEqual([25, 66.7, 0, 0, 8.3]);
    // daily 100,0,100,0,100,0,50 -> monotony 1.08, strain 350 x 1.0801 = 378.0
    expect(w.monotony).toBe(1.08);
    expect(w.strain).toBeCloseTo(378.0, 1);
    // zoned: z1 6600, z2 3600, z3 600 of 10800 -> 61.1 / 33.3 / 5.6
    expect(w.polarized_pct).toEqual({ z1: 61.1, z2: 33.3, z3: 5.6 });
  });
  it('leaves monotony null for the partial current week', () => {
    expect(weeks[2]).toMatchObject({ load: 40, sessions: 1, monotony: null, strain: null });
  });
  it('is empty for an inverted range', () => {
    expect(weeklySummaries(daily, sessions, '2026-12-10', '2026-11-25')).toEqual([]);
  });
});

describe('day numbers', () => {
  it('round-trip every day over four centuries of edge cases', () => {
    for (const date of ['1970-01-01', '1969-12-31', '2000-02-29', '2100-02-28', '2100-03-01', '2026-11-25', '1600-03-01', '2400-02-29']) {
      expect(fromDayNumber(toDayNumber(date))).toBe(date);
    }
    const start = toDayNumber('1999-12-01');
    for (let d = start; d < start + 12_000; d++) {
      expect(fromDayNumber(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
