import { describe, expect, it } from 'vitest';
import { buildFacts, historyWindows } from '../../../src/analytics/build-facts.js';
import { addDays } from '../../../src/analytics/calendar.js';
import type { ActivityInput, FactsInput } from '../../../src/analytics/facts-input.js';
import type { Facts } from '../../../src/analytics/facts.types.js';

const today = '2026-11-25';

function activity(overrides: Partial<ActivityInput> & { date?: string }): ActivityInput {
  const { date, ...rest } = overrides;
  return {
    id: `a-${Math.random().toString(36).slice(2)}`,
    name: 'Session',
    sport: 'cycling',
    sub_sport: null,
    start_time: new Date(`${date ?? today}T07:00:00Z`),
    elapsed_time_s: 3700,
    moving_time_s: 3600,
    distance_m: null,
    avg_hr: null,
    max_hr: null,
    avg_power: null,
    normalized_power: null,
    avg_speed_mps: null,
    ...rest,
  };
}

function input(overrides: Partial<FactsInput> = {}): FactsInput {
  return {
    today,
    user: { name: 'Ada' },
    config: { activities_days: 28, metrics_days: 28 },
    activities: [],
    dailyMetrics: [],
    zones: [],
    races: [],
    ...overrides,
  };
}

/** JSON round trip must be lossless: no undefined, NaN, Infinity or Dates. */
function expectJsonSafe(facts: Facts) {
  expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
    else if (value instanceof Date || value === undefined) throw new Error(`${path} is not JSON`);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(facts, 'facts');
}

describe('historyWindows', () => {
  it('derives the windows from the config (inclusive of today)', () => {
    expect(historyWindows(today, { activities_days: 28, metrics_days: 14 })).toEqual({
      historyFrom: addDays(today, -364),
      effortsFrom: addDays(today, -179),
      activitiesFrom: '2026-10-29',
      metricsFrom: '2026-11-12',
      seriesFrom: addDays(today, -89),
      metricsHistoryFrom: addDays(today, -89),
    });
    expect(historyWindows(today, { activities_days: 365, metrics_days: 120 }).historyFrom).toBe(addDays(today, -364));
  });
});

