/**
 * Garmin's JSON summaries -> our rows. Two dialects of the same data:
 * - the account data export (DI_CONNECT/...): durations in ms, distance and elevation in cm,
 *   speed in cm/ms, times as epoch ms;
 * - the Connect API (what `coach garmin sync` reads): seconds, metres, m/s, "YYYY-MM-DD HH:MM:SS" GMT.
 * Mappers are tolerant: unknown fields are ignored, missing ones become null.
 * See test/fixtures/garmin-export/README.md for the layout and the assumptions.
 */
import { createHash } from 'node:crypto';
import type { ActivityData } from '../db/activities.repository.js';
import type { DailyMetricData } from '../db/daily-metrics.repository.js';

export type Dialect = 'export' | 'connect';
type Json = Record<string, unknown>;

const num = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
};
const scaled = (value: unknown, factor: number, digits = 3): number | null => {
  const n = num(value);
  return n === null ? null : Math.round(n * factor * 10 ** digits) / 10 ** digits;
};
const first = (...values: unknown[]): unknown => values.find((v) => v !== undefined && v !== null);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * One spelling of a sub-sport, whatever the source: Connect and the export say `lap_swimming`,
 * the FIT parser says `lapSwimming`. Stored rows use snake_case, Connect's form.
 */
export function canonicalSubSport(subSport: string | null): string | null {
  return subSport === null ? null : subSport.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Garmin's activity type key -> the sport names the FIT profile uses (analytics reads both). */
export function sportFromTypeKey(typeKey: string): string {
  const key = typeKey.toLowerCase();
  if (/swim/.test(key)) return 'swimming';
  if (/run/.test(key)) return 'running';
  if (/cycl|bik|ride|spin/.test(key)) return 'cycling';
  if (/strength/.test(key)) return 'training';
  if (/walk|hik/.test(key)) return key.includes('hik') ? 'hiking' : 'walking';
  return key || 'generic';
}

function parseTime(value: unknown): Date | null {
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string' && value) {
    // Connect's GMT strings have no zone: "2026-03-02 06:30:00".
    const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? value.replace(' ', 'T') + 'Z' : value;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

function zoneTimes(raw: Json, prefix: string, toSeconds: number): unknown {
  const zones: Array<{ name: string; min: null; max: null; seconds: number }> = [];
  for (let i = 0; i <= 7; i++) {
    const value = num(raw[`${prefix}${i}`]);
    if (value !== null) zones.push({ name: `Z${i === 0 ? 0 : i}`, min: null, max: null, seconds: Math.round(value * toSeconds) });
  }
  return zones.length ? { basis: "Garmin's zones (from Garmin's summary)", zones } : null;
}

const MAX_AVG_POWER: Array<[string, string]> = [['5s', 'maxAvgPower_5'], ['1min', 'maxAvgPower_60'], ['5min', 'maxAvgPower_300'], ['20min', 'maxAvgPower_1200'], ['60min', 'maxAvgPower_3600']];

/** Trim: scalars only (the export carries long arrays like splits and polylines). */
function trimmed(raw: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) out[key] = value;
    else if (isObject(value) && typeof value.typeKey === 'string') out[key] = { typeKey: value.typeKey };
  }
  return out;
}

export class SkippedRecordError extends Error {}

