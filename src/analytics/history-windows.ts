/**
 * The date windows of one analysis, from the as-of date and the training config. Shared by
 * `buildFacts` and the repository that loads its input (src/db/training-data.repository.ts),
 * so both read the same days. All windows include today: N days = today - N + 1 .. today.
 */
import { addDays } from './calendar.js';
import type { FactsInput } from './facts-input.js';

export const LOAD_HISTORY_DAYS = 180;
export const PLOT_DAYS = 90;
export const WELLNESS_HISTORY_DAYS = 90;

export interface HistoryWindows {
  /** First day of activities the load model reads. */
  historyFrom: string;
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
    activitiesFrom: addDays(today, -(activitiesDays - 1)),
    metricsFrom: addDays(today, -(metricsDays - 1)),
    seriesFrom: addDays(today, -(Math.max(activitiesDays, PLOT_DAYS) - 1)),
    metricsHistoryFrom: addDays(today, -(Math.max(metricsDays, WELLNESS_HISTORY_DAYS) - 1)),
  };
}