describe('buildFacts', () => {
  it('returns a complete, JSON-safe facts object with no data at all', () => {
    const facts = buildFacts(input());
    expectJsonSafe(facts);
    expect(facts).toMatchObject({
      schemaVersion: 1,
      today,
      range: { activitiesFrom: '2026-10-29', metricsFrom: '2026-10-29', to: today },
      athlete: { name: 'Ada', sex: null, restingHr_bpm: null, maxHr_bpm: null },
      data: { activities: 0, metricsDays: 0, firstActivity: null, lastActivity: null, sports: {} },
      load: { current: { ctl: 0, atl: 0, tsb: 0, rampRatePerWeek: 0, acwrRolling: null, acwrEwma: null, acwrBand: 'insufficient' }, sessions: [] },
      intensity: { model: 'insufficient', basis: 'none', polarized_pct: null },
      wellness: { hrv: { status: 'insufficient' }, flags: [] },
      races: [],
      season: { nextARace: null, phase: 'base' },
      bestEfforts: { power_w: {}, run_s: {}, vdot: null },
    });
    expect(facts.load.daily).toHaveLength(90);
    expect(facts.load.daily[89]).toEqual({ date: today, load: 0, ctl: 0, atl: 0, tsb: 0 });
    expect(facts.wellness.series).toHaveLength(28);
    expect(facts.data.notes).toContain('no activities in the last 28 days');
    expect(facts.thresholds.ftp_w.source).toBe('none');
  });

  it('computes one day: a 1 h ride at FTP scores 100 and moves CTL/ATL by 1/42 and 1/7', () => {
    const facts = buildFacts(
      input({
        activities: [activity({ id: 'ride', normalized_power: 250, avg_power: 230, avg_hr: 150 })],
        zones: [{ discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' }],
      }),
    );
    expectJsonSafe(facts);
    expect(facts.load.sessions).toHaveLength(1);
    expect(facts.load.sessions[0]).toMatchObject({
      activityId: 'ride',
      date: today,
      sport: 'cycling',
      duration_s: 3600,
      normalizedPower_w: 250,
      intensityFactor: 1,
      load: 100,
      loadMethod: 'tss',
      startTime: `${today}T07:00:00.000Z`,
    });
    // CTL = 100/42 = 2.38 -> 2.4; ATL = 100/7 = 14.29 -> 14.3; TSB uses yesterday's values: 0
    expect(facts.load.current).toMatchObject({ ctl: 2.4, atl: 14.3, tsb: 0, acwrBand: 'insufficient' });
    expect(facts.thresholds.ftp_w).toMatchObject({ value: 250, source: 'zones' });
    expect(facts.data).toMatchObject({ activities: 1, firstActivity: today, lastActivity: today, sports: { cycling: 1 } });
  });

  it('counts history before the activities window in CTL but lists only window sessions', () => {
    const activities = [];
    for (let d = 0; d < 120; d++) activities.push(activity({ id: `r${d}`, date: addDays(today, -d), normalized_power: 200 }));
    const facts = buildFacts(input({ activities, zones: [{ discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' }] }));
    expect(facts.load.sessions).toHaveLength(28);
    expect(facts.load.sessions[0].date).toBe('2026-10-29');
    // every day 64 TSS (IF 0.8): after 120 days from 0, CTL = 64 (1 - (41/42)^120) = 60.4
    expect(facts.load.current.ctl).toBeCloseTo(64 * (1 - (41 / 42) ** 120), 1);
    expect(facts.load.current.atl).toBeCloseTo(64, 1);
    expect(facts.load.current.acwrRolling).toBe(1);
    expect(facts.load.current.acwrBand).toBe('optimal');
    // weeks: the complete weeks have constant loads -> monotony null (SD 0)
    const full = facts.load.weeks.filter((w) => w.sessions === 7);
    expect(full.length).toBeGreaterThan(10);
    for (const w of full) expect(w).toMatchObject({ load: 448, monotony: null, strain: null });
    // daily series dates are consecutive and end today
    const daily = facts.load.daily;
    expect(daily[daily.length - 1].date).toBe(today);
    for (let i = 1; i < daily.length; i++) expect(daily[i].date).toBe(addDays(daily[i - 1].date, 1));
  });

  it('handles gaps: ramp rate and TSB after a two-week break', () => {
    const activities = [];
    for (let d = 14; d < 60; d++) activities.push(activity({ date: addDays(today, -d), normalized_power: 250 }));
    const facts = buildFacts(input({ activities, zones: [{ discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' }] }));
    expect(facts.load.current.rampRatePerWeek).toBeLessThan(0);
    expect(facts.load.current.tsb).toBeGreaterThan(0);
    expect(facts.data.activities).toBe(14);
    // the last 14 days are zero days in the series
    expect(facts.load.daily.slice(-14).every((p) => p.load === 0)).toBe(true);
  });

  it('falls back when HR, power or thresholds are missing, and says so', () => {
    const facts = buildFacts(
      input({
        activities: [
          activity({ id: 'no-data', sport: 'cycling' }),
          activity({ id: 'hr-only', sport: 'cycling', avg_hr: 140, max_hr: 180, date: addDays(today, -1) }),
          activity({ id: 'strength', sport: 'training', sub_sport: 'strength_training', date: addDays(today, -2) }),
        ],
        dailyMetrics: [{ date: today, resting_hr: 50, hrv_nightly_avg: null, sleep_duration_s: null, sleep_score: null }],
      }),
    );
    const byId = Object.fromEntries(facts.load.sessions.map((s) => [s.activityId, s]));
    expect(byId['no-data']).toMatchObject({ load: 0, loadMethod: 'none', polarized_s: null });
    // TRIMP: max HR 180 (recorded), rest 50: HRr = 90/130 = 0.6923; 60 x 0.6923 x 0.64 x e^(1.92 x 0.6923) = 26.585 x 3.7781 = 100.44
    // scaled: 100.44 / 166.92 x 100 = 60.17
    expect(byId['hr-only'].loadMethod).toBe('trimp');
    expect(byId['hr-only'].load).toBeCloseTo(60.2, 1);
    expect(byId['strength']).toMatchObject({ sport: 'strength', rawSport: 'training/strength_training', loadMethod: 'none' });
    expect(facts.thresholds.maxHr_bpm).toMatchObject({ value: 180, source: 'estimated' });
    // no hard 20 min HR effort: threshold HR only by the rough rule, 0.89 x 180 = 160.2 -> 160,
    // reported (and noted) while the load stays TRIMP
    expect(facts.thresholds.thresholdHr_bpm).toMatchObject({ value: 160, source: 'estimated', rough: true });
    expect(facts.thresholds.thresholdHrBySport_bpm).toEqual({});
    expect(facts.data.notes.some((n) => n.startsWith('threshold HR estimated (rough): 89% of max HR 180 bpm'))).toBe(true);
    // and the 3-zone HR bounds stay Seiler's max-HR ones: 140 < 0.82 x 180 = 147.6 -> z1
    expect(byId['hr-only'].polarized_s).toEqual({ z1: 3600, z2: 0, z3: 0 });
    expect(facts.athlete).toMatchObject({ restingHr_bpm: 50, maxHr_bpm: 180 });
    expect(facts.data.notes).toEqual(
      expect.arrayContaining([
        'sex unknown: TRIMP uses the male constants (0.64, 1.92)',
        'some cycling sessions have no power data',
        '1 cycling session: load from heart rate reserve (Banister TRIMP, scaled to TSS)',
      ]),
    );
  });

  it('uses the female TRIMP constants when the sex is known', () => {
    const make = (sex: 'male' | 'female') =>
      buildFacts(
        input({
          user: { name: 'A', sex },
          activities: [activity({ avg_hr: 140, max_hr: 180 })],
          dailyMetrics: [{ date: today, resting_hr: 50, hrv_nightly_avg: null, sleep_duration_s: null, sleep_score: null }],
        }),
      );
    const female = make('female');
    expect(female.athlete.sex).toBe('female');
    expect(female.data.notes.some((n) => n.startsWith('sex unknown'))).toBe(false);
    // both are scaled to 100 at HRr 0.85, so they differ only below it
    expect(female.load.sessions[0].load).not.toBe(make('male').load.sessions[0].load);
  });

  it('ignores future activities and dates activities in the athlete\'s time zone', () => {
    const late = activity({ id: 'late', start_time: new Date('2026-11-24T23:30:00Z'), avg_hr: 150 });
    const future = activity({ id: 'future', date: addDays(today, 1) });
    expect(buildFacts(input({ activities: [late, future] })).load.sessions.map((s) => [s.activityId, s.date])).toEqual([['late', '2026-11-24']]);
    expect(buildFacts(input({ activities: [late, future], timeZone: 'Europe/Berlin' })).load.sessions.map((s) => [s.activityId, s.date])).toEqual([
      ['late', today],
    ]);
    const unknownZone = buildFacts(input({ activities: [late], timeZone: 'Mars/Olympus' }));
    expect(unknownZone.load.sessions[0].date).toBe('2026-11-24');
    expect(unknownZone.data.notes).toContain('unknown time zone "Mars/Olympus": activity dates in UTC');
  });

  it('reports a future A race with phase and predictions, and a past race', () => {
    const facts = buildFacts(
      input({
        activities: [activity({ sport: 'running', distance_m: 10000, moving_time_s: 2500, avg_hr: 165, best_efforts: { run_s: { '5km': 1200, '10km': 2500 } } })],
        races: [
          { id: 'past', name: 'Spring 10K', date: '2026-05-01', race_type: '10K', priority: 'A', target_time: '40:00' },
          { id: 'next', name: 'City Marathon', date: '2027-01-20', race_type: 'Marathon', priority: 'A', target_time: '3:00:00' },
        ],
      }),
    );
    expectJsonSafe(facts);
    expect(facts.races.map((r) => [r.id, r.isPast])).toEqual([
      ['past', true],
      ['next', false],
    ]);
    // 2026-11-25 -> 2027-01-20 = 56 days = 8 weeks: build
    expect(facts.season).toEqual({
      nextARace: { id: 'next', name: 'City Marathon', date: '2027-01-20', weeksToRace: 8 },
      phase: 'build',
      phaseReason: '8 weeks to City Marathon (A): build',
    });
    expect(facts.races[1].predictions.map((p) => p.method)).toEqual(['riegel', 'vdot']);
    expect(facts.races[1].targetGap_s).not.toBeNull();
    expect(facts.bestEfforts.vdot).toBeCloseTo(49.8, 1);
    // threshold pace estimated from the VDOT -> the run is scored with rTSS
    expect(facts.thresholds.thresholdPaceSecPerKm.source).toBe('estimated');
    expect(facts.load.sessions[0].loadMethod).toBe('rTss');
    expect(facts.load.sessions[0].avgPaceSecPerKm).toBe(250);
  });

  it('summarises intensity from stored time in zones', () => {
    const hrBins = { basis: 'hr', zones: [{ name: 'Z1', min: 100, max: 140, seconds: 3000 }, { name: 'Z3', min: 172, max: 185, seconds: 600 }] };
    const facts = buildFacts(
      input({
        activities: [activity({ sport: 'running', avg_hr: 145, hr_time_in_zones: hrBins }), activity({ sport: 'running', avg_hr: 145, hr_time_in_zones: hrBins, date: addDays(today, -2) })],
        zones: [{ discipline: 'Running', metric_description: 'LTHR', zone_value: '170 bpm' }],
      }),
    );
    expect(facts.load.sessions[0].polarized_s).toEqual({ z1: 3000, z2: 0, z3: 600 });
    expect(facts.intensity).toMatchObject({ polarized_pct: { z1: 83.3, z2: 0, z3: 16.7 }, model: 'polarized', basis: 'hr', bySport: { running: { z1: 83.3, z2: 0, z3: 16.7 } } });
    // zone bins are too wide for hrTSS: average HR 145 / LTHR 170 -> IF 0.853, 1 h x 0.7275 x 100 = 72.8
    expect(facts.load.sessions[0].load).toBeCloseTo(72.8, 1);
  });

  it('prefers the exact 1 Hz HR histogram for hrTSS and the split', () => {
    // 30 min at 153 bpm and 30 min at 187 bpm, LTHR 170:
    // hrTSS = 0.5 x (153/170)^2 x 100 + 0.5 x (187/170)^2 x 100 = 0.5 x 81 + 0.5 x 121 = 101
    const facts = buildFacts(
      input({
        activities: [
          activity({
            sport: 'running',
            avg_hr: 170,
            load_inputs: { hr_seconds_by_bpm: { '153': 1800, '187': 1800 }, hr_seconds: 3600 },
            hr_time_in_zones: { basis: 'hr', zones: [{ name: 'Z1', min: 0, max: 200, seconds: 3600 }] },
          }),
        ],
        zones: [{ discipline: 'Running', metric_description: 'LTHR', zone_value: '170 bpm' }],
      }),
    );
    expect(facts.load.sessions[0]).toMatchObject({ loadMethod: 'hrTss', load: 101 });
    // VT1 = 0.9 x 170 = 153 (153 is z2: at or above VT1), VT2 = 170
    expect(facts.load.sessions[0].polarized_s).toEqual({ z1: 0, z2: 1800, z3: 1800 });
  });

  it("estimates threshold HR per sport from the best 20 min HR (Friel) and scores HR-only sessions with hrTSS", () => {
    const facts = buildFacts(
      input({
        activities: [
          // hard run: best 20 min at 170 bpm, max HR 185 (170 >= 0.85 x 185 = 157.25)
          activity({ id: 'test-run', sport: 'running', avg_hr: 160, max_hr: 185, date: addDays(today, -3), best_efforts: { hr_bpm: { '20min': 170, '30min': 166 } } }),
          // an easy run without distance: hrTSS = 1 h x (153 / 170)^2 x 100 = 81
          activity({ id: 'easy-run', sport: 'running', avg_hr: 153, max_hr: 160 }),
          // a ride at 144 bpm with a 20 min best of 158 (>= 157.25): cycling LTHR 158;
          // hrTSS = 1 h x (144 / 158)^2 x 100 = 83.06
          activity({ id: 'ride', sport: 'cycling', avg_hr: 144, max_hr: 170, date: addDays(today, -1), best_efforts: { hr_bpm: { '20min': 158 } } }),
        ],
      }),
    );
    expectJsonSafe(facts);
    expect(facts.thresholds.thresholdHr_bpm).toMatchObject({ value: 170, source: 'estimated' });
    expect(facts.thresholds.thresholdHrBySport_bpm).toMatchObject({ running: { value: 170, source: 'estimated' }, cycling: { value: 158, source: 'estimated' } });
    expect(facts.bestEfforts.hr_bpm).toEqual({ running: { '20min': 170, '30min': 166 }, cycling: { '20min': 158 } });
    const byId = Object.fromEntries(facts.load.sessions.map((s) => [s.activityId, s]));
    expect(byId['easy-run']).toMatchObject({ loadMethod: 'hrTss', load: 81, intensityFactor: 0.9 });
    expect(byId['ride']).toMatchObject({ loadMethod: 'hrTss', load: 83.1 });
    expect(facts.data.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^threshold HR estimated: Friel: best 20 min average HR of running \(170 bpm, 2026-11-22\)/),
        expect.stringMatching(/^cycling threshold HR estimated: Friel: best 20 min average HR of cycling \(158 bpm/),
      ]),
    );
    // the ride's 3-zone split uses the cycling LTHR: VT1 = 0.9 x 158 = 142.2 <= 144 < 158 -> z2
    expect(byId['ride'].polarized_s).toEqual({ z1: 0, z2: 3600, z3: 0 });
  });

  it('estimates swim CSS from the best pool 200 m and 400 m and scores swims with sTSS', () => {
    const swim = (overrides: Partial<ActivityInput> & { date?: string }) => activity({ sport: 'swimming', sub_sport: 'lapSwimming', ...overrides });
    const facts = buildFacts(
      input({
        activities: [
          swim({ id: 'test', distance_m: 1000, moving_time_s: 1100, date: addDays(today, -5), best_efforts: { swim_s: { '100m': 85, '200m': 180, '400m': 380 } } }),
          // 2000 m in 40 min: 120 s/100 m
          swim({ id: 'steady', distance_m: 2000, moving_time_s: 2400 }),
        ],
      }),
    );
    // CSS = (380 - 180) / 2 = 100 s/100 m; sTSS = (2400 / 3600) x (100 / 120)^3 x 100 = 0.6667 x 0.5787 x 100 = 38.58
    expect(facts.thresholds.swimCssSecPer100m).toMatchObject({ value: 100, source: 'estimated' });
    expect(facts.bestEfforts.swim_s).toEqual({ '100m': 85, '200m': 180, '400m': 380 });
    const steady = facts.load.sessions.find((s) => s.activityId === 'steady')!;
    expect(steady).toMatchObject({ loadMethod: 'swimTss', load: 38.6, intensityFactor: 0.83 });
    expect(facts.data.notes.some((n) => n.startsWith('swim CSS estimated: CSS = (400 - 200) / (t400 - t200)'))).toBe(true);

    // only a 200 m effort: the rough CSS from the fastest pool swim of 1000 m or more
    // (1000 m in 1100 s -> 110 s/100 m beats 120); sTSS of 'steady' = 0.6667 x (110 / 120)^3 x 100 = 51.35
    const rough = buildFacts(
      input({
        activities: [
          swim({ id: 'test', distance_m: 1000, moving_time_s: 1100, date: addDays(today, -5), best_efforts: { swim_s: { '200m': 180 } } }),
          swim({ id: 'steady', distance_m: 2000, moving_time_s: 2400 }),
          // open water is not a pool: its faster GPS pace does not count
          activity({ id: 'lake', sport: 'swimming', sub_sport: 'openWater', distance_m: 2000, moving_time_s: 1800, date: addDays(today, -2) }),
        ],
      }),
    );
    expect(rough.thresholds.swimCssSecPer100m).toMatchObject({ value: 110, source: 'estimated', rough: true });
    expect(rough.load.sessions.find((s) => s.activityId === 'steady')!.load).toBeCloseTo(51.4, 1);
    expect(rough.data.notes.some((n) => n.startsWith('swim CSS estimated (rough): fastest average pace of a pool swim of 1000 m'))).toBe(true);

    // no swim data: no CSS
    expect(buildFacts(input({ activities: [activity({ sport: 'running', avg_hr: 150 })] })).thresholds.swimCssSecPer100m).toMatchObject({ value: null, source: 'none' });
  });

  it("splits the athlete's five zones per sport and per week", () => {
    const zones = [
      ...['< 140', '140-152', '153-162', '163-172', '173+'].map((v, i) => ({ discipline: 'Running', metric_description: `Z${i + 1}`, zone_value: `${v} bpm` })),
      ...['< 130', '130-145', '146-155', '156-165', '166+'].map((v, i) => ({ discipline: 'Cycling', metric_description: `Z${i + 1}`, zone_value: `${v} bpm` })),
    ];
    // Wednesday 2026-11-25: this week from Monday 11-23; last week from 11-16
    const facts = buildFacts(
      input({
        zones,
        activities: [
          activity({ id: 'run-last-week', sport: 'running', avg_hr: 145, date: '2026-11-17' }), // running Z2, 1 h
          activity({ id: 'run', sport: 'running', avg_hr: 165, date: '2026-11-24' }), // running Z4, 1 h
          activity({ id: 'ride', sport: 'cycling', avg_hr: 150, date: '2026-11-25', moving_time_s: 7200 }), // cycling Z3, 2 h
        ],
      }),
    );
    // overall: Z2 1 h, Z3 2 h, Z4 1 h of 4 h
    expect(facts.intensity.fiveZone_pct).toEqual([0, 25, 50, 25, 0]);
    expect(facts.intensity.fiveZoneBySport_pct).toEqual({ running: [0, 50, 0, 50, 0], cycling: [0, 0, 100, 0, 0] });
    const byWeek = Object.fromEntries(facts.load.weeks.map((w) => [w.weekStart, w]));
    expect(byWeek['2026-11-16'].fiveZone_pct).toEqual([0, 100, 0, 0, 0]);
    // this week: Z3 2 h, Z4 1 h of 3 h -> 0 / 0 / 66.7 / 33.3 / 0
    expect(byWeek['2026-11-23'].fiveZone_pct).toEqual([0, 0, 66.7, 33.3, 0]);
    expect(byWeek['2026-11-23'].bySport.running).toMatchObject({ sessions: 1, fiveZone_pct: [0, 0, 0, 100, 0] });
    expect(byWeek['2026-11-23'].bySport.cycling).toMatchObject({ sessions: 1, fiveZone_pct: [0, 0, 100, 0, 0] });
    expect(byWeek['2026-11-09'].fiveZone_pct).toBeNull();
  });

  it('summarises wellness over the metrics window', () => {
    const dailyMetrics = Array.from({ length: 70 }, (_, i) => ({
      date: addDays(today, -i),
      resting_hr: 50,
      hrv_nightly_avg: i % 2 ? 55 : 65,
      sleep_duration_s: 27000,
      sleep_score: 80,
    }));
    const facts = buildFacts(input({ dailyMetrics }));
    expect(facts.data.metricsDays).toBe(28);
    expect(facts.wellness.series).toHaveLength(28);
    expect(facts.wellness.hrv.status).toBe('within');
    expect(facts.wellness.restingHr).toMatchObject({ avg7d_bpm: 50, baseline60d_bpm: 50, trendBpmPerWeek: 0 });
    expect(facts.wellness.sleep).toEqual({ avg7d_s: 27000, avg28d_s: 27000, avgScore7d: 80 });
  });

  it('skips activities without a valid start time and rejects a bad as-of date', () => {
    const facts = buildFacts(input({ activities: [activity({ id: 'bad', start_time: 'not a date' }), activity({ id: 'ok', avg_hr: 150 })] }));
    expect(facts.load.sessions.map((s) => s.activityId)).toEqual(['ok']);
    expect(facts.data.notes).toContain('1 activity without a valid start time ignored');
    expect(() => buildFacts(input({ today: '2026-13-01' }))).toThrow(RangeError);
  });

  it('is deterministic and does not modify its input', () => {
    const data = input({ activities: [activity({ id: 'x', avg_hr: 150, max_hr: 185 })], races: [{ id: 'r', name: 'R', date: '2027-03-01', race_type: 'Half Marathon', priority: 'B', target_time: null }] });
    const before = JSON.stringify(data);
    expect(buildFacts(data)).toEqual(buildFacts(data));
    expect(JSON.stringify(data)).toBe(before);
  });
});
