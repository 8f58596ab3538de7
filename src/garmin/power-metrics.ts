/**
 * Per-second derived metrics computed at import, so the database never needs the samples:
 * normalized power and best efforts. Inputs are 1 Hz series (see `resampleToSeconds`).
 */

/** Durations for best average power, seconds, keyed by the label analytics reads. */
export const POWER_DURATIONS: ReadonlyArray<readonly [label: string, seconds: number]> = [
  ['5s', 5],
  ['1min', 60],
  ['5min', 300],
  ['20min', 1200],
  ['60min', 3600],
];

/** Distances for best run times, metres, keyed by the label analytics reads. */
export const RUN_DISTANCES: ReadonlyArray<readonly [label: string, metres: number]> = [
  ['1km', 1000],
  ['5km', 5000],
  ['10km', 10000],
  ['half', 21097.5],
];

/**
 * Normalized power (Coggan): the 30 s rolling average of power, raised to the 4th power,
 * averaged, and the 4th root taken. Null when the ride is shorter than the 30 s window.
 */
export function normalizedPower(watts: ArrayLike<number>): number | null {
  const window = 30;
  if (watts.length < window) return null;
  let rolling = 0;
  for (let i = 0; i < window; i++) rolling += watts[i];
  let sum4 = (rolling / window) ** 4;
  let count = 1;
  for (let i = window; i < watts.length; i++) {
    rolling += watts[i] - watts[i - window];
    sum4 += (rolling / window) ** 4;
    count++;
  }
  return Math.round((sum4 / count) ** 0.25 * 10) / 10;
}

/** Best average power for each duration the series is long enough for, watts (one decimal). */
export function bestPowerEfforts(watts: ArrayLike<number>): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [label, seconds] of POWER_DURATIONS) {
    if (watts.length < seconds) continue;
    let sum = 0;
    for (let i = 0; i < seconds; i++) sum += watts[i];
    let max = sum;
    for (let i = seconds; i < watts.length; i++) {
      sum += watts[i] - watts[i - seconds];
      if (sum > max) max = sum;
    }
    best[label] = Math.round((max / seconds) * 10) / 10;
  }
  return best;
}

/**
 * Fastest time to cover each distance, seconds, from a 1 Hz cumulative distance series
 * (metres). Two pointers: for every end second, the latest start still covering the distance.
 */
export function bestRunEfforts(cumulativeMetres: ArrayLike<number>): Record<string, number> {
  return fastestOverDistances(cumulativeMetres, RUN_DISTANCES);
}

/** Fastest whole seconds to cover each labelled distance (runs, swims) in a 1 Hz cumulative series. */
export function fastestOverDistances(
  cumulativeMetres: ArrayLike<number>,
  distances: ReadonlyArray<readonly [label: string, metres: number]>,
): Record<string, number> {
  const best: Record<string, number> = {};
  const n = cumulativeMetres.length;
  if (n < 2) return best;
  const total = cumulativeMetres[n - 1] - cumulativeMetres[0];
  for (const [label, metres] of distances) {
    if (total < metres) continue;
    let start = 0;
    let fastest = Infinity;
    for (let end = 1; end < n; end++) {
      while (start + 1 < end && cumulativeMetres[end] - cumulativeMetres[start + 1] >= metres) start++;
      if (cumulativeMetres[end] - cumulativeMetres[start] >= metres) fastest = Math.min(fastest, end - start);
    }
    if (Number.isFinite(fastest)) best[label] = fastest;
  }
  return best;
}

export interface TimedSample {
  /** Seconds since the first sample. */
  t: number;
  value: number;
}

/**
 * Puts samples on a 1 Hz grid from the first to the last timestamp. A gap of up to
 * `holdSeconds` keeps the last value (devices in smart recording write every few seconds);
 * a longer gap (a pause) is filled with `pauseValue` (0 W for power: the rider was not
 * pedalling; the last distance for cumulative distance).
 */
export function resampleToSeconds(
  samples: TimedSample[],
  options: { holdSeconds?: number; pauseValue?: (last: number) => number } = {},
): Float64Array {
  if (samples.length === 0) return new Float64Array(0);
  const hold = options.holdSeconds ?? 5;
  const pause = options.pauseValue ?? (() => 0);
  const length = Math.floor(samples[samples.length - 1].t - samples[0].t) + 1;
  const out = new Float64Array(Math.max(1, length));
  const t0 = samples[0].t;
  let k = 0;
  let lastValue = samples[0].value;
  let lastT = t0;
  for (let second = 0; second < out.length; second++) {
    const now = t0 + second;
    while (k < samples.length && samples[k].t <= now) {
      lastValue = samples[k].value;
      lastT = samples[k].t;
      k++;
    }
    out[second] = now - lastT <= hold ? lastValue : pause(lastValue);
  }
  return out;
}
