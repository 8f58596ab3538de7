/**
 * Performance Management Chart (Coggan / TrainingPeaks) and acute:chronic workload ratio.
 *
 * - Daily load: the sum of session loads per calendar day, every day present (zero days filled).
 * - Fitness CTL and fatigue ATL, the TrainingPeaks exponentially weighted averages with
 *   time constants 42 and 7 days:
 *       CTL_t = CTL_{t-1} + (load_t - CTL_{t-1}) / 42
 *       ATL_t = ATL_{t-1} + (load_t - ATL_{t-1}) / 7
 *   seeded with CTL = ATL = `seed` (default 0, "no known history") the day before the series.
 *   Each value is a convex combination of the seed and the loads so far, so it stays within
 *   [min, max] of those (property-tested).
 * - Form: TSB_t = CTL_{t-1} - ATL_{t-1} (yesterday's values, as TrainingPeaks shows form
 *   going into the day).
 * - Ramp rate: CTL_today - CTL_{today-7}, points per week.
 * - ACWR rolling (Gabbett 2016): (sum of the last 7 days / 7) / (sum of the last 28 days / 28).
 * - ACWR EWMA (Williams et al. 2017): EWMA_t = lambda * load_t + (1 - lambda) * EWMA_{t-1},
 *   lambda = 2 / (N + 1), N = 7 (acute) and 28 (chronic); ratio acute / chronic.
 * - Bands (Gabbett 2016): < 0.8 low, 0.8-1.3 optimal ("sweet spot"), > 1.3-1.5 caution,
 *   > 1.5 high; 'insufficient' with fewer than 28 days since the first recorded session
 *   or no chronic load (the ratios are then null).
 */
import { fromDayNumber, toDayNumber } from './calendar.js';

export const CTL_DAYS = 42;
export const ATL_DAYS = 7;
export const ACWR_ACUTE_DAYS = 7;
export const ACWR_CHRONIC_DAYS = 28;

export interface LoadEntry {
  date: string;
  load: number;
}

export interface PmcPoint {
  date: string;
  load: number;
  ctl: number;
  atl: number;
  tsb: number;
}

/**
 * Sum loads per day from `from` to `to` inclusive (both 'YYYY-MM-DD'); days without a
 * session are 0. Entries outside the range are ignored.
 */
export function dailyLoadSeries(entries: readonly LoadEntry[], from: string, to: string): LoadEntry[] {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  if (end < start) return [];
  const loads = new Float64Array(end - start + 1);
  for (const entry of entries) {
    const index = toDayNumber(entry.date) - start;
    if (index >= 0 && index < loads.length && Number.isFinite(entry.load)) loads[index] += entry.load;
  }
  const series: LoadEntry[] = new Array(loads.length);
  for (let i = 0; i < loads.length; i++) series[i] = { date: fromDayNumber(start + i), load: loads[i] };
  return series;
}

/**
 * CTL, ATL and TSB for a daily series (one entry per consecutive day). `atlSeed` lets a
 * series continue from a known state (the fitness projection starts from today's CTL and ATL).
 */
export function performanceManagement(series: readonly LoadEntry[], seed = 0, atlSeed = seed): PmcPoint[] {
  const points: PmcPoint[] = new Array(series.length);
  let ctl = seed;
  let atl = atlSeed;
  for (let i = 0; i < series.length; i++) {
    const load = series[i].load;
    const tsb = ctl - atl;
    ctl = ctl + (load - ctl) / CTL_DAYS;
    atl = atl + (load - atl) / ATL_DAYS;
    points[i] = { date: series[i].date, load, ctl, atl, tsb };
  }
  return points;
}

/** CTL change over the last 7 days (points per week); null with fewer than 8 points. */
export function rampRatePerWeek(points: readonly PmcPoint[]): number | null {
  if (points.length < 8) return null;
  return points[points.length - 1].ctl - points[points.length - 8].ctl;
}

export type AcwrBand = 'low' | 'optimal' | 'caution' | 'high' | 'insufficient';

export function acwrBand(ratio: number | null): AcwrBand {
  if (ratio === null || !Number.isFinite(ratio)) return 'insufficient';
  if (ratio < 0.8) return 'low';
  if (ratio <= 1.3) return 'optimal';
  if (ratio <= 1.5) return 'caution';
  return 'high';
}

export interface Acwr {
  rolling: number | null;
  ewma: number | null;
  band: AcwrBand;
}

/**
 * ACWR as of the last day of `series`. `dataDays` is how many days of training history
 * exist up to that day (days since the first recorded session, inclusive); under 28 the
 * chronic window is not filled and the result is 'insufficient'.
 */
export function acuteChronicRatio(series: readonly LoadEntry[], dataDays: number): Acwr {
  const n = series.length;
  if (n < ACWR_CHRONIC_DAYS || dataDays < ACWR_CHRONIC_DAYS) return { rolling: null, ewma: null, band: 'insufficient' };
  let acute = 0;
  let chronic = 0;
  for (let i = n - ACWR_CHRONIC_DAYS; i < n; i++) {
    chronic += series[i].load;
    if (i >= n - ACWR_ACUTE_DAYS) acute += series[i].load;
  }
  const rolling = chronic > 0 ? acute / ACWR_ACUTE_DAYS / (chronic / ACWR_CHRONIC_DAYS) : null;

  const lambdaA = 2 / (ACWR_ACUTE_DAYS + 1);
  const lambdaC = 2 / (ACWR_CHRONIC_DAYS + 1);
  let ewmaA = 0;
  let ewmaC = 0;
  for (const entry of series) {
    ewmaA = lambdaA * entry.load + (1 - lambdaA) * ewmaA;
    ewmaC = lambdaC * entry.load + (1 - lambdaC) * ewmaC;
  }
  const ewma = ewmaC > 0 ? ewmaA / ewmaC : null;
  // The band follows the rolling ratio (Gabbett's bands were defined on it); the EWMA
  // ratio stands in when the rolling one is undefined.
  return { rolling, ewma, band: acwrBand(rolling ?? ewma) };
}
