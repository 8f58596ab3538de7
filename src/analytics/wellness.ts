/**
 * Wellness trends from daily metrics.
 *
 * - HRV: ln(rMSSD) per night; its 7-day rolling mean (at least 3 nights in the window)
 *   compared with a 60-day baseline band, mean +/- 0.5 SD of the nightly ln(rMSSD) values
 *   of the last 60 days (at least 14 nights), the "smallest worthwhile change" band of
 *   Plews et al. 2012/2013 as used by Altini (HRV4Training).
 * - Resting HR: 7-day mean against the 60-day mean +/- 1 SD (resting HR is noisier night
 *   to night than its weekly mean moves, so the wider band); trend = least-squares slope
 *   over the last 28 days, in bpm per week.
 * - Sleep: 7- and 28-day means of duration and the 7-day mean score.
 * - Flags (sustained deviation): 7-day HRV or resting HR outside its band for >= 3
 *   consecutive days up to today; 7-day sleep under 7 h (AASM/SRS 2015 adult guideline).
 */
import type { BaselineStatus, WellnessFacts, WellnessPoint } from './facts.types.js';
import type { DailyMetricInput } from './facts-input.js';
import { fromDayNumber, toDayNumber } from './calendar.js';
import { leastSquaresSlope, mean, round, roundOrNull } from './numbers.js';

export const HRV_BASELINE_DAYS = 60;
export const HRV_MIN_BASELINE_NIGHTS = 14;
export const HRV_ROLLING_DAYS = 7;
export const HRV_MIN_ROLLING_NIGHTS = 3;
export const HRV_BAND_SD = 0.5;
export const RHR_BAND_SD = 1;
export const SUSTAINED_DAYS = 3;
export const SLEEP_GUIDELINE_S = 7 * 3600;

interface Window {
  n: number;
  sum: number;
  sumSq: number;
}

/** Rolling windowed stats over a per-day array with gaps (null = no value). */
function rolling(values: readonly (number | null)[], size: number): Window[] {
  const out: Window[] = new Array(values.length);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null) {
      n++;
      sum += v;
      sumSq += v * v;
    }
    const old = i - size >= 0 ? values[i - size] : null;
    if (old !== null && old !== undefined) {
      n--;
      sum -= old;
      sumSq -= old * old;
    }
    out[i] = { n, sum, sumSq };
  }
  return out;
}

function windowMean(w: Window): number | null {
  return w.n > 0 ? w.sum / w.n : null;
}

function windowSd(w: Window): number | null {
  if (w.n === 0) return null;
  const m = w.sum / w.n;
  return Math.sqrt(Math.max(0, w.sumSq / w.n - m * m));
}

export function bandStatus(value: number | null, low: number | null, high: number | null): BaselineStatus {
  if (value === null || low === null || high === null) return 'insufficient';
  if (value < low) return 'below';
  if (value > high) return 'above';
  return 'within';
}

export interface WellnessOptions {
  today: string;
  /** First day of the returned series (the metrics window). */
  seriesFrom: string;
}

