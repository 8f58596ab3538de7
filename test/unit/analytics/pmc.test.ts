import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acuteChronicRatio, acwrBand, dailyLoadSeries, performanceManagement, rampRatePerWeek } from '../../../src/analytics/pmc.js';

function series(loads: number[], from = '2026-01-01') {
  const start = Date.parse(`${from}T00:00:00Z`);
  return loads.map((load, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), load }));
}

describe('dailyLoadSeries', () => {
  it('fills zero days, sums same-day sessions and ignores loads outside the range', () => {
    const out = dailyLoadSeries(
      [
        { date: '2026-01-02', load: 50 },
        { date: '2026-01-02', load: 25 },
        { date: '2026-01-05', load: 10 },
        { date: '2025-12-31', load: 999 },
        { date: '2026-01-06', load: 999 },
      ],
      '2026-01-01',
      '2026-01-05',
    );
    expect(out).toEqual([
      { date: '2026-01-01', load: 0 },
      { date: '2026-01-02', load: 75 },
      { date: '2026-01-03', load: 0 },
      { date: '2026-01-04', load: 0 },
      { date: '2026-01-05', load: 10 },
    ]);
  });
  it('crosses month and leap-year boundaries', () => {
    const out = dailyLoadSeries([], '2028-02-28', '2028-03-01');
    expect(out.map((p) => p.date)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });
  it('is empty for an inverted range and one day for a single day', () => {
    expect(dailyLoadSeries([], '2026-01-02', '2026-01-01')).toEqual([]);
    expect(dailyLoadSeries([{ date: '2026-01-01', load: 5 }], '2026-01-01', '2026-01-01')).toEqual([{ date: '2026-01-01', load: 5 }]);
  });
});

describe('performanceManagement (CTL_t = CTL_t-1 + (load - CTL_t-1)/42, ATL with 7)', () => {
  it('matches hand-computed values for one session then a rest day', () => {
    const [d1, d2] = performanceManagement(series([100, 0]));
    // day 1: CTL = 0 + 100/42 = 2.380952; ATL = 0 + 100/7 = 14.285714; TSB = 0 - 0 = 0
    expect(d1.ctl).toBeCloseTo(2.380952, 6);
    expect(d1.atl).toBeCloseTo(14.285714, 6);
    expect(d1.tsb).toBe(0);
    // day 2: CTL = 2.380952 x 41/42 = 2.324263; ATL = 14.285714 x 6/7 = 12.244898
    // TSB = yesterday's CTL - ATL = 2.380952 - 14.285714 = -11.904762
    expect(d2.ctl).toBeCloseTo(2.324263, 6);
    expect(d2.atl).toBeCloseTo(12.244898, 6);
    expect(d2.tsb).toBeCloseTo(-11.904762, 6);
  });
  it('stays at a constant load when seeded with it', () => {
    const points = performanceManagement(series(new Array(100).fill(60)), 60);
    for (const p of points) {
      expect(p.ctl).toBeCloseTo(60, 10);
      expect(p.atl).toBeCloseTo(60, 10);
      expect(p.tsb).toBeCloseTo(0, 10);
    }
  });
  it('approaches a constant load: after 42 days CTL = L (1 - (41/42)^42)', () => {
    const points = performanceManagement(series(new Array(42).fill(100)));
    // (41/42)^42 = e^(42 ln(41/42)) = e^(-1.01207) = 0.363490 -> CTL = 63.651
    expect(points[41].ctl).toBeCloseTo(100 * (1 - (41 / 42) ** 42), 8);
    expect(points[41].ctl).toBeCloseTo(63.651, 2);
  });
  it('handles no data', () => {
    expect(performanceManagement([])).toEqual([]);
    expect(rampRatePerWeek([])).toBeNull();
  });
  it('ramp rate is CTL today minus CTL 7 days ago', () => {
    const points = performanceManagement(series(new Array(20).fill(70)));
    expect(rampRatePerWeek(points)).toBeCloseTo(points[19].ctl - points[12].ctl, 10);
  });

  it('property: CTL and ATL stay within [min, max] of the seed and the loads; |TSB| <= max - min', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 1, maxLength: 400 }), fc.double({ min: 0, max: 500, noNaN: true }), (loads, seed) => {
        const points = performanceManagement(series(loads), seed);
        let lo = seed;
        let hi = seed;
        const eps = 1e-9;
        for (const p of points) {
          lo = Math.min(lo, p.load);
          hi = Math.max(hi, p.load);
          if (p.ctl < lo - eps || p.ctl > hi + eps) return false;
          if (p.atl < lo - eps || p.atl > hi + eps) return false;
          if (Math.abs(p.tsb) > hi - lo + eps) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
  it('property: seeded with the first load, CTL and ATL stay within [min, max] of the loads alone', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 1, maxLength: 200 }), (loads) => {
        const points = performanceManagement(series(loads), loads[0]);
        const lo = Math.min(...loads);
        const hi = Math.max(...loads);
        return points.every((p) => p.ctl >= lo - 1e-9 && p.ctl <= hi + 1e-9 && p.atl >= lo - 1e-9 && p.atl <= hi + 1e-9);
      }),
    );
  });
});

describe('acute:chronic workload ratio', () => {
  it('rolling: (7-day sum / 7) / (28-day sum / 28)', () => {
    // 21 days at 50 then 7 at 100: acute = 700/7 = 100; chronic = (1050 + 700)/28 = 62.5; 100/62.5 = 1.6
    const r = acuteChronicRatio(series([...new Array(21).fill(50), ...new Array(7).fill(100)]), 28);
    expect(r.rolling).toBeCloseTo(1.6, 10);
    expect(r.band).toBe('high');
  });
  it('EWMA (Williams 2017): lambda = 2/(N+1)', () => {
    // 28 days at 10 from 0: acute = 10 (1 - 0.75^28), chronic = 10 (1 - (27/29)^28)
    // = 9.99683 / 8.64780 = 1.1560
    const r = acuteChronicRatio(series(new Array(28).fill(10)), 28);
    expect(r.ewma).toBeCloseTo((1 - 0.75 ** 28) / (1 - (27 / 29) ** 28), 10);
    expect(r.ewma).toBeCloseTo(1.156, 3);
    expect(r.rolling).toBeCloseTo(1, 10);
    expect(r.band).toBe('optimal');
  });
  it('is insufficient with fewer than 28 days of history or no chronic load', () => {
    expect(acuteChronicRatio(series(new Array(27).fill(10)), 27)).toEqual({ rolling: null, ewma: null, band: 'insufficient' });
    expect(acuteChronicRatio(series(new Array(60).fill(10)), 20).band).toBe('insufficient');
    expect(acuteChronicRatio(series(new Array(28).fill(0)), 100)).toEqual({ rolling: null, ewma: null, band: 'insufficient' });
  });
  it('bands at Gabbett\'s cut-offs', () => {
    expect(acwrBand(0.79)).toBe('low');
    expect(acwrBand(0.8)).toBe('optimal');
    expect(acwrBand(1.3)).toBe('optimal');
    expect(acwrBand(1.31)).toBe('caution');
    expect(acwrBand(1.5)).toBe('caution');
    expect(acwrBand(1.51)).toBe('high');
    expect(acwrBand(null)).toBe('insufficient');
  });
});
