/**
 * Garmin's own wellness figures (training readiness, body battery, stress, HRV status,
 * VO2max, training status and load focus, race predictions) as sync and the export store
 * them in daily_metric, summarised for the facts with
 * their source, beside coach's own HRV / resting-HR / sleep figures (wellness.ts) so the
 * recovery expert can weigh both. Garmin's figures are not recomputed: latest value and the
 * 7-day mean of what Garmin reported.
 */
import type { GarminRacePredictions, GarminTrainingStatus, GarminWellnessFacts } from './facts.types.js';
import type { DailyMetricInput } from './facts-input.js';
import { addDays } from './calendar.js';
import { isFiniteNumber, mean, roundOrNull } from './numbers.js';

const DAYS = 7;

export function garminWellness(metrics: readonly DailyMetricInput[], today: string): GarminWellnessFacts | null {
  const from = addDays(today, -(DAYS - 1));
  const week = metrics.filter((m) => m.date >= from && m.date <= today).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const figure = (pick: (m: DailyMetricInput) => number | null | undefined) => {
    const values = week.map((m) => ({ date: m.date, value: pick(m) })).filter((v): v is { date: string; value: number } => isFiniteNumber(v.value));
    const last = values.at(-1);
    return last ? { latest: last.value, latestDate: last.date, avg7d: roundOrNull(mean(values.map((v) => v.value)), 1) } : null;
  };
  const facts: GarminWellnessFacts = {
    source: 'garmin',
    trainingReadiness: figure((m) => m.training_readiness),
    bodyBatteryHigh: figure((m) => m.body_battery_high),
    bodyBatteryLow: figure((m) => m.body_battery_low),
    stressAvg: figure((m) => m.stress_avg),
    vo2max: figure((m) => m.vo2max),
    hrvStatus: week.map((m) => m.hrv_status).filter((s): s is string => typeof s === 'string' && s !== '').at(-1) ?? null,
    trainingStatus: latestOf(week, (m) => trainingStatusOf(m.date, m.garmin_training_status)),
    racePredictions: latestOf(week, (m) => racePredictionsOf(m.date, m.garmin_race_predictions)),
  };
  const any = Object.entries(facts).some(([key, value]) => key !== 'source' && value !== null);
  return any ? facts : null;
}

function latestOf<T>(week: readonly DailyMetricInput[], read: (m: DailyMetricInput) => T | null): T | null {
  for (let i = week.length - 1; i >= 0; i--) {
    const value = read(week[i]!);
    if (value !== null) return value;
  }
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numberOrNull = (v: unknown): number | null => (isFiniteNumber(v) ? v : null);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The compact training status the sync stores (garmin-summaries.ts trainingStatusDay); anything else is ignored. */
function trainingStatusOf(date: string, stored: unknown): GarminTrainingStatus | null {
  if (!isObject(stored)) return null;
  const focus = isObject(stored.loadFocus) ? stored.loadFocus : null;
  const status: GarminTrainingStatus = {
    date,
    status: textOrNull(stored.status),
    phrase: textOrNull(stored.phrase),
    acuteLoad: numberOrNull(stored.acuteLoad),
    chronicLoad: numberOrNull(stored.chronicLoad),
    acwr: numberOrNull(stored.acwr),
    acwrStatus: textOrNull(stored.acwrStatus),
    loadFocus: focus
      ? { phrase: textOrNull(focus.phrase), aerobicLow: numberOrNull(focus.aerobicLow), aerobicHigh: numberOrNull(focus.aerobicHigh), anaerobic: numberOrNull(focus.anaerobic) }
      : null,
  };
  return status.status !== null || status.acuteLoad !== null || status.loadFocus !== null ? status : null;
}

function racePredictionsOf(date: string, stored: unknown): GarminRacePredictions | null {
  if (!isObject(stored)) return null;
  const time = (v: unknown) => (isFiniteNumber(v) && v > 0 ? v : null);
  const p: GarminRacePredictions = { date, '5km': time(stored['5km']), '10km': time(stored['10km']), half: time(stored.half), marathon: time(stored.marathon) };
  return p['5km'] ?? p['10km'] ?? p.half ?? p.marathon ?? null ? p : null;
}
