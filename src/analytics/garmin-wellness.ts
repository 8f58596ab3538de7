/**
 * Garmin's own wellness figures (training readiness, body battery, stress, HRV status,
 * VO2max) as sync and the export store them in daily_metric, summarised for the facts with
 * their source, beside coach's own HRV / resting-HR / sleep figures (wellness.ts) so the
 * recovery expert can weigh both. Garmin's figures are not recomputed: latest value and the
 * 7-day mean of what Garmin reported.
 */
import type { GarminWellnessFacts } from './facts.types.js';
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
  };
  const any = Object.entries(facts).some(([key, value]) => key !== 'source' && value !== null);
  return any ? facts : null;
}
