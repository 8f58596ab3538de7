import { describe, expect, it } from 'vitest';
import type { RaceFact } from '../../../src/analytics/facts.types.js';
import { closestEffort, parseTargetTime, raceFacts, raceKind } from '../../../src/analytics/races.js';
import { riegel, predictTimeFromVdot, vdot } from '../../../src/analytics/running-formulas.js';
import { phaseForDaysToRace, seasonFacts } from '../../../src/analytics/season.js';

describe('raceKind', () => {
  it.each([
    ['Marathon', 42195, 'running'],
    ['Half Marathon', 21097.5, 'running'],
    ['half-marathon', 21097.5, 'running'],
    ['10K', 10000, 'running'],
    ['5k', 5000, 'running'],
    ['10 mile', 16093.44, 'running'],
    ['Olympic triathlon', 51500, 'other'],
    ['Sprint Triathlon', 25750, 'other'],
    ['Ironman 70.3', 113000, 'other'],
    ['Ironman', 226000, 'other'],
    ['Century', 160934.4, 'cycling'],
    ['Metric century', 100000, 'cycling'],
    ['Gran Fondo 120 km', 120000, 'cycling'],
    ['Ultra trail', null, 'running'],
    ['Open water swim 3.8 km', 3800, 'swimming'],
  ])('%s', (text, distance, sport) => {
    const kind = raceKind(text);
    if (distance === null) expect(kind.distance_m).toBeNull();
    else expect(kind.distance_m).toBeCloseTo(distance as number, 6);
    expect(kind.sport).toBe(sport);
  });
  it('is unknown for empty or unrecognised text', () => {
    expect(raceKind(null)).toEqual({ distance_m: null, sport: null });
    expect(raceKind('Club champs')).toEqual({ distance_m: null, sport: null });
  });
});

describe('parseTargetTime', () => {
  it('reads HH:MM:SS, H:MM:SS and MM:SS', () => {
    expect(parseTargetTime('03:15:00')).toBe(11700);
    expect(parseTargetTime('3:15:00')).toBe(11700);
    expect(parseTargetTime('42:10')).toBe(2530);
    expect(parseTargetTime('3:75:00')).toBeNull();
    expect(parseTargetTime('fast')).toBeNull();
    expect(parseTargetTime(null)).toBeNull();
  });
});

describe('raceFacts', () => {
  const runs = [
    { label: '5km', distance_m: 5000, time_s: 1200, date: '2026-10-01' },
    { label: '10km', distance_m: 10000, time_s: 2500, date: '2026-10-10' },
  ];
  const v = Math.round(vdot(5000, 1200) * 10) / 10; // 49.8
  const races = raceFacts(
    [
      { id: 'm', name: 'City Marathon', date: '2027-02-20', race_type: 'Marathon', priority: 'A', target_time: '3:15:00' },
      { id: 'p', name: 'Autumn 10K', date: '2026-10-18', race_type: '10K', priority: 'B', target_time: '40:00' },
      { id: 'c', name: 'Gran Fondo', date: '2026-12-06', race_type: 'Gran Fondo', priority: 'C', target_time: null },
    ],
    { today: '2026-11-25', runs, vdot: v, vdotFrom: runs[0] },
  );

  it('sorts by date and counts days and weeks (negative for past races)', () => {
    expect(races.map((r) => r.id)).toEqual(['p', 'c', 'm']);
    // 2026-11-25 -> 2027-02-20: 5 + 31 + 31 + 20 = 87 days = 12.4 weeks
    expect(races[2]).toMatchObject({ daysToRace: 87, weeksToRace: 12.4, isPast: false, distance_m: 42195, sport: 'running', target_s: 11700 });
    // 2026-10-18 -> 2026-11-25: 38 days ago
    expect(races[0]).toMatchObject({ daysToRace: -38, weeksToRace: -5.4, isPast: true, predictions: [], targetGap_s: null });
  });
  it('predicts a future running race with Riegel from the closest effort and with VDOT', () => {
    const m = races[2];
    // Riegel from 10 km in 41:40: 2500 x 4.2195^1.06
    expect(m.predictions[0]).toEqual({ method: 'riegel', time_s: Math.round(riegel(2500, 10000, 42195)), from: '10km in 41:40 (2026-10-10)' });
    expect(m.predictions[1].method).toBe('vdot');
    expect(m.predictions[1].time_s).toBe(Math.round(predictTimeFromVdot(v, 42195)));
    expect(m.targetGap_s).toBe(Math.min(m.predictions[0].time_s, m.predictions[1].time_s) - 11700);
  });
  it('makes no running prediction for other sports or without efforts', () => {
    expect(races[1].predictions).toEqual([]);
    const none = raceFacts([{ id: 'x', name: 'X', date: '2026-12-01', race_type: '5K', priority: 'A', target_time: '20:00' }], { today: '2026-11-25', runs: [], vdot: null, vdotFrom: null });
    expect(none[0]).toMatchObject({ predictions: [], targetGap_s: null, target_s: 1200 });
  });
  it('skips races whose date is not a real calendar date', () => {
    const out = raceFacts(
      [
        { id: 'bad', name: 'Bad', date: '2026-02-30', race_type: '10K', priority: 'A', target_time: null },
        { id: 'text', name: 'Text', date: 'next spring', race_type: '10K', priority: 'A', target_time: null },
        { id: 'ok', name: 'Ok', date: '2026-12-31', race_type: '10K', priority: 'A', target_time: null },
      ],
      { today: '2026-11-25', runs: [], vdot: null, vdotFrom: null },
    );
    expect(out.map((r) => r.id)).toEqual(['ok']);
  });
  it('closestEffort compares distance ratios', () => {
    expect(closestEffort(runs, 21097.5)?.label).toBe('10km');
    expect(closestEffort(runs, 3000)?.label).toBe('5km');
    expect(closestEffort([], 3000)).toBeNull();
  });
});

