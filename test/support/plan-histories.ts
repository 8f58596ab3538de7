import { addDays } from '../../src/analytics/calendar.js';
import { buildFacts } from '../../src/analytics/build-facts.js';
import type { Facts } from '../../src/analytics/facts.types.js';
import type { ActivityInput, DailyMetricInput, FactsInput, RaceInput, ZoneInput } from '../../src/analytics/facts-input.js';

/**
 * Generated training histories for the plan scenarios: a weekly template of sessions
 * repeated over `weeks`, optional break, races, zones and wellness, turned into real facts
 * by buildFacts (no hand-made facts objects).
 */
export interface TemplateSession {
  /** 0 = Monday. */
  weekday: number;
  sport: 'running' | 'cycling' | 'swimming' | 'training';
  minutes: number;
  hard?: boolean;
}

export interface HistorySpec {
  today: string;
  weeks?: number;
  template: TemplateSession[];
  /** The last N days without any activity. */
  breakDays?: number;
  races?: RaceInput[];
  zones?: ZoneInput[];
  wellness?: 'normal' | 'low_hrv';
  /** Minutes added to the template's longest session in one week of the last four. */
  longestBoost?: number;
}

export const RUNNER_ZONES: ZoneInput[] = [
  { discipline: 'Running', metric_description: 'Threshold pace', zone_value: '4:30/km' },
  { discipline: 'Running', metric_description: 'Threshold HR', zone_value: '170 bpm' },
  { discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' },
  { discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:50/100m' },
];

export function historyInput(spec: HistorySpec): FactsInput {
  const weeks = spec.weeks ?? 16;
  const days = weeks * 7;
  const activities: ActivityInput[] = [];
  const metrics: DailyMetricInput[] = [];
  let n = 0;
  for (let d = days - 1; d >= 0; d--) {
    const date = addDays(spec.today, -d);
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    const lowHrv = spec.wellness === 'low_hrv' && d < 7;
    metrics.push({ date, resting_hr: lowHrv ? 58 : 48 + (d % 3), hrv_nightly_avg: lowHrv ? 32 : 62 + (d % 5), sleep_duration_s: 7.6 * 3600, sleep_score: 80 });
    if (spec.breakDays && d < spec.breakDays) continue;
    for (const t of spec.template) {
      if (t.weekday !== weekday) continue;
      const boost = spec.longestBoost && d >= 7 && d < 14 && t.minutes === Math.max(...spec.template.map((x) => x.minutes)) ? spec.longestBoost : 0;
      const seconds = (t.minutes + boost) * 60;
      const pace = t.hard ? 270 : 330; // s/km running
      activities.push({
        id: `a${n++}`, name: `${t.sport} ${date}`, sport: t.sport, sub_sport: t.sport === 'training' ? 'strength_training' : t.sport === 'swimming' ? 'lap_swimming' : null,
        start_time: `${date}T07:00:00Z`, elapsed_time_s: seconds + 60, moving_time_s: seconds,
        distance_m: t.sport === 'running' ? Math.round((seconds / pace) * 1000) : t.sport === 'cycling' ? Math.round(seconds * 8) : t.sport === 'swimming' ? Math.round((seconds / 120) * 100) : null,
        avg_hr: t.hard ? 160 : 138, max_hr: t.hard ? 178 : 150,
        avg_power: t.sport === 'cycling' ? (t.hard ? 230 : 170) : null, normalized_power: t.sport === 'cycling' ? (t.hard ? 240 : 175) : null,
        avg_speed_mps: null,
      });
    }
  }
  return {
    today: spec.today,
    user: { name: 'Scenario', sex: 'male' },
    config: { activities_days: days, metrics_days: days },
    activities,
    dailyMetrics: metrics,
    zones: spec.zones ?? RUNNER_ZONES,
    races: spec.races ?? [],
  };
}

export const historyFacts = (spec: HistorySpec): Facts => buildFacts(historyInput(spec));

export const TODAY = '2026-12-01';

/** About 170 min of running a week, longest 77 min (the running-heavy athlete). */
export const RUNNER: TemplateSession[] = [
  { weekday: 1, sport: 'running', minutes: 50, hard: true },
  { weekday: 3, sport: 'running', minutes: 45 },
  { weekday: 6, sport: 'running', minutes: 75 },
];
export const CYCLIST: TemplateSession[] = [
  { weekday: 1, sport: 'cycling', minutes: 75, hard: true },
  { weekday: 3, sport: 'cycling', minutes: 60 },
  { weekday: 4, sport: 'cycling', minutes: 60, hard: true },
  { weekday: 5, sport: 'cycling', minutes: 150 },
];
export const TRIATHLETE: TemplateSession[] = [
  { weekday: 0, sport: 'swimming', minutes: 45 },
  { weekday: 1, sport: 'running', minutes: 50, hard: true },
  { weekday: 2, sport: 'cycling', minutes: 75, hard: true },
  { weekday: 3, sport: 'swimming', minutes: 40 },
  { weekday: 3, sport: 'running', minutes: 40 },
  { weekday: 5, sport: 'cycling', minutes: 150 },
  { weekday: 6, sport: 'running', minutes: 80 },
];
