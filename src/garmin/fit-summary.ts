/**
 * Turns the messages of one decoded FIT activity file into one `activity` row: the session
 * totals the device wrote, plus what analytics needs from the 1 Hz records (normalized
 * power, best efforts, time in zones, an HR histogram for TRIMP), so the samples themselves
 * never reach the database.
 */
import type { ActivityData } from '../db/activities.repository.js';
import { classifySport, isPoolSwim } from '../analytics/sport.js';
import { meanMaxCurves } from './mean-max.js';
import { bestHeartRateEfforts, bestSwimEfforts, interpolateToSeconds, lengthDistanceSamples } from './effort-metrics.js';
import {
  bestPowerEfforts, bestRunEfforts, movingMask, movingSeconds, movingValues, normalizedPower, resampleToSeconds, type TimedSample,
} from './power-metrics.js';
import { heartRateBands, histogram, powerBands, timeInZones, type ZoneDefinitionRow } from './time-in-zones.js';

/** The subset of the SDK's decoded messages we read (field names as the SDK gives them). */
type Mesg = Record<string, unknown>;
export interface FitMessagesLike {
  fileIdMesgs?: Mesg[];
  sessionMesgs?: Mesg[];
  lapMesgs?: Mesg[];
  lengthMesgs?: Mesg[];
  recordMesgs?: Mesg[];
  zonesTargetMesgs?: Mesg[];
  activityMesgs?: Mesg[];
  sportMesgs?: Mesg[];
}

export class NotAnActivityError extends Error {}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const round = (value: number | null, digits = 1): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
const time = (value: unknown): Date | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value : null);

/** serial number + creation time: stable for the same recording, whatever the file name. */
export function fitSourceId(fileId: Mesg | undefined, fallback: { start: Date; hash: string }): string {
  const serial = num(fileId?.serialNumber);
  const created = time(fileId?.timeCreated);
  if (serial !== null && created) return `${serial}:${Math.round(created.getTime() / 1000)}`;
  // No serial (some third-party devices): the start time and part of the content hash.
  return `fit:${Math.round(fallback.start.getTime() / 1000)}:${fallback.hash.slice(0, 12)}`;
}

interface Series {
  /** Seconds since the first record of every record: where the recording ran. */
  times: number[];
  heartRate: TimedSample[];
  power: TimedSample[];
  distance: TimedSample[];
  speed: TimedSample[];
}

function collectSeries(records: Mesg[]): Series {
  const series: Series = { times: [], heartRate: [], power: [], distance: [], speed: [] };
  let t0: number | null = null;
  for (const record of records) {
    const at = time(record.timestamp);
    if (!at) continue;
    const ms = at.getTime();
    if (t0 === null) t0 = ms;
    const t = (ms - t0) / 1000;
    series.times.push(t);
    const speed = num(record.enhancedSpeed) ?? num(record.speed);
    if (speed !== null) series.speed.push({ t, value: speed });
    const hr = num(record.heartRate);
    if (hr !== null && hr > 0) series.heartRate.push({ t, value: hr });
    const power = num(record.power);
    if (power !== null) series.power.push({ t, value: power });
    const distance = num(record.distance);
    if (distance !== null) series.distance.push({ t, value: distance });
  }
  return series;
}

function lapSummaries(laps: Mesg[]): unknown[] {
  return laps.map((lap, index) => ({
    index,
    start_time: time(lap.startTime)?.toISOString() ?? null,
    elapsed_time_s: round(num(lap.totalElapsedTime)),
    moving_time_s: round(num(lap.totalTimerTime)),
    distance_m: round(num(lap.totalDistance)),
    avg_hr: num(lap.avgHeartRate),
    max_hr: num(lap.maxHeartRate),
    avg_power: num(lap.avgPower),
    max_power: num(lap.maxPower),
    normalized_power: num(lap.normalizedPower),
    avg_speed_mps: round(num(lap.enhancedAvgSpeed) ?? num(lap.avgSpeed), 3),
    avg_cadence: num(lap.avgCadence) ?? num(lap.avgRunningCadence),
    ascent_m: num(lap.totalAscent),
    intensity: typeof lap.intensity === 'string' ? lap.intensity : null,
  }));
}

/** Scalars of the session message only, dates as ISO strings: small, auditable. */
function trimmedSession(session: Mesg, fileId: Mesg | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(session)) {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else if (value instanceof Date) out[key] = value.toISOString();
  }
  if (fileId) {
    out.fileId = {
      manufacturer: fileId.manufacturer ?? null,
      product: fileId.product ?? null,
      serialNumber: fileId.serialNumber ?? null,
      timeCreated: time(fileId.timeCreated)?.toISOString() ?? null,
    };
  }
  return out;
}

