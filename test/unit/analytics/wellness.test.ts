import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import type { DailyMetricInput } from '../../../src/analytics/facts-input.js';
import { bandStatus, wellnessFacts } from '../../../src/analytics/wellness.js';

const today = '2026-11-25';

function days(n: number, make: (i: number) => Partial<DailyMetricInput>): DailyMetricInput[] {
  // i = 0 is today, i = n - 1 the oldest
  return Array.from({ length: n }, (_, i) => ({
    date: addDays(today, -i),
    resting_hr: null,
    hrv_nightly_avg: null,
    sleep_duration_s: null,
    sleep_score: null,
    ...make(i),
  }));
}

describe('bandStatus', () => {
  it('compares with the band', () => {
    expect(bandStatus(1, 2, 3)).toBe('below');
    expect(bandStatus(2, 2, 3)).toBe('within');
    expect(bandStatus(4, 2, 3)).toBe('above');
    expect(bandStatus(null, 2, 3)).toBe('insufficient');
    expect(bandStatus(2, null, 3)).toBe('insufficient');
  });
});

describe('wellnessFacts', () => {
  it('is insufficient without data, with a null-filled series over the window', () => {
    const w = wellnessFacts([], { today, seriesFrom: addDays(today, -6) });
    expect(w.hrv.status).toBe('insufficient');
    expect(w.restingHr.status).toBe('insufficient');
    expect(w.sleep).toEqual({ avg7d_s: null, avg28d_s: null, avgScore7d: null });
    expect(w.flags).toEqual([]);
    expect(w.series).toHaveLength(7);
    expect(w.series[6]).toEqual({ date: today, hrv_ms: null, lnRmssd7d: null, restingHr_bpm: null, sleep_s: null, sleepScore: null });
  });

  it('computes the 7-day ln rMSSD mean and the 60-day band (mean +/- 0.5 SD)', () => {
    // alternating 50 / 70 ms for 60 nights
    const w = wellnessFacts(days(60, (i) => ({ hrv_nightly_avg: i % 2 === 0 ? 50 : 70 })), { today, seriesFrom: addDays(today, -27) });
    const ln50 = Math.log(50); // 3.912023
    const ln70 = Math.log(70); // 4.248495
    // baseline mean = (ln50 + ln70)/2 = 4.080259; SD (population) = (ln70 - ln50)/2 = 0.168236
    expect(w.hrv.baselineMean).toBeCloseTo((ln50 + ln70) / 2, 3);
    expect(w.hrv.baselineLow).toBeCloseTo((ln50 + ln70) / 2 - 0.5 * ((ln70 - ln50) / 2), 3);
    expect(w.hrv.baselineHigh).toBeCloseTo((ln50 + ln70) / 2 + 0.5 * ((ln70 - ln50) / 2), 3);
    // last 7 nights (i = 0..6): four at 50, three at 70 -> (4 ln50 + 3 ln70)/7 = 4.056225
    expect(w.hrv.lnRmssd7d).toBeCloseTo((4 * ln50 + 3 * ln70) / 7, 3);
    expect(w.hrv.status).toBe('within');
    expect(w.hrv.latest_ms).toBe(50);
    expect(w.series).toHaveLength(28);
  });

  it('flags HRV below its band for 3 or more consecutive days', () => {
    // 60 nights around 60 ms (58/62), then the last 5 nights at 35 ms
    const w = wellnessFacts(days(65, (i) => ({ hrv_nightly_avg: i < 5 ? 35 : i % 2 === 0 ? 58 : 62 })), { today, seriesFrom: addDays(today, -6) });
    expect(w.hrv.status).toBe('below');
    expect(w.hrv.daysOutsideBand).toBeGreaterThanOrEqual(3);
    expect(w.flags.some((f) => f.startsWith('HRV 7-day average below baseline for'))).toBe(true);
  });

  it('fits the resting-HR trend by least squares (bpm per week)', () => {
    // rising 0.5 bpm a day over 28 days -> 3.5 bpm per week
    const w = wellnessFacts(days(28, (i) => ({ resting_hr: 60 - 0.5 * i })), { today, seriesFrom: addDays(today, -27) });
    expect(w.restingHr.trendBpmPerWeek).toBeCloseTo(3.5, 10);
    // last 7: 60, 59.5, ..., 57 -> mean 58.5
    expect(w.restingHr.avg7d_bpm).toBe(58.5);
    // 28 nights: mean of 60 .. 46.5 = 53.25 -> 53.3 (rounded), status above (SD 4.03; band 49.2..57.3)
    expect(w.restingHr.baseline60d_bpm).toBeCloseTo(53.3, 1);
    expect(w.restingHr.status).toBe('above');
  });

  it('averages sleep and flags under 7 h', () => {
    const w = wellnessFacts(days(28, (i) => ({ sleep_duration_s: i < 7 ? 6 * 3600 : 8 * 3600, sleep_score: i < 7 ? 60 : 80 })), { today, seriesFrom: addDays(today, -27) });
    expect(w.sleep.avg7d_s).toBe(21600);
    // (7 x 6 h + 21 x 8 h) / 28 = 7.5 h = 27000 s
    expect(w.sleep.avg28d_s).toBe(27000);
    expect(w.sleep.avgScore7d).toBe(60);
    expect(w.flags).toContain('Sleep averaged 6 h over the last 7 days (guideline: at least 7 h)');
  });

  it('ignores future rows, zeros and gaps', () => {
    const rows = [
      { date: addDays(today, 3), resting_hr: 99, hrv_nightly_avg: 1, sleep_duration_s: 1, sleep_score: 1 },
      { date: addDays(today, -1), resting_hr: 0, hrv_nightly_avg: 0, sleep_duration_s: 0, sleep_score: 0 },
      { date: addDays(today, -3), resting_hr: 50, hrv_nightly_avg: 60, sleep_duration_s: 28800, sleep_score: 85 },
    ];
    const w = wellnessFacts(rows, { today, seriesFrom: addDays(today, -6) });
    expect(w.series.find((p) => p.date === addDays(today, -1))).toMatchObject({ hrv_ms: null, restingHr_bpm: null });
    expect(w.hrv.latest_ms).toBe(60);
    // one night is not enough for a 7-day mean (needs 3)
    expect(w.hrv.lnRmssd7d).toBeNull();
    expect(w.sleep.avg7d_s).toBe(28800);
  });
});
