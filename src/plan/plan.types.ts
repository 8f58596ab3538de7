import type { Sport, TrainingPhase } from '../analytics/facts.types.js';
import type { SeasonOutline } from './season-outline.js';

/**
 * The training plan as data: the contract between the plan builder (src/plan), the model
 * path (which may only propose sessions and steps), the validator, the reports and the
 * exports (FIT workout, ICS, ZWO, Garmin Connect workout JSON).
 *
 * Version 2 of the plan schema. Field names are snake_case where they carry a unit
 * (`duration_min`, `duration_s`, `distance_m`), camelCase otherwise, as in version 1.
 * A model never sets a load: `plannedLoad` is always computed from the steps by src/plan.
 */
export const PLAN_SCHEMA_VERSION = 2;
/**
 * Compatible additions to version 2, counted: 1 = the season outline (`season`) and the
 * reason of each change (`changes` lines end with the rule in parentheses). Readers of
 * version 2 without them keep working; absent means 0.
 */
export const PLAN_SCHEMA_MINOR = 1;

/** Sports a session can be in. `mobility` is low-load movement (yoga, stretching). */
export type PlanSport = Exclude<Sport, 'other'> | 'mobility' | 'other';

/**
 * What a session is for. `intensity` (below) is derived from it and kept for readers of
 * version 1; the validator checks the two agree.
 */
export type SessionType =
  | 'recovery'
  | 'easy'
  | 'endurance'
  | 'long'
  | 'tempo'
  | 'threshold'
  | 'vo2max'
  | 'race_pace'
  | 'opener'
  | 'race'
  | 'strength'
  | 'mobility';

export type SessionIntensity = 'easy' | 'moderate' | 'hard' | 'long' | 'race';

/**
 * A target for one step, in the athlete's own zones. Ranges are inclusive, low <= high.
 * - power: watts (cycling with an FTP)
 * - pace: seconds per km for running, seconds per 100 m for swimming (low = faster)
 * - heart_rate: beats per minute
 * - open: no target (strength, mobility, a free warm-up)
 */
export type StepTarget =
  | { type: 'power'; low: number; high: number; zone?: string }
  | { type: 'pace'; low: number; high: number; zone?: string }
  | { type: 'heart_rate'; low: number; high: number; zone?: string }
  | { type: 'open' };

export type StepKind = 'warmup' | 'work' | 'recovery' | 'cooldown' | 'steady' | 'rest';

/** One step: exactly one of `duration_s` or `distance_m`. */
export interface WorkoutStep {
  kind: StepKind;
  duration_s?: number;
  distance_m?: number;
  target: StepTarget;
  /** Intensity of the step as a fraction of threshold (IF); what load math uses. */
  intensityFactor: number;
  note?: string;
}

/** `times` repetitions of its steps (e.g. 5 x [3 min work, 2 min recovery]). */
export interface RepeatBlock {
  kind: 'repeat';
  times: number;
  steps: WorkoutStep[];
}

export type WorkoutItem = WorkoutStep | RepeatBlock;

export interface PlannedSession {
  /** Stable within a plan: `${date}-${index}`; exports derive their UIDs from it. */
  id: string;
  date: string;
  sport: PlanSport;
  type: SessionType;
  intensity: SessionIntensity;
  title: string;
  /** The sum of the steps' durations (distance steps estimated at their target pace). */
  duration_min: number;
  /** TSS-equivalent points from the steps (sum of hours x IF^2 x 100; IF^3 for swimming, as sTSS), never from a model. */
  plannedLoad: number;
  /** A key session (hard, long or race) counts against the weekly limits of such sessions. */
  key: boolean;
  /** Why the session is there, in one sentence. */
  purpose: string;
  description: string;
  /** Where the targets come from ("FTP 250 W (athlete's zones)", "LTHR 168 (estimated)"). */
  targetSource?: string;
  steps: WorkoutItem[];
  /** The competition row this session is, for race days. */
  raceId?: string;
}

/** One calendar day of the detailed week; no sessions means rest. */
export interface PlanDay {
  date: string;
  sessions: PlannedSession[];
  /** Why the day is what it is when a rule shaped it ("rest: race in 2 days"). */
  note?: string;
}

/** Weeks 2-4: sessions with type and duration only (no steps yet). */
export interface OutlineSession {
  date: string;
  sport: PlanSport;
  type: SessionType;
  duration_min: number;
  plannedLoad: number;
}

export interface PlanWeek {
  weekStart: string;
  phase: TrainingPhase;
  targetLoad: number;
  sessions: OutlineSession[];
}

/** Where the plan came from, shown in the report and JSON. */
export type PlanSource = 'rules' | 'model' | 'model_repaired' | 'rules_fallback';

/** The 28 days from the analysis date: week 1 in full, weeks 2-4 outlined. */
export interface TrainingPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  source: PlanSource;
  /** The analysis date; week 1 is the 7 days starting on it. */
  weekStart: string;
  phase: TrainingPhase;
  loadCap: number;
  targetLoad: number;
  totalPlannedLoad: number;
  /** Every rule that shaped the plan, in words ("HRV below normal: no hard session until Thu"). */
  rules: string[];
  days: PlanDay[];
  weeks: PlanWeek[];
  /** What changed against the previous plan, when there was one, each with the rule that changed it. */
  changes?: string[];
  /** Compatible additions to version 2 this plan carries (PLAN_SCHEMA_MINOR). */
  schemaMinor?: number;
  /** The season outline the 28 days sit in: blocks to each A race with volume targets and focus. */
  season?: SeasonOutline;
}

/** One problem found by the validator: a path into the plan and what is wrong. */
export interface PlanViolation {
  path: string;
  rule: string;
  message: string;
}
