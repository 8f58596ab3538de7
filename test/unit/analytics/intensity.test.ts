import { describe, expect, it } from 'vitest';
import {
  classifyDistribution,
  hrBounds,
  intensityDistribution,
  namedZoneToThree,
  polarizationIndex,
  polarizedFromBins,
  powerBounds,
  sessionIntensity,
  threeZoneOf,
  type IntensityContext,
} from '../../../src/analytics/intensity.js';
import { parseHrHistogram, parseTimeInZones } from '../../../src/analytics/time-in-zones.js';
import { parseZones } from '../../../src/analytics/zones.js';

describe('three-zone bounds', () => {
  it('power: VT1 = 75% FTP, VT2 = FTP', () => {
    expect(powerBounds(200)).toEqual({ vt1: 150, vt2: 200 });
    expect(powerBounds(null)).toBeNull();
  });
  it('HR: 90% LTHR and LTHR, else 82% and 89% of max HR', () => {
    expect(hrBounds(170, 190)).toEqual({ vt1: 153, vt2: 170 });
    expect(hrBounds(null, 200)).toEqual({ vt1: 164, vt2: 178 });
    expect(hrBounds(null, null)).toBeNull();
  });
  it('assigns values to zones at the boundaries', () => {
    const b = { vt1: 150, vt2: 170 };
    expect(threeZoneOf(149.9, b)).toBe(1);
    expect(threeZoneOf(150, b)).toBe(2);
    expect(threeZoneOf(170, b)).toBe(3);
  });
});

describe('time-in-zones parsing', () => {
  it('reads the ingest shape and tolerates junk', () => {
    expect(parseTimeInZones({ basis: 'hr', zones: [{ name: 'Z1', min: 100, max: 130, seconds: 60 }, { name: 'Z2', min: 130, max: 150, seconds: 0 }, 'x'] })).toEqual([
      { min: 100, max: 130, seconds: 60 },
    ]);
    expect(parseTimeInZones(null)).toBeNull();
    expect(parseTimeInZones({ zones: 'nope' })).toBeNull();
    expect(parseTimeInZones({ zones: [] })).toBeNull();
  });
});

describe('polarized distribution', () => {
  it('puts bins in zones by midpoint', () => {
    const bins = [
      { min: 100, max: 140, seconds: 3000 }, // 120 -> z1
      { min: 150, max: 160, seconds: 600 }, // 155 -> z2
      { min: 175, max: null, seconds: 300 }, // 175 -> z3
    ];
    expect(polarizedFromBins(bins, { vt1: 153, vt2: 170 })).toEqual({ z1: 3000, z2: 600, z3: 300 });
  });
  it('polarization index (Treff 2019): log10(z1/z2 x z3 x 100)', () => {
    // 80/5/15: log10(0.8/0.05 x 0.15 x 100) = log10(240) = 2.380
    expect(polarizationIndex({ z1: 80, z2: 5, z3: 15 })).toBeCloseTo(Math.log10(240), 10);
    // z2 = 0 counts as 0.01: log10(0.9/0.01 x 0.1 x 100) = log10(900)
    expect(polarizationIndex({ z1: 90, z2: 0, z3: 10 })).toBeCloseTo(Math.log10(900), 10);
    expect(polarizationIndex({ z1: 90, z2: 10, z3: 0 })).toBe(0);
    expect(polarizationIndex({ z1: 0, z2: 10, z3: 90 })).toBe(0);
  });
  it('classifies polarized, pyramidal, threshold and insufficient', () => {
    const h = 36; // 1% of 3600 s
    expect(classifyDistribution({ z1: 80 * h, z2: 5 * h, z3: 15 * h })).toBe('polarized');
    expect(classifyDistribution({ z1: 75 * h, z2: 20 * h, z3: 5 * h })).toBe('pyramidal');
    // z1 > z3 > z2 but PI = log10(0.6/0.19 x 0.21 x 100) = log10(66.3) = 1.82 <= 2 -> pyramidal
    expect(classifyDistribution({ z1: 60 * h, z2: 19 * h, z3: 21 * h })).toBe('pyramidal');
    expect(classifyDistribution({ z1: 40 * h, z2: 50 * h, z3: 10 * h })).toBe('threshold');
    expect(classifyDistribution({ z1: 30 * h, z2: 10 * h, z3: 60 * h })).toBe('threshold');
    expect(classifyDistribution({ z1: 3000, z2: 0, z3: 599 })).toBe('insufficient');
  });
});