/** One activity summary -> an activity row keyed by Garmin's activityId. */
export function activityFromGarmin(raw: Json, dialect: Dialect): ActivityData {
  const id = num(raw.activityId);
  if (id === null) throw new SkippedRecordError('activity without activityId');
  const e = dialect === 'export';
  const start = parseTime(e ? first(raw.beginTimestamp, raw.startTimeGmt) : first(raw.startTimeGMT, raw.beginTimestamp));
  if (!start) throw new SkippedRecordError(`activity ${id} without a start time`);
  const typeKey = String(
    (isObject(raw.activityType) ? raw.activityType.typeKey : raw.activityType) ?? raw.sportType ?? 'generic',
  ).toLowerCase();
  const seconds = e ? 1 / 1000 : 1; // export durations are ms
  const metres = e ? 1 / 100 : 1; // export distance and elevation are cm
  const mps = e ? 10 : 1; // export speeds are cm/ms
  const power: Record<string, number> = {};
  for (const [label, key] of MAX_AVG_POWER) {
    const value = num(raw[key]);
    if (value !== null && value > 0) power[label] = value;
  }
  return {
    source: dialect,
    source_id: String(id),
    content_hash: hashJson(raw),
    name: typeof (raw.name ?? raw.activityName) === 'string' ? String(raw.name ?? raw.activityName) : null,
    sport: sportFromTypeKey(typeKey),
    sub_sport: typeKey,
    start_time: start,
    elapsed_time_s: scaled(first(raw.elapsedDuration, raw.duration), seconds, 1),
    moving_time_s: scaled(first(raw.movingDuration, raw.duration), seconds, 1),
    distance_m: scaled(raw.distance, metres, 1),
    ascent_m: scaled(raw.elevationGain, metres, 1),
    descent_m: scaled(raw.elevationLoss, metres, 1),
    avg_hr: num(first(raw.avgHr, raw.averageHR)),
    max_hr: num(first(raw.maxHr, raw.maxHR)),
    avg_power: num(raw.avgPower),
    max_power: num(raw.maxPower),
    normalized_power: num(raw.normPower),
    avg_speed_mps: scaled(first(raw.avgSpeed, raw.averageSpeed), mps),
    max_speed_mps: scaled(raw.maxSpeed, mps),
    avg_cadence: num(
      first(raw.avgRunCadence, raw.averageRunningCadenceInStepsPerMinute, raw.avgBikeCadence, raw.averageBikingCadenceInRevPerMinute),
    ),
    calories: num(raw.calories),
    aerobic_training_effect: num(raw.aerobicTrainingEffect),
    anaerobic_training_effect: num(raw.anaerobicTrainingEffect),
    garmin_training_load: scaled(raw.activityTrainingLoad, 1, 1),
    hr_time_in_zones: zoneTimes(raw, 'hrTimeInZone_', seconds),
    power_time_in_zones: zoneTimes(raw, 'powerTimeInZone_', seconds),
    laps: null,
    best_efforts: Object.keys(power).length ? { power_w: power, run_s: {} } : null,
    load_inputs: null,
    raw_summary: trimmed(raw),
  };
}

function calendarDate(raw: Json): string | null {
  const value = isObject(raw.calendarDate) ? raw.calendarDate.date : raw.calendarDate;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return null;
}

/** A night of sleep (export sleepData entry, or Connect's dailySleepData). */
export function sleepDay(raw: Json): DailyMetricData | null {
  const dto = isObject(raw.dailySleepDTO) ? raw.dailySleepDTO : raw;
  const date = calendarDate(dto);
  if (!date) return null;
  const deep = num(dto.deepSleepSeconds);
  const light = num(dto.lightSleepSeconds);
  const rem = num(dto.remSleepSeconds);
  const awake = num(dto.awakeSleepSeconds);
  const stagesTotal = [deep, light, rem].every((v) => v === null) ? null : (deep ?? 0) + (light ?? 0) + (rem ?? 0);
  const duration = num(dto.sleepTimeSeconds) ?? stagesTotal;
  const scores = isObject(dto.sleepScores) ? dto.sleepScores : {};
  const score = num(first(isObject(scores.overall) ? scores.overall.value : undefined, scores.overallScore, dto.sleepScore));
  if (duration === null && score === null) return null;
  const day: DailyMetricData = {
    date,
    sleep_duration_s: duration,
    sleep_score: score,
    sleep_stages: stagesTotal === null ? null : { deep_s: deep ?? 0, light_s: light ?? 0, rem_s: rem ?? 0, awake_s: awake ?? 0 },
    raw: { sleep: trimmed(dto) },
  };
  // Connect puts the night's HRV and resting HR next to the sleep DTO.
  const hrv = num(raw.avgOvernightHrv);
  if (hrv !== null) day.hrv_nightly_avg = hrv;
  if (typeof raw.hrvStatus === 'string') day.hrv_status = raw.hrvStatus;
  const rhr = num(raw.restingHeartRate);
  if (rhr !== null) day.resting_hr = rhr;
  return day;
}

function statValue(list: unknown, type: string): number | null {
  if (!Array.isArray(list)) return null;
  const stat = list.find((s) => isObject(s) && s.bodyBatteryStatType === type) as Json | undefined;
  return stat ? num(stat.statsValue) : null;
}

