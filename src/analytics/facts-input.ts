/**
 * What `buildFacts` needs, as plain data: the rows the repository loaded
 * (`src/db/training-data.repository.ts`) or that a test or benchmark built in memory.
 * Field names mirror the database columns (snake_case) so rows pass through unchanged;
 * only the columns analytics reads are required.
 *
 * History windows (see `historyWindows` in build-facts.ts):
 * - activities are loaded from today - max(activities_days, 365) + 1, so fitness (CTL, a
 *   42-day average) has converged (see LOAD_HISTORY_DAYS);
 * - daily metrics are loaded from today - max(metrics_days, 90) + 1, so the 60-day HRV and
 *   resting-HR baselines have data.
 */
import type { PreviousPlanInput } from './compliance.js';

export type Sex = 'male' | 'female';


export interface ActivityInput {
  id: string;
  name: string | null;
  sport: string;
  sub_sport: string | null;
  /** Instant the activity started (a Date from the database, or an ISO string). */
  start_time: Date | string;
  elapsed_time_s: number | null;
  moving_time_s: number | null;
  distance_m: number | null;
  avg_hr: number | null;
  max_hr: number | null;
  avg_power: number | null;
  normalized_power: number | null;
  avg_speed_mps: number | null;
  /** `{ basis, zones: [{ name, min, max, seconds }] }` as written by ingest; anything else is ignored. */
  hr_time_in_zones?: unknown;
  power_time_in_zones?: unknown;
  /**
   * `{ power_w: { '20min': 262, ... }, run_s: { '5km': 1260, ... }, hr_bpm: { '20min': 171, ... },
   * swim_s: { '200m': 180, '400m': 380 } }`; missing keys tolerated (see best-efforts.ts).
   */
  best_efforts?: unknown;
  /** `{ hr_seconds_by_bpm: { "<bpm>": seconds } }`, the 1 Hz HR histogram written by the FIT import. */
  load_inputs?: unknown;
  garmin_training_load?: number | null;
  /** Lap summaries as the FIT import writes them (`[{ elapsed_time_s, distance_m, avg_hr, avg_power, avg_speed_mps, ... }]`). */
  laps?: unknown;
}

export interface DailyMetricInput {
  /** 'YYYY-MM-DD' */
  date: string;
  resting_hr: number | null;
  /** Nightly average rMSSD, ms. */
  hrv_nightly_avg: number | null;
  sleep_duration_s: number | null;
  sleep_score: number | null;
  vo2max?: number | null;
  weight_kg?: number | null;
  /** Garmin's own daily figures (sync, export), reported beside coach's with source "garmin". */
  training_readiness?: number | null;
  body_battery_high?: number | null;
  body_battery_low?: number | null;
  stress_avg?: number | null;
  hrv_status?: string | null;
  /** Garmin's training status of the day as the sync stores it (src/garmin/garmin-summaries.ts, trainingStatusDay). */
  garmin_training_status?: unknown;
  /** Garmin's race predictions of the day, `{ '5km', '10km', half, marathon }` seconds (racePredictionsDay). */
  garmin_race_predictions?: unknown;
}

export interface ZoneInput {
  discipline: string;
  /** e.g. "FTP", "Threshold HR", "Z2" */
  metric_description: string;
  /** e.g. "250 W", "140-152 bpm", "4:30/km", "1:45/100m" */
  zone_value: string;
}

export interface RaceInput {
  id: string;
  name: string;
  /** 'YYYY-MM-DD' */
  date: string;
  race_type: string | null;
  priority: 'A' | 'B' | 'C';
  /** HH:MM:SS */
  target_time: string | null;
}

export interface FactsInput {
  /** The as-of date, 'YYYY-MM-DD' in the athlete's calendar. */
  today: string;
  user: {
    name: string | null;
    /** As the athlete stated it (table athlete_attributes, not the seed's user table); null means unknown (TRIMP then uses the male constants and says so). */
    sex?: Sex | null;
  };
  config: {
    /** How many days of activities the analysis covers (trainingconfig.activities_days). */
    activities_days: number;
    /** How many days of wellness metrics the analysis covers (trainingconfig.metrics_days). */
    metrics_days: number;
  };
  activities: ActivityInput[];
  dailyMetrics: DailyMetricInput[];
  zones: ZoneInput[];
  races: RaceInput[];
  /**
   * IANA time zone used to turn activity start instants into calendar dates. Default 'UTC'
   * (the schema stores no athlete time zone).
   */
  timeZone?: string;
  /** The previous structured plan's sessions, for done against planned (src/analytics/compliance.ts). */
  previousPlan?: PreviousPlanInput | null;
  /**
   * Mean-maximal curves per window (the repository's grouped query over activity_mean_max;
   * windows from `curveWindows`): per sport, kind and duration the best value and its activity.
   */
  meanMax?: Partial<Record<CurveWindow, MeanMaxPointInput[]>>;
}

export type CurveWindow = 'last90d' | 'season' | 'previousSeason' | 'allTime';

export interface MeanMaxPointInput {
  /** Sport family as stored: running, cycling, swimming, strength, other. */
  sport: string;
  kind: 'power' | 'speed' | 'hr';
  duration_s: number;
  /** W, m/s or bpm. */
  value: number;
  activityId: string;
  /** 'YYYY-MM-DD' of the activity's start (UTC). */
  date: string;
}