export interface SummaryContext {
  contentHash: string;
  zones: ZoneDefinitionRow[];
  /** False skips the mean-maximal curves (the benchmark's baseline for their cost); default true. */
  meanMax?: boolean;
}

/** The activity row for a decoded FIT file; throws NotAnActivityError for non-activity files. */
export function summariseFitActivity(messages: FitMessagesLike, context: SummaryContext): ActivityData {
  const fileId = messages.fileIdMesgs?.[0];
  if (fileId && fileId.type !== undefined && fileId.type !== 'activity') {
    throw new NotAnActivityError(`a FIT ${String(fileId.type)} file, not an activity`);
  }
  const records = messages.recordMesgs ?? [];
  const session = messages.sessionMesgs?.[0] ?? {};
  const start = time(session.startTime) ?? time(records[0]?.timestamp) ?? time(fileId?.timeCreated);
  if (!start || (!messages.sessionMesgs?.length && records.length === 0)) {
    throw new NotAnActivityError('no session and no records: not an activity');
  }
  const sport = typeof session.sport === 'string' ? session.sport : typeof session.sport === 'number' ? `sport_${session.sport}` : 'generic';
  const subSport = typeof session.subSport === 'string' ? session.subSport : null;

  const series = collectSeries(records);
  // One grid from the first record: power, speed and the moving mask line up.
  const watts = resampleToSeconds(series.power, { origin: 0 });
  const moving = movingMask(series.times, resampleToSeconds(series.speed, { origin: 0 }), watts);
  // Stops convention (power-metrics.ts): NP, power zones and the TSS time base over moving seconds.
  const movingWatts = movingValues(watts, moving);
  const heartRate = resampleToSeconds(series.heartRate, { holdSeconds: 5 });
  // Distance never goes back: a pause holds the last value.
  const distance = resampleToSeconds(series.distance, { holdSeconds: Infinity, pauseValue: (last) => last });
  const hasPower = series.power.some((s) => s.value > 0);
  const isRun = /run/.test(sport);

  const powerEfforts = hasPower ? bestPowerEfforts(watts) : {};
  const runEfforts = isRun ? bestRunEfforts(distance) : {};
  const hrEfforts = heartRate.length ? bestHeartRateEfforts(heartRate) : {};
  const poolDistance = isPoolSwim(sport, subSport) ? swimDistance(messages, session, start, series.distance) : null;
  const swimEfforts = poolDistance ? bestSwimEfforts(poolDistance) : {};
  // Mean-maximal curves (stored in activity_mean_max): speed only where distance is measured
  // well enough (runs, pool lengths; not open-water GPS or a bike's wheel).
  const meanMax = context.meanMax === false ? [] : meanMaxCurves(classifySport(sport, subSport), {
    watts: hasPower ? watts : null,
    cumulativeMetres: isRun && series.distance.length > 1 ? distance : poolDistance,
    bpm: series.heartRate.length > 0 ? heartRate : null,
  });

  const zonesTarget = messages.zonesTargetMesgs?.[0] ?? {};
  const observedMaxHr = num(session.maxHeartRate) ?? (series.heartRate.length ? maxOf(series.heartRate) : null);
  const deviceMaxHr = num(zonesTarget.maxHeartRate);
  const maxHrBasis = deviceMaxHr ? { value: deviceMaxHr, source: 'device' } : observedMaxHr ? { value: observedMaxHr, source: 'this activity' } : null;
  const hrCounts = histogram(heartRate, { skipZero: true });
  const hrBands = series.heartRate.length ? heartRateBands(context.zones, sport, maxHrBasis) : null;
  const deviceFtp = num(zonesTarget.functionalThresholdPower) ?? num(session.thresholdPower);
  const pBands = hasPower ? powerBands(context.zones, sport, deviceFtp) : null;
  const powerCounts = hasPower ? histogram(movingWatts, { skipZero: false }) : null;

  // NP from the records whenever they have power, so every device's ride follows the same
  // convention; the device's NP (also over moving time) only stands in without records.
  const np = (hasPower ? normalizedPower(movingWatts) : null) ?? num(session.normalizedPower);
  const recordedPowerAvg = hasPower ? movingWatts.reduce((a, b) => a + b, 0) / Math.max(1, movingWatts.length) : null;
  const movingS = hasPower ? movingSeconds(moving) : null;
  const timerS = num(session.totalTimerTime);

  return {
    source: 'fit',
    source_id: fitSourceId(fileId, { start, hash: context.contentHash }),
    content_hash: context.contentHash,
    name: typeof session.sportProfileName === 'string' ? session.sportProfileName : null,
    sport,
    sub_sport: subSport,
    start_time: start,
    elapsed_time_s: round(num(session.totalElapsedTime) ?? recordSpan(records)),
    // A ride with power: the moving seconds NP was computed over (TSS = NP over the same time),
    // unless the device measured its own moving time.
    moving_time_s: round(num(session.totalMovingTime) ?? (movingS !== null ? Math.min(movingS, timerS ?? Infinity) : timerS)),
    distance_m: round(num(session.totalDistance) ?? (series.distance.at(-1)?.value ?? null)),
    ascent_m: num(session.totalAscent),
    descent_m: num(session.totalDescent),
    avg_hr: num(session.avgHeartRate) ?? (heartRate.length ? round(mean(heartRate.filter((v) => v > 0)), 0) : null),
    max_hr: observedMaxHr,
    avg_power: num(session.avgPower) ?? round(recordedPowerAvg, 0),
    max_power: num(session.maxPower) ?? (hasPower ? maxOf(series.power) : null),
    normalized_power: np,
    avg_speed_mps: round(num(session.enhancedAvgSpeed) ?? num(session.avgSpeed), 3),
    max_speed_mps: round(num(session.enhancedMaxSpeed) ?? num(session.maxSpeed), 3),
    avg_cadence: num(session.avgCadence) ?? num(session.avgRunningCadence),
    calories: num(session.totalCalories),
    aerobic_training_effect: num(session.totalTrainingEffect),
    anaerobic_training_effect: num(session.totalAnaerobicTrainingEffect),
    garmin_training_load: round(num(session.trainingLoadPeak)),
    hr_time_in_zones: hrBands ? timeInZones(hrCounts, hrBands.bands, hrBands.basis) : null,
    power_time_in_zones: pBands && powerCounts ? timeInZones(powerCounts, pBands.bands, pBands.basis) : null,
    laps: lapSummaries(messages.lapMesgs ?? []),
    best_efforts: bestEffortsJson(powerEfforts, runEfforts, hrEfforts, swimEfforts),
    load_inputs: loadInputs(hrCounts, heartRate, powerCounts, movingS, { maxHr: maxHrBasis, deviceFtp }),
    raw_summary: trimmedSession(session, fileId),
    mean_max: meanMax,
  };
}