describe('season phase', () => {
  it('maps days to the next A race to a phase', () => {
    expect(phaseForDaysToRace(0)).toBe('race');
    expect(phaseForDaysToRace(6)).toBe('race');
    expect(phaseForDaysToRace(7)).toBe('taper');
    expect(phaseForDaysToRace(14)).toBe('taper');
    expect(phaseForDaysToRace(15)).toBe('peak');
    expect(phaseForDaysToRace(35)).toBe('peak');
    expect(phaseForDaysToRace(36)).toBe('build');
    expect(phaseForDaysToRace(84)).toBe('build');
    expect(phaseForDaysToRace(85)).toBe('base');
  });

  const race = (id: string, daysToRace: number, priority: 'A' | 'B' | 'C' = 'A'): RaceFact => ({
    id,
    name: `Race ${id}`,
    date: '2027-01-01',
    priority,
    raceType: null,
    distance_m: null,
    sport: null,
    targetTime: null,
    target_s: null,
    daysToRace,
    weeksToRace: Math.round((daysToRace / 7) * 10) / 10,
    isPast: daysToRace < 0,
    predictions: [],
    targetGap_s: null,
  });

  it('uses the next A race, ignoring B and C races', () => {
    const s = seasonFacts([race('b', 10, 'B'), race('a', 77), race('a2', 200)]);
    expect(s.nextARace).toMatchObject({ id: 'a', weeksToRace: 11 });
    expect(s.phase).toBe('build');
    expect(s.phaseReason).toBe('11 weeks to Race a (A): build');
  });
  it('is recovery within 14 days after an A race, unless the next is close', () => {
    expect(seasonFacts([race('past', -5), race('next', 100)]).phase).toBe('recovery');
    expect(seasonFacts([race('past', -5), race('next', 10)]).phase).toBe('taper');
    expect(seasonFacts([race('past', -20)]).phase).toBe('transition');
    expect(seasonFacts([race('past', -40)]).phase).toBe('base');
  });
  it('is base without races', () => {
    expect(seasonFacts([])).toEqual({ nextARace: null, phase: 'base', phaseReason: 'no A race ahead: base' });
  });
  it('is race on race day', () => {
    expect(seasonFacts([race('today', 0)])).toMatchObject({ phase: 'race', phaseReason: 'race day: Race today (A): race' });
  });
});

describe('predictions against results and from critical speed', () => {
  const runs = [
    { label: '5km', distance_m: 5000, time_s: 1200, date: '2026-05-01' },
    { label: '10km', distance_m: 10000, time_s: 2520, date: '2026-06-01' },
  ];
  it('checks a past race against what Riegel and VDOT predicted from the efforts before it', () => {
    const [race] = raceFacts([{ id: 'r', name: 'City 10K', date: '2026-09-06', race_type: '10K', priority: 'A', target_time: null }], {
      today: '2026-11-25', runs: [runs[0]], vdot: null, vdotFrom: null,
      runSessions: [{ activityId: 'race-run', date: '2026-09-06', distance_m: 10040, duration_s: 2490 }, { activityId: 'easy', date: '2026-09-06', distance_m: 3000, duration_s: 1000 }],
    });
    expect(race.result).toEqual({ time_s: 2490, activityId: 'race-run', distance_m: 10040 });
    // Riegel from 5 km in 20:00: 1200 x 2^1.06 = 2502.6 s, 12.6 s (0.5%) slower than the race.
    const riegel = race.predictionChecks!.find((c) => c.method === 'riegel')!;
    expect(riegel.time_s).toBe(Math.round(1200 * 2 ** 1.06));
    expect(riegel.error_s).toBe(riegel.time_s - 2490);
    expect(riegel.error_pct).toBeCloseTo(((riegel.time_s - 2490) / 2490) * 100, 1);
    expect(race.predictionChecks!.some((c) => c.method === 'vdot')).toBe(true);
  });
  it('predicts a short race from critical speed and D\' (t = (D - D\') / CS), not a marathon', () => {
    const cs = { cs_mps: 4.5, dPrime_m: 200, confidence: 'high' };
    const [five, marathon] = raceFacts(
      [
        { id: 'a', name: 'Parkrun', date: '2026-12-05', race_type: '5K', priority: 'C', target_time: null },
        { id: 'b', name: 'Marathon', date: '2027-04-11', race_type: 'Marathon', priority: 'A', target_time: null },
      ],
      { today: '2026-11-25', runs, vdot: null, vdotFrom: null, criticalSpeed: cs },
    );
    expect(five.predictions.find((p) => p.method === 'criticalSpeed')!.time_s).toBe(Math.round(4800 / 4.5));
    expect(marathon.predictions.some((p) => p.method === 'criticalSpeed')).toBe(false);
  });
});
