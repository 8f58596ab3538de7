import { describe, expect, it } from 'vitest';
import { collectBestEfforts, runLabelDistance } from '../../../src/analytics/best-efforts.js';
import { resolveThresholds } from '../../../src/analytics/thresholds.js';
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
    expect(collectBestEfforts([]).facts).toEqual({ power_w: {}, run_s: {}, vdot: null });
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
    expect(t.thresholdHrBySport).toEqual({ running: 171, cycling: 165 });
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
    expect(t.thresholdHr_bpm).toMatchObject({ value: null, source: 'none' });
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
