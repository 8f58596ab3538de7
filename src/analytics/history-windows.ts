/**
 * The date windows of one analysis, from the as-of date and the training config. Shared by
 * `buildFacts` and the repository that loads its input (src/db/training-data.repository.ts),
 * so both read the same days. All windows include today: N days = today - N + 1 .. today.
 */
import { addDays } from './calendar.js';
import type { FactsInput } from './facts-input.js';

/**
 * Days of activities the load model reads. CTL is a 42-day exponential average seeded at 0
 * the day before the first day read, so what it misses is the CTL of that day times
 * e^(-days/42): 1.4% at 180 days (a 300-day history gave CTL 77.9 for 78.7), 0.017% at a
 * year, under 0.05 points for any CTL. A year bounds the work too: five years of data cost
 * what one does (only a year of rows is loaded and scored).
 */
export const LOAD_HISTORY_DAYS = 365;
/** Days of best efforts thresholds are estimated from (recent fitness, not last year's). */
export const EFFORT_HISTORY_DAYS = 180;
export const PLOT_DAYS = 90;
export const WELLNESS_HISTORY_DAYS = 90;

export interface HistoryWindows {
  /** First day of activities the load model reads. */
  historyFrom: string;
  /** First day of the best efforts thresholds are estimated from. */
  effortsFrom: string;
  activitiesFrom: string;
  metricsFrom: string;
  /** First day of the daily/weekly plot series. */
  seriesFrom: string;
  /** First day of daily metrics the wellness baselines read. */
  metricsHistoryFrom: string;
}

function positiveDays(days: number, fallback: number): number {
  return Number.isFinite(days) && days >= 1 ? Math.floor(days) : fallback;
}

export function historyWindows(today: string, config: FactsInput['config']): HistoryWindows {
  const activitiesDays = positiveDays(config.activities_days, 28);
  const metricsDays = positiveDays(config.metrics_days, 28);
  return {
    historyFrom: addDays(today, -(Math.max(activitiesDays, LOAD_HISTORY_DAYS) - 1)),
    effortsFrom: addDays(today, -(Math.max(activitiesDays, EFFORT_HISTORY_DAYS) - 1)),
    activitiesFrom: addDays(today, -(activitiesDays - 1)),
    metricsFrom: addDays(today, -(metricsDays - 1)),
    seriesFrom: addDays(today, -(Math.max(activitiesDays, PLOT_DAYS) - 1)),
    metricsHistoryFrom: addDays(today, -(Math.max(metricsDays, WELLNESS_HISTORY_DAYS) - 1)),
  };
}

/**
 * The periods of the mean-maximal curves: the last 90 days, the season (the calendar year
 * of `today`, from 1 January) and the previous season (the whole previous calendar year),
 * and all time. `from` inclusive, `to` exclusive, 'YYYY-MM-DD' (UTC days).
 */
export function curveWindows(today: string): Record<'last90d' | 'season' | 'previousSeason' | 'allTime', { from: string | null; to: string }> {
  const tomorrow = addDays(today, 1);
  const year = Number(today.slice(0, 4));
  const seasonFrom = `${year}-01-01`;
  return {
    last90d: { from: addDays(today, -(PLOT_DAYS - 1)), to: tomorrow },
    season: { from: seasonFrom, to: tomorrow },
    previousSeason: { from: `${year - 1}-01-01`, to: seasonFrom },
    allTime: { from: null, to: tomorrow },
  };
}