function positive(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

export function wellnessFacts(metrics: readonly DailyMetricInput[], options: WellnessOptions): WellnessFacts {
  const todayDay = toDayNumber(options.today);
  const seriesFromDay = Math.min(toDayNumber(options.seriesFrom), todayDay);
  const startDay = Math.min(seriesFromDay, todayDay - HRV_BASELINE_DAYS - HRV_ROLLING_DAYS);
  const length = todayDay - startDay + 1;
  const hrv: (number | null)[] = new Array(length).fill(null);
  const lnHrv: (number | null)[] = new Array(length).fill(null);
  const rhr: (number | null)[] = new Array(length).fill(null);
  const sleep: (number | null)[] = new Array(length).fill(null);
  const score: (number | null)[] = new Array(length).fill(null);
  for (const m of metrics) {
    const index = toDayNumber(m.date) - startDay;
    if (index < 0 || index >= length) continue;
    const h = positive(m.hrv_nightly_avg);
    hrv[index] = h;
    lnHrv[index] = h === null ? null : Math.log(h);
    rhr[index] = positive(m.resting_hr);
    sleep[index] = positive(m.sleep_duration_s);
    score[index] = positive(m.sleep_score);
  }

  const ln7 = rolling(lnHrv, HRV_ROLLING_DAYS);
  const ln60 = rolling(lnHrv, HRV_BASELINE_DAYS);
  const rhr7 = rolling(rhr, 7);
  const rhr60 = rolling(rhr, HRV_BASELINE_DAYS);

  const hrvStatusAt = (i: number) => {
    const rollingMean = ln7[i].n >= HRV_MIN_ROLLING_NIGHTS ? windowMean(ln7[i]) : null;
    const baseline = ln60[i].n >= HRV_MIN_BASELINE_NIGHTS ? windowMean(ln60[i]) : null;
    const sd = baseline === null ? null : windowSd(ln60[i]);
    const low = baseline === null || sd === null ? null : baseline - HRV_BAND_SD * sd;
    const high = baseline === null || sd === null ? null : baseline + HRV_BAND_SD * sd;
    return { rollingMean, baseline, low, high, status: bandStatus(rollingMean, low, high) };
  };
  const rhrStatusAt = (i: number) => {
    const avg = rhr7[i].n >= HRV_MIN_ROLLING_NIGHTS ? windowMean(rhr7[i]) : null;
    const baseline = rhr60[i].n >= HRV_MIN_BASELINE_NIGHTS ? windowMean(rhr60[i]) : null;
    const sd = baseline === null ? null : windowSd(rhr60[i]);
    const low = baseline === null || sd === null ? null : baseline - RHR_BAND_SD * sd;
    const high = baseline === null || sd === null ? null : baseline + RHR_BAND_SD * sd;
    return { avg, baseline, status: bandStatus(avg, low, high) };
  };
  const consecutive = (statusAt: (i: number) => BaselineStatus): { days: number; status: BaselineStatus } => {
    const last = length - 1;
    const status = statusAt(last);
    if (status !== 'below' && status !== 'above') return { days: 0, status };
    let days = 0;
    for (let i = last; i >= 0 && statusAt(i) === status; i--) days++;
    return { days, status };
  };

  const last = length - 1;
  const hrvNow = hrvStatusAt(last);
  const hrvRun = consecutive((i) => hrvStatusAt(i).status);
  const rhrNow = rhrStatusAt(last);
  const rhrRun = consecutive((i) => rhrStatusAt(i).status);

  const trendPoints: { x: number; y: number }[] = [];
  for (let i = Math.max(0, length - 28); i < length; i++) if (rhr[i] !== null) trendPoints.push({ x: i, y: rhr[i] as number });
  const slope = trendPoints.length >= 7 ? leastSquaresSlope(trendPoints) : null;

  const lastN = (values: readonly (number | null)[], n: number) => values.slice(Math.max(0, length - n)).filter((v): v is number => v !== null);
  const sleep7 = mean(lastN(sleep, 7));
  const sleep28 = mean(lastN(sleep, 28));
  const score7 = mean(lastN(score, 7));
  let latestHrv: number | null = null;
  for (let i = last; i >= 0 && latestHrv === null; i--) latestHrv = hrv[i];

  const flags: string[] = [];
  if (hrvRun.days >= SUSTAINED_DAYS) flags.push(`HRV 7-day average ${hrvRun.status} baseline for ${hrvRun.days} days`);
  if (rhrRun.days >= SUSTAINED_DAYS) flags.push(`Resting HR 7-day average ${rhrRun.status} baseline for ${rhrRun.days} days`);
  if (sleep7 !== null && lastN(sleep, 7).length >= 3 && sleep7 < SLEEP_GUIDELINE_S) {
    flags.push(`Sleep averaged ${round(sleep7 / 3600, 1)} h over the last 7 days (guideline: at least 7 h)`);
  }

  const series: WellnessPoint[] = [];
  for (let i = seriesFromDay - startDay; i < length; i++) {
    const rollingMean = ln7[i].n >= HRV_MIN_ROLLING_NIGHTS ? windowMean(ln7[i]) : null;
    series.push({
      date: fromDayNumber(startDay + i),
      hrv_ms: roundOrNull(hrv[i], 1),
      lnRmssd7d: roundOrNull(rollingMean, 3),
      restingHr_bpm: roundOrNull(rhr[i], 1),
      sleep_s: roundOrNull(sleep[i], 0),
      sleepScore: roundOrNull(score[i], 0),
    });
  }

  return {
    hrv: {
      lnRmssd7d: roundOrNull(hrvNow.rollingMean, 3),
      baselineMean: roundOrNull(hrvNow.baseline, 3),
      baselineLow: roundOrNull(hrvNow.low, 3),
      baselineHigh: roundOrNull(hrvNow.high, 3),
      status: hrvNow.status,
      daysOutsideBand: hrvRun.days,
      latest_ms: roundOrNull(latestHrv, 1),
    },
    restingHr: {
      avg7d_bpm: roundOrNull(rhrNow.avg, 1),
      baseline60d_bpm: roundOrNull(rhrNow.baseline, 1),
      trendBpmPerWeek: roundOrNull(slope === null ? null : slope * 7, 2),
      status: rhrNow.status,
    },
    sleep: {
      avg7d_s: roundOrNull(sleep7, 0),
      avg28d_s: roundOrNull(sleep28, 0),
      avgScore7d: roundOrNull(score7, 1),
    },
    flags,
    series,
  };
}
