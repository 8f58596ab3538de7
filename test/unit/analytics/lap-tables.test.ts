import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { lapTables, MAX_LAP_ROWS } from '../../../src/analytics/lap-tables.js';
import { sessionsSlice } from '../../../src/workflow/facts-slices.js';

/** Laps as the FIT import writes them (src/garmin/fit-summary.ts lapSummaries). */
const runLap = (index: number, seconds: number, metres: number, hr: number) => ({
  index, start_time: null, elapsed_time_s: seconds + 2, moving_time_s: seconds, distance_m: metres, avg_hr: hr, max_hr: hr + 6,
  avg_power: null, max_power: null, normalized_power: null, avg_speed_mps: metres / seconds, avg_cadence: 88, ascent_m: null, intensity: null,
});

describe('lapTables', () => {
  it('turns laps into one compact table per session: pace for runs, only the columns some lap has', () => {
    const laps = [runLap(0, 600, 2000, 140), runLap(1, 240, 1000, 172), runLap(2, 120, 300, 150), runLap(3, 245, 1000, 175)];
    const [table] = lapTables([{ date: '2026-03-09', sport: 'running', name: 'Intervals', laps }], '2026-03-01');
    expect(table).toEqual({
      date: '2026-03-09', sport: 'running', name: 'Intervals', laps: 4,
      columns: ['lap', 'duration_s', 'distance_m', 'avgHr_bpm', 'maxHr_bpm', 'paceSecPerKm'],
      rows: [
        [1, 600, 2000, 140, 146, 300],
        [2, 240, 1000, 172, 178, 240],
        [3, 120, 300, 150, 156, 400],
        [4, 245, 1000, 175, 181, 245],
      ],
    });
  });

  it('gives rides speed and power, pool swims pace per 100 m; leaves out one-lap sessions, older sessions and non-lists; caps the rows', () => {
    const ride = Array.from({ length: MAX_LAP_ROWS + 5 }, (_, i) => ({ moving_time_s: 300, distance_m: 2500, avg_power: 200 + i, avg_hr: null }));
    const swim = [{ elapsed_time_s: 100, distance_m: 100 }, { elapsed_time_s: 95, distance_m: 100 }];
    const tables = lapTables(
      [
        { date: '2026-02-01', sport: 'running', name: 'old', laps: [runLap(0, 300, 1000, 150), runLap(1, 300, 1000, 150)] },
        { date: '2026-03-05', sport: 'cycling', name: 'Tempo', laps: ride },
        { date: '2026-03-06', sport: 'swimming', name: null, laps: swim },
        { date: '2026-03-07', sport: 'running', name: 'one lap', laps: [runLap(0, 300, 1000, 150)] },
        { date: '2026-03-08', sport: 'running', name: 'summary only', laps: null },
      ],
      '2026-03-01',
    );
    expect(tables.map((t) => t.name)).toEqual(['Tempo', null]);
    expect(tables[0].columns).toEqual(['lap', 'duration_s', 'distance_m', 'avgPower_w', 'speedKmh']);
    expect(tables[0].laps).toBe(MAX_LAP_ROWS + 5);
    expect(tables[0].rows).toHaveLength(MAX_LAP_ROWS);
    expect(tables[0].rows[1]).toEqual([2, 300, 2500, 201, 30]);
    expect(tables[1].columns).toEqual(['lap', 'duration_s', 'distance_m', 'paceSecPer100m']);
    expect(tables[1].rows).toEqual([[1, 100, 100, 100], [2, 95, 100, 95]]);
  });

  it('reaches the sessions expert through the facts for the last 14 days', () => {
    const laps = [runLap(0, 300, 1000, 150), runLap(1, 290, 1000, 160)];
    const activity = (id: string, date: string) => ({
      id, name: id, sport: 'running', sub_sport: null, start_time: new Date(`${date}T07:00:00Z`), elapsed_time_s: 600, moving_time_s: 590,
      distance_m: 2000, avg_hr: 155, max_hr: 170, avg_power: null, normalized_power: null, avg_speed_mps: 3.4, laps,
    });
    const facts = buildFacts({
      today: '2026-03-10', user: { name: 'Ada' }, config: { activities_days: 28, metrics_days: 28 },
      activities: [activity('fifteen days ago', '2026-02-24'), activity('fourteen days ago', '2026-02-25'), activity('today', '2026-03-10')],
      dailyMetrics: [], zones: [], races: [],
    });
    expect(facts.recentLaps.map((t) => t.name)).toEqual(['fourteen days ago', 'today']);
    expect(sessionsSlice(facts).recentLaps).toEqual(facts.recentLaps);
    expect(facts.recentLaps[1].rows[1]).toEqual([2, 290, 1000, 160, 166, 290]);
  });
});
