/**
 * Mean-maximal curves of one activity, computed at import from the 1 Hz series (the records
 * never reach the database): for each duration, the best average the activity held for
 * that long. Power (W) from the power series with stops as 0 W (no effort spans a stop);
 * speed (m/s) from the cumulative distance (a stop holds the distance, so it slows the
 * window); heart rate (bpm) over windows at least 95% covered by readings (as the sustained
 * HR best efforts). O(samples x durations) with running sums: a 4 h ride is ~0.4 M steps.
 */
import { MIN_HR_COVERAGE } from './effort-metrics.js';

/** The durations every curve is sampled at, seconds: dense where the models fit (2-20 min). */
export const MEAN_MAX_DURATIONS: readonly number[] = [
  1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480, 600, 720, 900,
  1200, 1500, 1800, 2400, 3600, 5400, 7200, 10800, 14400,
];

export type MeanMaxKind = 'power' | 'speed' | 'hr';

export interface MeanMaxCurve {
  /** Sport family of the activity: running, cycling, swimming, strength, other. */
  sport: string;
  kind: MeanMaxKind;
  /** Durations the activity is long enough for, ascending; `value[i]` belongs to `duration_s[i]`. */
  duration_s: number[];
  value: number[];
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Best average of `values` over each duration (a plain running sum). */
export function meanMaxOfSeries(values: ArrayLike<number>, digits = 1): { duration_s: number[]; value: number[] } {
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  return sampled(n, (d) => {
    let best = -Infinity;
    for (let end = d; end <= n; end++) {
      const sum = prefix[end] - prefix[end - d];
      if (sum > best) best = sum;
    }
    return round(best / d, digits);
  });
}

/** Best average speed over each duration from a 1 Hz cumulative distance series (m/s). */
export function meanMaxSpeed(cumulativeMetres: ArrayLike<number>): { duration_s: number[]; value: number[] } {
  const n = cumulativeMetres.length;
  // n samples span n - 1 seconds.
  return sampled(n - 1, (d) => {
    let best = 0;
    for (let end = d; end < n; end++) {
      const metres = cumulativeMetres[end] - cumulativeMetres[end - d];
      if (metres > best) best = metres;
    }
    return best > 0 ? round(best / d, 3) : null;
  });
}

/** Best average heart rate over each duration, windows at least 95% covered (0 = no reading). */
export function meanMaxHeartRate(bpm: ArrayLike<number>): { duration_s: number[]; value: number[] } {
  const n = bpm.length;
  const sum = new Float64Array(n + 1);
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    sum[i + 1] = sum[i] + (bpm[i] > 0 ? bpm[i] : 0);
    count[i + 1] = count[i] + (bpm[i] > 0 ? 1 : 0);
  }
  return sampled(n, (d) => {
    let best = -Infinity;
    const need = d * MIN_HR_COVERAGE;
    for (let end = d; end <= n; end++) {
      const c = count[end] - count[end - d];
      if (c >= need && c > 0) best = Math.max(best, (sum[end] - sum[end - d]) / c);
    }
    return Number.isFinite(best) ? round(best, 1) : null;
  });
}

function sampled(span: number, bestOver: (d: number) => number | null): { duration_s: number[]; value: number[] } {
  const duration_s: number[] = [];
  const value: number[] = [];
  for (const d of MEAN_MAX_DURATIONS) {
    if (d > span) break;
    const best = bestOver(d);
    if (best === null || !Number.isFinite(best) || best <= 0) continue;
    duration_s.push(d);
    value.push(best);
  }
  return { duration_s, value };
}

/** The activity's curves: power when it has power, speed when a distance is given, HR when it has HR. */
export function meanMaxCurves(
  sport: string,
  series: { watts: ArrayLike<number> | null; cumulativeMetres: ArrayLike<number> | null; bpm: ArrayLike<number> | null },
): MeanMaxCurve[] {
  const curves: MeanMaxCurve[] = [];
  const add = (kind: MeanMaxKind, curve: { duration_s: number[]; value: number[] }) => {
    if (curve.duration_s.length > 0) curves.push({ sport, kind, ...curve });
  };
  if (series.watts && series.watts.length > 0) add('power', meanMaxOfSeries(series.watts));
  if (series.cumulativeMetres && series.cumulativeMetres.length > 1) add('speed', meanMaxSpeed(series.cumulativeMetres));
  if (series.bpm && series.bpm.length > 0) add('hr', meanMaxHeartRate(series.bpm));
  return curves;
}