/** A day's wellness summary (export UDSFile entry, or Connect's usersummary/daily). */
export function dailySummaryDay(raw: Json): DailyMetricData | null {
  const date = calendarDate(raw);
  if (!date) return null;
  const stress = isObject(raw.allDayStress) && Array.isArray(raw.allDayStress.aggregatorList)
    ? (raw.allDayStress.aggregatorList as Json[]).find((a) => isObject(a) && a.type === 'TOTAL')
    : undefined;
  const battery = isObject(raw.bodyBattery) ? raw.bodyBattery.bodyBatteryStatList : undefined;
  const stressAvg = num(first(stress?.averageStressLevel, raw.averageStressLevel));
  const day: DailyMetricData = {
    date,
    resting_hr: num(first(raw.restingHeartRate, raw.currentDayRestingHeartRate)),
    // Garmin writes -1/-2 for "not enough data".
    stress_avg: stressAvg !== null && stressAvg >= 0 ? stressAvg : null,
    body_battery_high: num(first(statValue(battery, 'HIGHEST'), raw.bodyBatteryHighestValue)),
    body_battery_low: num(first(statValue(battery, 'LOWEST'), raw.bodyBatteryLowestValue)),
    steps: num(raw.totalSteps),
    raw: { summary: trimmed(raw) },
  };
  // A day Garmin knows nothing about (no device worn) is not a day of metrics.
  const known = [day.resting_hr, day.stress_avg, day.body_battery_high, day.body_battery_low, day.steps].some((v) => v !== null);
  return known ? day : null;
}

/** A night's HRV ({ hrvSummary: {...} } from Connect, or the flat export entry). */
export function hrvDay(raw: Json): DailyMetricData | null {
  const summary = isObject(raw.hrvSummary) ? raw.hrvSummary : raw;
  const date = calendarDate(summary);
  const avg = num(first(summary.lastNightAvg, summary.lastNight, summary.nightlyAvg));
  if (!date || avg === null) return null;
  return {
    date,
    hrv_nightly_avg: avg,
    hrv_status: typeof summary.status === 'string' ? summary.status : null,
    raw: { hrv: trimmed(summary) },
  };
}

/** VO2max (export MetricsMaxMetData entry, or Connect's maxmet { generic: {...} }). */
export function vo2maxDay(raw: Json): DailyMetricData | null {
  const generic = isObject(raw.generic) ? raw.generic : raw;
  const date = calendarDate(generic);
  const value = num(first(generic.vo2MaxPreciseValue, generic.vo2MaxValue, generic.maxMet));
  if (!date || value === null) return null;
  return { date, vo2max: value, raw: { vo2max: trimmed(generic) } };
}

/** Training readiness ({ calendarDate, score }). */
export function readinessDay(raw: Json): DailyMetricData | null {
  const date = calendarDate(raw);
  const score = num(raw.score);
  if (!date || score === null) return null;
  return { date, training_readiness: score, raw: { readiness: trimmed(raw) } };
}

/** The activity summaries of an export file: `[{ summarizedActivitiesExport: [...] }]` (or a bare array). */
export function exportActivityEntries(payload: unknown): Json[] {
  const out: Json[] = [];
  const visit = (chunk: unknown) => {
    if (Array.isArray(chunk)) chunk.forEach(visit);
    else if (isObject(chunk)) {
      if (Array.isArray(chunk.summarizedActivitiesExport)) out.push(...(chunk.summarizedActivitiesExport as Json[]).filter(isObject));
      else if (chunk.activityId !== undefined) out.push(chunk);
    }
  };
  visit(payload);
  return out;
}

export function jsonEntries(payload: unknown): Json[] {
  if (Array.isArray(payload)) return payload.filter(isObject);
  return isObject(payload) ? [payload] : [];
}

/**
 * The sex Garmin has on the account: `gender` ("FEMALE" / "MALE") at the top of the export's
 * user_profile.json, or under `userData` in Connect's user-settings. Anything else (absent,
 * "UNSPECIFIED", a number) is unknown.
 */
export function sexFromGarminProfile(payload: unknown): 'female' | 'male' | null {
  if (!payload || typeof payload !== 'object') return null;
  const record = payload as Record<string, unknown>;
  const userData = record.userData && typeof record.userData === 'object' ? (record.userData as Record<string, unknown>) : {};
  const gender = record.gender ?? userData.gender;
  if (typeof gender !== 'string') return null;
  const value = gender.trim().toLowerCase();
  return value === 'female' || value === 'male' ? value : null;
}

