import { describe, expect, it } from 'vitest';
import { collectBestEfforts, runLabelDistance } from '../../../src/analytics/best-efforts.js';
import { cssFromEfforts, cssFromSessions, resolveThresholds, thresholdHrForLoad } from '../../../src/analytics/thresholds.js';
import { bandIndex, classifyZoneMetric, parseZones, parseZoneValue } from '../../../src/analytics/zones.js';

describe('parseZoneValue', () => {
  it.each([
    ['250 W', { unit: 'w', low: 250, high: 250 }],
    ['250W', { unit: 'w', low: 250, high: 250 }],
    ['200-250 watts', { unit: 'w', low: 200, high: 250 }],
    ['172 bpm', { unit: 'bpm', low: 172, high: 172 }],
    ['140-152 bpm', { unit: 'bpm', low: 140, high: 152 }],
    ['140 – 152 bpm', { unit: 'bpm', low: 140, high: 152 }],
    ['< 140 bpm', { unit: 'bpm', low: null, high: 140 }],
    ['170+ bpm', { unit: 'bpm', low: 170, high: null }],
    ['4:30/km', { unit: 'secPerKm', low: 270, high: 270 }],
    ['4:30-4:50 /km', { unit: 'secPerKm', low: 270, high: 290 }],
    ['1:45/100m', { unit: 'secPer100m', low: 105, high: 105 }],
  ])('%s', (text, expected) => {
    expect(parseZoneValue(text)).toEqual(expected);
  });
  it('converts miles and yards', () => {
    // 8:00/mi = 480 s per 1609.344 m = 298.26 s/km
    expect(parseZoneValue('8:00/mi')?.low).toBeCloseTo(298.26, 2);
    // 1:30/100yd = 90 s per 91.44 m = 98.43 s/100 m
    expect(parseZoneValue('1:30/100yd')?.low).toBeCloseTo(98.43, 2);
  });
  it('rejects what it cannot read', () => {
    expect(parseZoneValue('easy')).toBeNull();
    expect(parseZoneValue('85%')).toBeNull();
    expect(parseZoneValue('bpm')).toBeNull();
  });
});

describe('classifyZoneMetric', () => {
  it('names thresholds and zones', () => {
    expect(classifyZoneMetric('FTP', 'w')).toEqual({ metric: 'ftp' });
    expect(classifyZoneMetric('Threshold HR', 'bpm')).toEqual({ metric: 'thresholdHr' });
    expect(classifyZoneMetric('LTHR', 'bpm')).toEqual({ metric: 'thresholdHr' });
    expect(classifyZoneMetric('Threshold pace', 'secPerKm')).toEqual({ metric: 'thresholdPace' });
    expect(classifyZoneMetric('CSS', 'secPer100m')).toEqual({ metric: 'css' });
    expect(classifyZoneMetric('Max HR', 'bpm')).toEqual({ metric: 'maxHr' });
    expect(classifyZoneMetric('Resting HR', 'bpm')).toEqual({ metric: 'restingHr' });
    expect(classifyZoneMetric('Z2', 'bpm')).toEqual({ metric: 'zone', zone: 2 });
    expect(classifyZoneMetric('Zone 5', 'w')).toEqual({ metric: 'zone', zone: 5 });
    expect(classifyZoneMetric('Tempo', 'bpm')).toBeNull();
  });
});

