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
 * The caller passes the moving seconds only (see `movingValues`): stops are left out, as
 * devices and GoldenCheetah do, so NP is over the same time as the TSS that squares it.
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
  options: { holdSeconds?: number; pauseValue?: (last: number) => number; origin?: number } = {},
): Float64Array {
  if (samples.length === 0) return new Float64Array(0);
  const hold = options.holdSeconds ?? 5;
  const pause = options.pauseValue ?? (() => 0);
  // `origin` puts several series on one grid (the first record's second); seconds before
  // this series' first sample are a pause.
  const t0 = Math.min(options.origin ?? samples[0].t, samples[0].t);
  const length = Math.floor(samples[samples.length - 1].t - t0) + 1;
  const out = new Float64Array(Math.max(1, length));
  let k = 0;
  let lastValue = samples[0].value;
  let lastT = t0 - hold - 1;
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

/**
 * The stops convention (one for NP, power time in zones and the TSS time base):
 * a second is *moving* when the recording ran (a record within the hold of smart recording,
 * not an auto-pause or timer stop, which leave a gap in the records) and the athlete was not
 * standing still (a recorded speed under `STANDING_SPEED_MPS` with no power). Coasting
 * (speed, 0 W) is moving. NP over moving seconds and TSS over moving time: a 60 min ride
 * with a 10 min stop scores what the 60 min of riding score, whatever the device wrote.
 */
export const STANDING_SPEED_MPS = 0.3;

/**
 * 1 for each moving second of the 1 Hz grid from the first to the last record, else 0.
 * `recordTimes` are the seconds (since the first record) of every record, whatever it holds;
 * `speed` and `watts` are the 1 Hz series on the same grid (empty when not recorded).
 */
export function movingMask(
  recordTimes: readonly number[],
  speed: ArrayLike<number>,
  watts: ArrayLike<number>,
  holdSeconds = 5,
): Uint8Array {
  const recording = resampleToSeconds(recordTimes.map((t) => ({ t, value: 1 })), { holdSeconds });
  const mask = new Uint8Array(recording.length);
  for (let i = 0; i < mask.length; i++) {
    const standing = i < speed.length && speed[i] < STANDING_SPEED_MPS && !(i < watts.length && watts[i] > 0);
    mask[i] = recording[i] === 1 && !standing ? 1 : 0;
  }
  return mask;
}

/** The values at the moving seconds of `mask`, in order (the stops cut out). */
export function movingValues(values: ArrayLike<number>, mask: Uint8Array): Float64Array {
  const n = Math.min(values.length, mask.length);
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i];
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (mask[i]) out[k++] = values[i];
  return out;
}

/** How many seconds of `mask` are moving. */
export function movingSeconds(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return count;
}