describe('sessionIntensity', () => {
  const zones = parseZones([
    { discipline: 'Running', metric_description: 'Z1', zone_value: '< 140 bpm' },
    { discipline: 'Running', metric_description: 'Z2', zone_value: '140-152 bpm' },
    { discipline: 'Running', metric_description: 'Z3', zone_value: '153-162 bpm' },
    { discipline: 'Running', metric_description: 'Z4', zone_value: '163-172 bpm' },
    { discipline: 'Running', metric_description: 'Z5', zone_value: '173+ bpm' },
  ]);
  const ctx: IntensityContext = { power: powerBounds(250), hrBySport: {}, hrDefault: hrBounds(170, null), zones };

  it('prefers power bins, then HR bins', () => {
    const powerBins = [{ min: 100, max: 150, seconds: 1000 }, { min: 260, max: 300, seconds: 200 }];
    const hrBins = [{ min: 100, max: 140, seconds: 1200 }];
    const p = sessionIntensity({ sport: 'cycling', duration_s: 1200, avgHr: 130, intensityFactorPower: 0.7, hrBins, powerBins }, ctx);
    expect(p).toMatchObject({ basis: 'power', polarized: { z1: 1000, z2: 0, z3: 200 } });
    const hr = sessionIntensity({ sport: 'running', duration_s: 1200, avgHr: 130, intensityFactorPower: null, hrBins, powerBins: null }, ctx);
    expect(hr).toMatchObject({ basis: 'hr', polarized: { z1: 1200, z2: 0, z3: 0 }, fiveZone: [1200, 0, 0, 0, 0] });
  });
  it('falls back to average HR for the whole session, then to power IF', () => {
    const r = sessionIntensity({ sport: 'running', duration_s: 3600, avgHr: 160, intensityFactorPower: null, hrBins: null, powerBins: null }, ctx);
    // 160 is between 153 and 170 -> z2; athlete Z3 (153-162)
    expect(r).toEqual({ basis: 'hr', polarized: { z1: 0, z2: 3600, z3: 0 }, fiveZone: [0, 0, 3600, 0, 0] });
    const p = sessionIntensity({ sport: 'cycling', duration_s: 3600, avgHr: null, intensityFactorPower: 1.05, hrBins: null, powerBins: null }, { ...ctx, zones: parseZones([]) });
    expect(p).toEqual({ basis: 'power', polarized: { z1: 0, z2: 0, z3: 3600 }, fiveZone: null });
  });
  it('has nothing without HR, power or thresholds', () => {
    expect(sessionIntensity({ sport: 'other', duration_s: 3600, avgHr: null, intensityFactorPower: null, hrBins: null, powerBins: null }, ctx)).toEqual({
      basis: null,
      polarized: null,
      fiveZone: null,
    });
    const none: IntensityContext = { power: null, hrBySport: {}, hrDefault: null, zones: parseZones([]) };
    expect(sessionIntensity({ sport: 'running', duration_s: 3600, avgHr: 150, intensityFactorPower: null, hrBins: null, powerBins: null }, none).polarized).toBeNull();
  });
});

