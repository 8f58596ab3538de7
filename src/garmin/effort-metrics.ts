/**
 * Best efforts beyond power and run times, computed at import from the 1 Hz series so
 * analytics can estimate thresholds without the samples:
 * - sustained heart rate: the highest average HR over 20, 30 and 60 minutes (Friel's LTHR
 *   field test reads the average HR of the last 20 minutes of a 30-minute solo effort);
 * - pool swim times over 100, 200 and 400 m (the 200/400 m pair gives the critical swim
 *   speed, Wakayoshi 1992 / Ginn 1993).
 */
import { fastestOverDistances, type TimedSample } from './power-metrics.js';

/** Durations for the best average heart rate, seconds, keyed by the label analytics reads. */
export const HR_DURATIONS: ReadonlyArray<readonly [label: string, seconds: number]> = [
  ['20min', 1200],
  ['30min', 1800],
  ['60min', 3600],
];

/** Distances for the best pool swim times, metres, keyed by the label analytics reads. */
export const SWIM_DISTANCES: ReadonlyArray<readonly [label: string, metres: number]> = [
  ['100m', 100],
  ['200m', 200],
  ['400m', 400],
];

/**
 * A window counts only when at least this share of its seconds has a heart rate: a strap
 * drop-out or a long pause (0 bpm in the 1 Hz series) must not pass for a steady effort.
 */
export const MIN_HR_COVERAGE = 0.95;

/**
 * Highest average heart rate over each duration, bpm (one decimal), from a 1 Hz series where
 * 0 means no reading. The average is over the seconds with a reading.
 */
export function bestHeartRateEfforts(bpm: ArrayLike<number>): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [label, seconds] of HR_DURATIONS) {
    if (bpm.length < seconds) continue;
    let sum = 0;
    let count = 0;
    let max = -Infinity;
    for (let i = 0; i < bpm.length; i++) {
      if (bpm[i] > 0) {
        sum += bpm[i];
        count++;
      }
      if (i >= seconds && bpm[i - seconds] > 0) {
        sum -= bpm[i - seconds];
        count--;
      }
      if (i >= seconds - 1 && count >= seconds * MIN_HR_COVERAGE) max = Math.max(max, sum / count);
    }
    if (Number.isFinite(max)) best[label] = Math.round(max * 10) / 10;
  }
  return best;
}

/**
 * Cumulative distance on a 1 Hz grid, interpolated linearly between samples. Pool watches
 * update the distance once per length: holding the last value would make every length look
 * instantaneous at its end (a 200 m "best" one length too fast); interpolation spreads it
 * over the length instead.
 */
export function interpolateToSeconds(samples: readonly TimedSample[]): Float64Array {
  if (samples.length === 0) return new Float64Array(0);
  const t0 = samples[0].t;
  const out = new Float64Array(Math.floor(samples[samples.length - 1].t - t0) + 1);
  let k = 0;
  for (let second = 0; second < out.length; second++) {
    const now = t0 + second;
    while (k + 1 < samples.length && samples[k + 1].t <= now) k++;
    const a = samples[k];
    const b = samples[k + 1];
    out[second] = b && b.t > a.t ? a.value + ((b.value - a.value) * (now - a.t)) / (b.t - a.t) : a.value;
  }
  return out;
}

/** The subset of a FIT length message we read. */
export interface LengthLike {
  startTime?: unknown;
  totalElapsedTime?: unknown;
  lengthType?: unknown;
}

/**
 * Cumulative distance samples from the pool lengths (seconds since `start`): flat through
 * idle lengths (rests), one pool length further at the end of each active length.
 * Empty without a pool length or active lengths.
 */
export function lengthDistanceSamples(lengths: readonly LengthLike[], poolLength_m: number | null, start: Date): TimedSample[] {
  if (!poolLength_m || poolLength_m <= 0) return [];
  const samples: TimedSample[] = [];
  let distance = 0;
  for (const length of lengths) {
    if (!(length.startTime instanceof Date) || typeof length.totalElapsedTime !== 'number') continue;
    const from = (length.startTime.getTime() - start.getTime()) / 1000;
    const to = from + length.totalElapsedTime;
    if (from < 0 || to <= from) continue;
    if (samples.length > 0 && from < samples[samples.length - 1].t) continue; // out of order: skip
    samples.push({ t: from, value: distance });
    if (length.lengthType !== 'idle') distance += poolLength_m;
    samples.push({ t: to, value: distance });
  }
  return distance > 0 ? samples : [];
}

/** Fastest time over each swim distance, seconds, from a 1 Hz cumulative distance series. */
export function bestSwimEfforts(cumulativeMetres: ArrayLike<number>): Record<string, number> {
  return fastestOverDistances(cumulativeMetres, SWIM_DISTANCES);
}
