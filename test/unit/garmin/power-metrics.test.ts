import { describe, expect, it } from 'vitest';
import { bestPowerEfforts, bestRunEfforts, normalizedPower, resampleToSeconds } from '../../../src/garmin/power-metrics.js';
import { heartRateBands, histogram, powerBands, timeInZones } from '../../../src/garmin/time-in-zones.js';

describe('normalized power', () => {
  it('equals the average for steady power', () => {
    expect(normalizedPower(new Array(600).fill(200))).toBe(200);
  });
  it('exceeds the average for variable power (4th-power weighting of 30 s averages)', () => {
    // 5 min at 300 W, 5 min at 100 W: average 200, NP well above.
    const watts = [...new Array(300).fill(300), ...new Array(300).fill(100)];
    const np = normalizedPower(watts)!;
    expect(np).toBeGreaterThan(240);
    expect(np).toBeLessThan(300);
    // Hand check: the rolling averages are exact apart from 29 transition windows.
    const rolling: number[] = [];
    for (let i = 29; i < watts.length; i++) rolling.push(watts.slice(i - 29, i + 1).reduce((a, b) => a + b) / 30);
    const expected = (rolling.reduce((a, v) => a + v ** 4, 0) / rolling.length) ** 0.25;
    expect(np).toBeCloseTo(expected, 0);
  });
  it('is null below 30 s', () => {
    expect(normalizedPower([100, 200])).toBeNull();
  });
});

describe('best efforts', () => {
  it('finds the best window for each duration it is long enough for', () => {
    const watts = new Array(1500).fill(150);
    for (let i = 100; i < 400; i++) watts[i] = 300;
    for (let i = 200; i < 205; i++) watts[i] = 900;
    const best = bestPowerEfforts(watts);
    expect(best['5s']).toBe(900);
    expect(best['1min']).toBe((55 * 300 + 5 * 900) / 60);
    expect(best['5min']).toBe((295 * 300 + 5 * 900) / 300);
    expect(best['20min']).toBeGreaterThan(150);
    expect(best['60min']).toBeUndefined();
  });
  it('finds the fastest time over each run distance', () => {
    // 4 m/s for 1500 s then 3 m/s for 1500 s: 10.5 km in total.
    const cumulative: number[] = [0];
    for (let s = 1; s <= 3000; s++) cumulative.push(cumulative[s - 1] + (s <= 1500 ? 4 : 3));
    const best = bestRunEfforts(cumulative);
    expect(best['1km']).toBe(250);
    expect(best['5km']).toBe(1250);
    expect(best['10km']).toBe(1500 + Math.ceil(4000 / 3));
    expect(best.half).toBeUndefined();
  });
});

describe('resampling to 1 Hz', () => {
  it('holds short gaps and zero-fills pauses', () => {
    const out = resampleToSeconds([{ t: 0, value: 100 }, { t: 3, value: 200 }, { t: 20, value: 300 }], { holdSeconds: 5 });
    expect(out.length).toBe(21);
    expect([...out.slice(0, 4)]).toEqual([100, 100, 100, 200]);
    expect(out[8]).toBe(200);
    expect(out[9]).toBe(0);
    expect(out[20]).toBe(300);
  });
});

describe('time in zones', () => {
  it("uses the athlete's HR ranges for the sport's discipline", () => {
    const rows = [
      { discipline: 'Running', metric_description: 'Z1', zone_value: '<130 bpm' },
      { discipline: 'Running', metric_description: 'Z2', zone_value: '130-150 bpm' },
      { discipline: 'Running', metric_description: 'Z3', zone_value: '>150 bpm' },
      { discipline: 'Cycling', metric_description: 'Z1', zone_value: '<100 bpm' },
    ];
    const bands = heartRateBands(rows, 'running', null)!;
    expect(bands.basis).toContain('Running');
    const result = timeInZones(histogram([120, 120, 140, 150, 151, 160], { skipZero: true }), bands.bands, bands.basis);
    expect(result.zones.map((z) => z.seconds)).toEqual([2, 2, 2]);
  });
  it('falls back to Friel bands from threshold HR, then to % of max HR', () => {
    const lthr = heartRateBands([{ discipline: 'Running', metric_description: 'Threshold HR', zone_value: '170 bpm' }], 'running', null)!;
    expect(lthr.bands[1]).toMatchObject({ min: Math.round(170 * 0.85), max: Math.round(170 * 0.9) });
    const byMax = heartRateBands([], 'cycling', { value: 190, source: 'device' })!;
    expect(byMax.basis).toContain('max HR 190');
    expect(byMax.bands).toHaveLength(5);
    expect(heartRateBands([], 'cycling', null)).toBeNull();
  });
  it('builds Coggan power bands from FTP in zones or from the device', () => {
    const fromZones = powerBands([{ discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' }], 'cycling', 300)!;
    expect(fromZones.basis).toContain('250 W (zones)');
    expect(fromZones.bands[0].max).toBe(Math.round(250 * 0.55));
    expect(powerBands([], 'cycling', 300)!.basis).toContain('300 W (device)');
    expect(powerBands([], 'cycling', null)).toBeNull();
  });
});