describe('parseZones and bands', () => {
  const rows = [
    { discipline: 'Running', metric_description: 'Z1', zone_value: '< 140 bpm' },
    { discipline: 'Running', metric_description: 'Z2', zone_value: '140-152 bpm' },
    { discipline: 'Running', metric_description: 'Z3', zone_value: '153-162 bpm' },
    { discipline: 'Running', metric_description: 'Z4', zone_value: '163-172 bpm' },
    { discipline: 'Running', metric_description: 'Z5', zone_value: '173+ bpm' },
    { discipline: 'Cycling', metric_description: 'Z2', zone_value: '150-200 W' },
    { discipline: 'Cycling', metric_description: 'Mood', zone_value: 'great' },
  ];
  it('keeps only complete five-zone sets and reports unreadable rows', () => {
    const zones = parseZones(rows);
    expect(zones.fiveZones.running?.bpm).toHaveLength(5);
    expect(zones.fiveZones.cycling).toBeUndefined();
    expect(zones.unreadable).toEqual(['Mood: great']);
  });
  it('bandIndex puts values in Z1..Z5, clamping at both ends', () => {
    const bands = parseZones(rows).fiveZones.running!.bpm!;
    expect(bandIndex(bands, 100)).toBe(0);
    expect(bandIndex(bands, 145)).toBe(1);
    expect(bandIndex(bands, 152.5)).toBe(1);
    expect(bandIndex(bands, 165)).toBe(3);
    expect(bandIndex(bands, 190)).toBe(4);
  });
});

describe('best efforts', () => {
  it('takes max power and min run time per label, tolerating junk', () => {
    const detail = collectBestEfforts([
      { date: '2026-01-01', best_efforts: { power_w: { '20min': 250, '5min': 300 }, run_s: { '5km': 1300 } } },
      { date: '2026-01-02', best_efforts: { power_w: { '20min': 262, '5min': 'x' }, run_s: { '5km': 1260, '10km': 2650, weird: 5 } } },
      { date: '2026-01-03', best_efforts: null },
      { date: '2026-01-04', best_efforts: 'garbage' },
      { date: '2026-01-05', best_efforts: { power_w: null, run_s: { '5km': -1, '1km': 60 } } },
      { date: '2026-01-06' },
    ]);
    expect(detail.facts.power_w).toEqual({ '20min': 262, '5min': 300 });
    expect(detail.facts.run_s).toEqual({ '5km': 1260, '10km': 2650 });
    expect(detail.power['20min'].date).toBe('2026-01-02');
    expect(detail.vdotFrom?.label).toBe('5km');
    // VDOT(5 km in 21:00): v = 238.1 m/min, VO2 = 44.69, %max(21 min) = 0.9500 -> 47.04 (Daniels: 5 km 21:04 at VDOT 47)
    expect(detail.facts.vdot).toBeCloseTo(47.0, 0);
  });
  it('is empty without efforts', () => {
    expect(collectBestEfforts([]).facts).toEqual({ power_w: {}, run_s: {}, vdot: null, hr_bpm: {}, swim_s: {} });
  });
  it('reads run distance labels', () => {
    expect(runLabelDistance('5km')).toBe(5000);
    expect(runLabelDistance('400m')).toBe(400);
    expect(runLabelDistance('half')).toBe(21097.5);
    expect(runLabelDistance('marathon')).toBe(42195);
    expect(runLabelDistance('1mile')).toBeCloseTo(1609.344, 6);
    expect(runLabelDistance('nonsense')).toBeNull();
  });
});