describe('intensityDistribution', () => {
  it('sums sessions into percentages, per sport and overall', () => {
    const d = intensityDistribution([
      { sport: 'running', basis: 'hr', polarized: { z1: 7200, z2: 0, z3: 1800 }, fiveZone: [7200, 0, 0, 0, 1800] },
      { sport: 'cycling', basis: 'power', polarized: { z1: 9000, z2: 1800, z3: 0 }, fiveZone: null },
      { sport: 'cycling', basis: 'hr', polarized: null, fiveZone: [1800, 1800, 0, 0, 0] },
      { sport: 'other', basis: null, polarized: null, fiveZone: null },
    ]);
    // total 16200 / 1800 / 1800 of 19800: 81.8 / 9.1 / 9.1
    expect(d.polarized_pct).toEqual({ z1: 81.8, z2: 9.1, z3: 9.1 });
    expect(d.bySport).toEqual({ running: { z1: 80, z2: 0, z3: 20 }, cycling: { z1: 83.3, z2: 16.7, z3: 0 } });
    // five zones: 9000 / 1800 / 0 / 0 / 1800 of 12600 -> 71.4 / 14.3 / 0 / 0 / 14.3
    expect(d.fiveZone_pct).toEqual([71.4, 14.3, 0, 0, 14.3]);
    // per sport: running 7200 / 1800 of 9000; cycling 1800 / 1800 of 3600; no zoned time for 'other'
    expect(d.fiveZoneBySport_pct).toEqual({ running: [80, 0, 0, 0, 20], cycling: [50, 50, 0, 0, 0] });
    expect(d.basis).toBe('mixed');
    // z1 > z2 = z3 -> pyramidal
    expect(d.model).toBe('pyramidal');
  });
  it('is insufficient and null with no sessions', () => {
    expect(intensityDistribution([])).toEqual({
      polarized_pct: null, fiveZone_pct: null, model: 'insufficient', basis: 'none', bySport: {}, fiveZoneBySport_pct: {}, polarizationIndex: null,
    });
    // zone seconds that are all zero give no percentages rather than NaN
    expect(intensityDistribution([{ sport: 'running', basis: 'hr', polarized: null, fiveZone: [0, 0, 0, 0, 0] }])).toMatchObject({ fiveZone_pct: null, fiveZoneBySport_pct: {} });
  });
});

describe('HR histogram and Garmin named zones', () => {
  it('reads load_inputs.hr_seconds_by_bpm as one-bpm bins, ignoring junk', () => {
    expect(parseHrHistogram({ hr_seconds_by_bpm: { '120': 60, '121': 0, '300': 5, abc: 3, '150': 30 }, hr_seconds: 90 })).toEqual([
      { min: 120, max: 120, seconds: 60 },
      { min: 150, max: 150, seconds: 30 },
    ]);
    expect(parseHrHistogram(null)).toBeNull();
    expect(parseHrHistogram({ hr_seconds_by_bpm: {} })).toBeNull();
  });
  it('keeps Garmin zones without bounds by number', () => {
    const bins = parseTimeInZones({ basis: "Garmin's zones", zones: [{ name: 'Z0', min: null, max: null, seconds: 10 }, { name: 'Z4', min: null, max: null, seconds: 20 }, { name: 'x', min: null, max: null, seconds: 5 }] });
    expect(bins).toEqual([
      { min: null, max: null, seconds: 10, zone: 0 },
      { min: null, max: null, seconds: 20, zone: 4 },
    ]);
  });
  it('maps named zones to three zones: HR Z1-3/Z4/Z5, power Z1-2/Z3-4/Z5+', () => {
    expect([0, 1, 2, 3, 4, 5].map((z) => namedZoneToThree(z, 'hr'))).toEqual([1, 1, 1, 1, 2, 3]);
    expect([1, 2, 3, 4, 5, 6, 7].map((z) => namedZoneToThree(z, 'power'))).toEqual([1, 1, 2, 2, 3, 3, 3]);
    const named = [1, 2, 3, 4, 5].map((zone) => ({ min: null, max: null, seconds: 100 * zone, zone }));
    // no thresholds needed for named bins: z1 = 100 + 200 + 300, z2 = 400, z3 = 500
    expect(polarizedFromBins(named, null)).toEqual({ z1: 600, z2: 400, z3: 500 });
    // bounded bins need bounds
    expect(polarizedFromBins([{ min: 100, max: 120, seconds: 5 }], null)).toBeNull();
  });
  it('uses named HR zones as the five zones and for the split without any threshold', () => {
    const hrBins = [1, 2, 3, 4, 5].map((zone) => ({ min: null, max: null, seconds: 60, zone }));
    const none: IntensityContext = { power: null, hrBySport: {}, hrDefault: null, zones: parseZones([]) };
    expect(sessionIntensity({ sport: 'running', duration_s: 300, avgHr: 150, intensityFactorPower: null, hrBins, powerBins: null }, none)).toEqual({
      basis: 'hr',
      polarized: { z1: 180, z2: 60, z3: 60 },
      fiveZone: [60, 60, 60, 60, 60],
    });
  });
});