/**
 * Garmin's training status of a day as Connect answers it
 * (`/metrics-service/metrics/trainingstatus/aggregated/{date}`, python-garminconnect's
 * get_training_status): per device, `mostRecentTrainingStatus.latestTrainingStatusData`
 * (status phrase such as "PRODUCTIVE_1", acute and chronic load, Garmin's acute:chronic ratio)
 * and `mostRecentTrainingLoadBalance.metricsTrainingLoadBalanceDTOMap` (the load focus:
 * four weeks of low aerobic / high aerobic / anaerobic load against Garmin's targets).
 * The primary training device's entry counts. Stored compact in `daily_metric.raw` under
 * `garmin_training_status` (the seed table has no columns for it).
 */
export function trainingStatusDay(date: string, raw: Json): DailyMetricData | null {
  const status = primaryDeviceEntry((raw.mostRecentTrainingStatus as Json | undefined)?.latestTrainingStatusData);
  const balance = primaryDeviceEntry((raw.mostRecentTrainingLoadBalance as Json | undefined)?.metricsTrainingLoadBalanceDTOMap);
  if (!status && !balance) return null;
  const acute = isObject(status?.acuteTrainingLoadDTO) ? status.acuteTrainingLoadDTO : {};
  const phrase = typeof status?.trainingStatusFeedbackPhrase === 'string' ? status.trainingStatusFeedbackPhrase : null;
  const focusPhrase = typeof balance?.trainingBalanceFeedbackPhrase === 'string' ? balance.trainingBalanceFeedbackPhrase : null;
  const compact = {
    // "PRODUCTIVE_1" -> "PRODUCTIVE": the word is the status, the number picks Garmin's sentence.
    status: phrase ? phrase.replace(/_\d+$/, '').toUpperCase() : null,
    phrase,
    acuteLoad: num(acute.dailyTrainingLoadAcute),
    chronicLoad: num(acute.dailyTrainingLoadChronic),
    acwr: num(acute.dailyAcuteChronicWorkloadRatio),
    acwrStatus: typeof acute.acwrStatus === 'string' ? acute.acwrStatus : null,
    weeklyLoad: num(status?.weeklyTrainingLoad),
    loadFocus: balance
      ? {
          phrase: focusPhrase,
          aerobicLow: num(balance.monthlyLoadAerobicLow),
          aerobicHigh: num(balance.monthlyLoadAerobicHigh),
          anaerobic: num(balance.monthlyLoadAnaerobic),
          aerobicLowTarget: [num(balance.monthlyLoadAerobicLowTargetMin), num(balance.monthlyLoadAerobicLowTargetMax)],
          aerobicHighTarget: [num(balance.monthlyLoadAerobicHighTargetMin), num(balance.monthlyLoadAerobicHighTargetMax)],
          anaerobicTarget: [num(balance.monthlyLoadAnaerobicTargetMin), num(balance.monthlyLoadAnaerobicTargetMax)],
        }
      : null,
  };
  if (compact.status === null && compact.acuteLoad === null && compact.loadFocus === null) return null;
  return { date, raw: { garmin_training_status: compact } };
}

/** The entry of the device Garmin marks primary in a map keyed by device id, else the first. */
function primaryDeviceEntry(map: unknown): Json | null {
  if (!isObject(map)) return null;
  const entries = Object.values(map).filter(isObject);
  return entries.find((e) => e.primaryTrainingDevice === true) ?? entries[0] ?? null;
}

/**
 * Garmin's race predictions of a day (`/metrics-service/metrics/racepredictions/daily/{displayName}`
 * entries, or `/latest/{displayName}`): `{ calendarDate, time5K, time10K, timeHalfMarathon,
 * timeMarathon }` in seconds. Stored in `daily_metric.raw` under `garmin_race_predictions`.
 */
export function racePredictionsDay(raw: Json): DailyMetricData | null {
  const date = calendarDate(raw);
  const times = {
    '5km': num(raw.time5K),
    '10km': num(raw.time10K),
    half: num(raw.timeHalfMarathon),
    marathon: num(raw.timeMarathon),
  };
  if (!date || Object.values(times).every((t) => t === null || t <= 0)) return null;
  return { date, raw: { garmin_race_predictions: times } };
}