describe('resolveThresholds', () => {
  const efforts = collectBestEfforts([{ date: '2026-01-02', best_efforts: { power_w: { '20min': 262 }, run_s: { '10km': 2400 } } }]);

  it('prefers the athlete\'s zones', () => {
    const t = resolveThresholds({
      zones: parseZones([
        { discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' },
        { discipline: 'Running', metric_description: 'LTHR', zone_value: '170-172 bpm' },
        { discipline: 'Cycling', metric_description: 'Threshold HR', zone_value: '165 bpm' },
        { discipline: 'Running', metric_description: 'Threshold pace', zone_value: '4:30/km' },
        { discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:45/100m' },
        { discipline: 'Running', metric_description: 'Max HR', zone_value: '190 bpm' },
      ]),
      efforts,
      activityMaxHrs: [200],
      restingHrs: [50],
    });
    expect(t.ftp_w).toMatchObject({ value: 250, source: 'zones' });
    expect(t.thresholdHr_bpm).toMatchObject({ value: 171, source: 'zones' });
    expect(t.thresholdHrBySport).toEqual({
      running: { value: 171, source: 'zones', note: 'from zones: LTHR 170-172 bpm' },
      cycling: { value: 165, source: 'zones', note: 'from zones: Threshold HR 165 bpm' },
    });
    expect(t.thresholdPaceSecPerKm).toMatchObject({ value: 270, source: 'zones' });
    expect(t.swimCssSecPer100m).toMatchObject({ value: 105, source: 'zones' });
    expect(t.maxHr_bpm).toMatchObject({ value: 190, source: 'zones' });
  });

  it('estimates from best efforts and recorded data, and says so', () => {
    const t = resolveThresholds({ zones: parseZones([]), efforts, activityMaxHrs: [null, 185, 250, 178], restingHrs: [52, 50, 48] });
    // FTP = 0.95 x 262 = 248.9 -> 249
    expect(t.ftp_w).toMatchObject({ value: 249, source: 'estimated' });
    expect(t.ftp_w.note).toContain('95% of best 20 min power (262 W');
    // 10 km in 40:00: v = 250 m/min, VO2 = 47.4645, %max(40 min) = 0.913766 -> VDOT 51.94;
    // T pace: VO2 = 0.88 x 51.94 = 45.71 -> v = 242.5 m/min -> 247.4 s/km (Daniels' table: 4:07/km)
    expect(t.thresholdPaceSecPerKm.source).toBe('estimated');
    expect(t.thresholdPaceSecPerKm.value).toBeGreaterThanOrEqual(246);
    expect(t.thresholdPaceSecPerKm.value).toBeLessThanOrEqual(248);
    // 250 bpm is implausible and ignored
    expect(t.maxHr_bpm).toMatchObject({ value: 185, source: 'estimated' });
    expect(t.restingHr_bpm).toMatchObject({ value: 50, source: 'estimated' });
    // no HR efforts: the rough rule, 0.89 x 185 = 164.65 -> 165, reported but not used for load
    expect(t.thresholdHr_bpm).toMatchObject({ value: 165, source: 'estimated', rough: true });
    expect(t.thresholdHr_bpm.note).toContain('89% of max HR 185 bpm');
    expect(t.thresholdHrBySport).toEqual({});
    expect(thresholdHrForLoad(t, 'running')).toEqual({ value: null, fromZones: false });
    expect(t.swimCssSecPer100m).toMatchObject({ value: null, source: 'none' });
  });

  it('is none when nothing is known', () => {
    const t = resolveThresholds({ zones: parseZones([]), efforts: collectBestEfforts([]), activityMaxHrs: [], restingHrs: [] });
    for (const value of [t.ftp_w, t.thresholdHr_bpm, t.thresholdPaceSecPerKm, t.swimCssSecPer100m, t.maxHr_bpm, t.restingHr_bpm]) {
      expect(value.value).toBeNull();
      expect(value.source).toBe('none');
    }
  });
});

describe('collectBestEfforts: heart rate and swims', () => {
  it('keeps the best sustained HR per sport and the fastest pool times, ignoring junk', () => {
    const detail = collectBestEfforts([
      { date: '2026-01-01', sport: 'running', best_efforts: { hr_bpm: { '20min': 168.4, '30min': 165 } } },
      { date: '2026-01-02', sport: 'running', best_efforts: { hr_bpm: { '20min': 171.6, '30min': 'x' } } },
      { date: '2026-01-03', sport: 'cycling', best_efforts: { hr_bpm: { '20min': 160, '60min': 250 } } },
      // no sport: its HR cannot be attributed
      { date: '2026-01-04', best_efforts: { hr_bpm: { '20min': 190 } } },
      { date: '2026-01-05', sport: 'swimming', best_efforts: { swim_s: { '400m': 400, '200m': 190, '100m': 30, odd: 5 } } },
      { date: '2026-01-06', sport: 'swimming', best_efforts: { swim_s: { '200m': 185 } } },
    ]);
    expect(detail.heartRate.running?.['20min']).toEqual({ bpm: 171.6, date: '2026-01-02' });
    expect(detail.facts.hr_bpm).toEqual({ running: { '20min': 172, '30min': 165 }, cycling: { '20min': 160 } });
    // 100 m in 30 s (30 s/100 m) is faster than any swimmer: dropped
    expect(detail.facts.swim_s).toEqual({ '200m': 185, '400m': 400 });
    expect(detail.swims['200m'].date).toBe('2026-01-06');
  });
});

describe('threshold HR estimates', () => {
  const zonesNone = parseZones([]);
  const efforts = collectBestEfforts([
    { date: '2026-01-02', sport: 'running', best_efforts: { hr_bpm: { '20min': 172 } } },
    { date: '2026-01-03', sport: 'cycling', best_efforts: { hr_bpm: { '20min': 160 } } },
  ]);

  it("Friel: the sport's best 20 min average HR when it was a hard effort (>= 85% of max HR)", () => {
    const t = resolveThresholds({ zones: zonesNone, efforts, activityMaxHrs: [190], restingHrs: [] });
    // running: 172 >= 0.85 x 190 = 161.5 -> LTHR 172; cycling: 160 < 161.5 -> no cycling estimate
    expect(t.thresholdHrBySport.running).toMatchObject({ value: 172, source: 'estimated' });
    expect(t.thresholdHrBySport.running?.note).toContain('Friel: best 20 min average HR of running (172 bpm, 2026-01-02)');
    expect(t.thresholdHrBySport.cycling).toBeUndefined();
    expect(t.thresholdHr_bpm).toBe(t.thresholdHrBySport.running);
    expect(t.thresholdHr_bpm.rough).toBeUndefined();
    // rides use the overall (running) LTHR, as with zones; neither was set by the athlete
    expect(thresholdHrForLoad(t, 'cycling')).toEqual({ value: 172, fromZones: false });
  });

  it('estimates each sport on its own, next to a threshold from zones', () => {
    const t = resolveThresholds({
      zones: parseZones([{ discipline: 'Running', metric_description: 'LTHR', zone_value: '171 bpm' }]),
      efforts,
      activityMaxHrs: [185],
      restingHrs: [],
    });
    // cycling: 160 >= 0.85 x 185 = 157.25 -> LTHR 160
    expect(t.thresholdHrBySport.running).toMatchObject({ value: 171, source: 'zones' });
    expect(t.thresholdHrBySport.cycling).toMatchObject({ value: 160, source: 'estimated' });
    expect(t.thresholdHr_bpm).toMatchObject({ value: 171, source: 'zones' });
    expect(thresholdHrForLoad(t, 'running')).toEqual({ value: 171, fromZones: true });
    expect(thresholdHrForLoad(t, 'cycling')).toEqual({ value: 160, fromZones: false });
  });

  it('takes the effort unchecked when max HR is unknown, and says so', () => {
    const t = resolveThresholds({ zones: zonesNone, efforts, activityMaxHrs: [null], restingHrs: [] });
    expect(t.thresholdHrBySport).toMatchObject({ running: { value: 172 }, cycling: { value: 160 } });
    expect(t.thresholdHr_bpm.note).toContain('max HR unknown');
  });

  it('is none without HR efforts or max HR', () => {
    const t = resolveThresholds({ zones: zonesNone, efforts: collectBestEfforts([]), activityMaxHrs: [], restingHrs: [] });
    expect(t.thresholdHr_bpm).toMatchObject({ value: null, source: 'none' });
    expect(thresholdHrForLoad(t, 'running')).toEqual({ value: null, fromZones: false });
  });

  it('ignores swim heart rate', () => {
    const swimOnly = collectBestEfforts([{ date: '2026-01-02', sport: 'swimming', best_efforts: { hr_bpm: { '20min': 175 } } }]);
    const t = resolveThresholds({ zones: zonesNone, efforts: swimOnly, activityMaxHrs: [190], restingHrs: [] });
    expect(t.thresholdHrBySport).toEqual({});
    expect(t.thresholdHr_bpm.rough).toBe(true);
  });
});

describe('swim CSS estimates', () => {
  const swims = (swim_s: Record<string, number>) => collectBestEfforts([{ date: '2026-02-01', sport: 'swimming', best_efforts: { swim_s } }]);
  const pool = (distance_m: number, duration_s: number, date = '2026-02-02') => ({ date, distance_m, duration_s, pool: true });

  it('CSS = (400 - 200) / (t400 - t200) from the best 200 m and 400 m', () => {
    // 200 m in 3:00, 400 m in 6:20: 200 m / 200 s = 1 m/s -> 100 s per 100 m (1:40/100m)
    const css = cssFromEfforts(swims({ '200m': 180, '400m': 380 }));
    expect(css).toMatchObject({ value: 100, source: 'estimated' });
    expect(css?.rough).toBeUndefined();
    expect(css?.note).toContain('400 m 6:20 (2026-02-01) and 200 m 3:00 (2026-02-01)');
    // 200 m in 2:50, 400 m in 6:05: 195 s / 2 = 97.5 s per 100 m
    expect(cssFromEfforts(swims({ '200m': 170, '400m': 365 }))?.value).toBe(97.5);
  });

  it('needs both efforts, in a sensible order', () => {
    expect(cssFromEfforts(swims({ '200m': 180 }))).toBeNull();
    expect(cssFromEfforts(swims({ '400m': 380 }))).toBeNull();
    expect(cssFromEfforts(swims({}))).toBeNull();
    // a 400 m faster than the 200 m is a recording error
    expect(cssFromEfforts(swims({ '200m': 380, '400m': 300 }))).toBeNull();
  });

  it('falls back to the fastest pool swim of 1000 m or more, flagged rough', () => {
    const css = cssFromSessions([
      pool(1500, 1800), // 120 s/100 m
      pool(2000, 2500, '2026-02-05'), // 125 s/100 m
      pool(800, 800), // 100 s/100 m but under 1000 m: ignored
      { date: '2026-02-03', distance_m: 2000, duration_s: 2000, pool: false }, // open water: ignored
      pool(1200, 0), // no duration: ignored
    ]);
    expect(css).toMatchObject({ value: 120, source: 'estimated', rough: true });
    expect(css?.note).toContain('pool swim of 1500 m (2026-02-02)');
    expect(cssFromSessions([])).toBeNull();
  });

  it('resolves zones, then efforts, then sessions, then none', () => {
    const base = { activityMaxHrs: [], restingHrs: [] };
    const sessions = [pool(1500, 1800)];
    const both = swims({ '200m': 180, '400m': 380 });
    const zones = parseZones([{ discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:45/100m' }]);
    expect(resolveThresholds({ ...base, zones, efforts: both, swimSessions: sessions }).swimCssSecPer100m).toMatchObject({ value: 105, source: 'zones' });
    expect(resolveThresholds({ ...base, zones: parseZones([]), efforts: both, swimSessions: sessions }).swimCssSecPer100m.value).toBe(100);
    // only one swim effort: the session fallback
    const one = resolveThresholds({ ...base, zones: parseZones([]), efforts: swims({ '200m': 180 }), swimSessions: sessions });
    expect(one.swimCssSecPer100m).toMatchObject({ value: 120, rough: true });
    // no swim data at all
    expect(resolveThresholds({ ...base, zones: parseZones([]), efforts: collectBestEfforts([]) }).swimCssSecPer100m).toMatchObject({ value: null, source: 'none' });
  });
});
