import { describe, expect, it } from 'vitest';
import { meanMaxCurves, meanMaxHeartRate, meanMaxOfSeries, meanMaxSpeed } from '../../../src/garmin/mean-max.js';
import { bestPowerEfforts } from '../../../src/garmin/power-metrics.js';

const at = (curve: { duration_s: number[]; value: number[] }, d: number) => curve.value[curve.duration_s.indexOf(d)];

describe('mean-maximal curves', () => {
  it('power: the best window per duration, agreeing with the best efforts, never rising with duration', () => {
    const watts = new Array(4000).fill(150);
    for (let i = 100; i < 400; i++) watts[i] = 300;
    for (let i = 200; i < 205; i++) watts[i] = 900;
    const curve = meanMaxOfSeries(watts);
    const best = bestPowerEfforts(watts);
    expect(at(curve, 5)).toBe(best['5s']);
    expect(at(curve, 60)).toBe(best['1min']);
    expect(at(curve, 300)).toBe(best['5min']);
    expect(at(curve, 1200)).toBe(best['20min']);
    expect(at(curve, 3600)).toBe(best['60min']);
    expect(curve.duration_s.at(-1)).toBe(3600); // 4000 s: not long enough for 5400 s
    for (let i = 1; i < curve.value.length; i++) expect(curve.value[i]).toBeLessThanOrEqual(curve.value[i - 1]);
  });

  it('speed: metres over the best window from cumulative distance', () => {
    // 4 m/s for 600 s, then 3 m/s for 600 s
    const cumulative = [0];
    for (let s = 1; s <= 1200; s++) cumulative.push(cumulative[s - 1] + (s <= 600 ? 4 : 3));
    const curve = meanMaxSpeed(cumulative);
    expect(at(curve, 300)).toBe(4);
    expect(at(curve, 600)).toBe(4);
    expect(at(curve, 1200)).toBe(3.5);
  });

  it('heart rate: only windows with 95% of readings count', () => {
    const bpm = new Array(1300).fill(150);
    for (let i = 0; i < 100; i++) bpm[i] = 0; // strap not yet on
    for (let i = 1000; i < 1100; i++) bpm[i] = 190;
    const curve = meanMaxHeartRate(bpm);
    expect(at(curve, 60)).toBe(190);
    // Seconds 40..1239: 60 without a reading (5%), averaged over the 1140 readings.
    expect(at(curve, 1200)).toBe(Math.round(((1040 * 150 + 100 * 190) / 1140) * 10) / 10);
    expect(meanMaxHeartRate(new Array(600).fill(0)).duration_s).toEqual([]);
  });

  it('gives each kind the activity has, with its sport', () => {
    const curves = meanMaxCurves('cycling', { watts: new Array(600).fill(200), cumulativeMetres: null, bpm: new Array(600).fill(140) });
    expect(curves.map((c) => [c.sport, c.kind])).toEqual([['cycling', 'power'], ['cycling', 'hr']]);
  });
});