/**
 * What re-scoring needs without the records (src/garmin/rescore.ts): the 1 Hz HR histogram
 * (TRIMP and hrTSS against any HRmax/HRrest/LTHR later; HR zones), the moving power
 * histogram (power zones), the NP convention, and the fallbacks the zones were bucketed with.
 */
function loadInputs(
  hrCounts: Map<number, number>,
  heartRate: Float64Array,
  powerCounts: Map<number, number> | null,
  movingS: number | null,
  fallbacks: { maxHr: { value: number; source: string } | null; deviceFtp: number | null },
): Record<string, unknown> | null {
  if (!hrCounts.size && !powerCounts) return null;
  const sorted = (counts: Map<number, number>) => Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]));
  return {
    ...(hrCounts.size
      ? { hr_seconds_by_bpm: sorted(hrCounts), hr_seconds: heartRate.filter((v) => v > 0).length, duration_s: heartRate.length }
      : {}),
    ...(powerCounts ? { power_seconds_by_watt: sorted(powerCounts), np_basis: 'moving', moving_s: movingS } : {}),
    zone_fallbacks: { max_hr: fallbacks.maxHr, device_ftp: fallbacks.deviceFtp },
  };
}

/**
 * `{ power_w, run_s }` as before, plus `hr_bpm` (best sustained heart rate) and `swim_s`
 * (pool swim times) only when the activity has them, so rows without them keep their shape.
 */
function bestEffortsJson(
  power: Record<string, number>,
  run: Record<string, number>,
  hr: Record<string, number>,
  swim: Record<string, number>,
): Record<string, Record<string, number>> | null {
  const has = (efforts: Record<string, number>) => Object.keys(efforts).length > 0;
  if (!has(power) && !has(run) && !has(hr) && !has(swim)) return null;
  return { power_w: power, run_s: run, ...(has(hr) ? { hr_bpm: hr } : {}), ...(has(swim) ? { swim_s: swim } : {}) };
}

/**
 * A pool swim's cumulative distance, 1 Hz: from the lengths the watch counted (exact pool
 * lengths, rests flat) when there are any, else from the records' distance, interpolated.
 */
function swimDistance(messages: FitMessagesLike, session: Mesg, start: Date, recordDistance: TimedSample[]): Float64Array {
  const fromLengths = lengthDistanceSamples(messages.lengthMesgs ?? [], num(session.poolLength), start);
  return interpolateToSeconds(fromLengths.length > 0 ? fromLengths : recordDistance);
}

function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function maxOf(samples: TimedSample[]): number {
  let max = -Infinity;
  for (const s of samples) if (s.value > max) max = s.value;
  return max;
}

function recordSpan(records: Mesg[]): number | null {
  const first = time(records[0]?.timestamp);
  const last = time(records.at(-1)?.timestamp);
  return first && last ? (last.getTime() - first.getTime()) / 1000 : null;
}
