import AjvModule from 'ajv';
import type { Facts, Sport, TrainingPhase } from '../analytics/facts.types.js';

/** One planned day. Loads are TSS-equivalent points, like the facts. */
export interface PlannedDay {
  date: string;
  sport: Sport | 'rest';
  title: string;
  intensity: 'rest' | 'easy' | 'moderate' | 'hard' | 'long' | 'race';
  duration_min: number;
  plannedLoad: number;
  description: string;
}

/** The next seven days, stored in `analysis.weekly_plan`. */
export interface WeeklyPlan {
  weekStart: string;
  phase: TrainingPhase;
  /** The weekly load the rules allow, and why. */
  loadCap: number;
  targetLoad: number;
  totalPlannedLoad: number;
  rules: string[];
  days: PlannedDay[];
}

export const WEEKLY_PLAN_SCHEMA = {
  type: 'object',
  required: ['weekStart', 'phase', 'loadCap', 'targetLoad', 'totalPlannedLoad', 'rules', 'days'],
  additionalProperties: false,
  properties: {
    weekStart: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    phase: { enum: ['base', 'build', 'peak', 'taper', 'race', 'recovery', 'transition'] },
    loadCap: { type: 'number', minimum: 0 },
    targetLoad: { type: 'number', minimum: 0 },
    totalPlannedLoad: { type: 'number', minimum: 0 },
    rules: { type: 'array', items: { type: 'string' } },
    days: {
      type: 'array',
      minItems: 7,
      maxItems: 7,
      items: {
        type: 'object',
        required: ['date', 'sport', 'title', 'intensity', 'duration_min', 'plannedLoad', 'description'],
        additionalProperties: false,
        properties: {
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          sport: { enum: ['running', 'cycling', 'swimming', 'strength', 'other', 'rest'] },
          title: { type: 'string', minLength: 1, maxLength: 200 },
          intensity: { enum: ['rest', 'easy', 'moderate', 'hard', 'long', 'race'] },
          duration_min: { type: 'number', minimum: 0, maximum: 600 },
          plannedLoad: { type: 'number', minimum: 0, maximum: 1000 },
          description: { type: 'string', maxLength: 2000 },
        },
      },
    },
  },
} as const;

type AjvClass = typeof AjvModule.default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
// The schema is a constant, checked against the JSON Schema meta-schema by a unit test
// (test/unit/workflow/rules.test.ts); checking it again in every process cost ~30 ms.
const validatePlan = new Ajv({ allErrors: true, validateSchema: false }).compile<WeeklyPlan>(WEEKLY_PLAN_SCHEMA);

/** Validates a plan against the schema; returns the problems in words (empty when valid). */
export function weeklyPlanProblems(plan: unknown): string[] {
  if (validatePlan(plan)) return [];
  return (validatePlan.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
/** Rounds down to 0.1, so rounded day loads never add up to more than the cap. */
export const floor1 = (n: number) => Math.floor(n * 10 + 1e-9) / 10;

/**
 * The load rules every plan obeys, documented here because reports cite their numbers:
 * - last7 = the sum of daily load over the 7 days up to today; usual = CTL x 7 (the chronic weekly load).
 * - Ramp: the cap is last7 x 1.1. Returning from low load (last7 below 70% of usual) the cap
 *   is usual x 0.9 instead, so an athlete back from a break rebuilds towards their usual week
 *   rather than 10% above almost nothing. With no history at all the cap is a starter 150.
 * - Target by phase: base/build = cap; peak = cap x 0.95; taper = last7 x 0.6; race week =
 *   last7 x 0.5; recovery/transition = last7 x 0.6.
 * - Wellness: HRV below baseline or any wellness flag lowers the target by 15%.
 * - The target never exceeds the cap.
 */
export interface LoadLimits {
  last7: number;
  usual: number;
  cap: number;
  target: number;
  rules: string[];
}

export const STARTER_WEEK_LOAD = 150;

export function loadLimits(facts: Facts): LoadLimits {
  const last7 = round1(facts.load.daily.filter((d) => d.date > addDays(facts.today, -7) && d.date <= facts.today).reduce((s, d) => s + d.load, 0));
  const usual = round1(facts.load.current.ctl * 7);
  const rules: string[] = [];
  let cap: number;
  if (last7 === 0 && usual === 0) {
    cap = STARTER_WEEK_LOAD;
    rules.push(`no training history: starter week capped at ${STARTER_WEEK_LOAD}`);
  } else if (last7 < 0.7 * usual) {
    cap = round1(usual * 0.9);
    rules.push(`returning from low load (last 7 days ${last7} < 70% of usual ${usual}): cap = usual x 0.9 = ${cap}`);
  } else {
    cap = round1(last7 * 1.1);
    rules.push(`ramp: cap = last 7 days ${last7} x 1.1 = ${cap}`);
  }
  const phase = facts.season.phase;
  let target: number;
  switch (phase) {
    case 'peak':
      target = cap * 0.95;
      rules.push('peak phase: target = cap x 0.95');
      break;
    case 'taper':
      target = last7 * 0.6;
      rules.push('taper: target = last 7 days x 0.6');
      break;
    case 'race':
      target = last7 * 0.5;
      rules.push('race week: target = last 7 days x 0.5');
      break;
    case 'recovery':
    case 'transition':
      target = last7 * 0.6;
      rules.push(`${phase}: target = last 7 days x 0.6`);
      break;
    default:
      target = cap;
      rules.push(`${phase} phase: target = cap`);
  }
  if (facts.wellness.hrv.status === 'below' || facts.wellness.flags.length > 0) {
    target *= 0.85;
    rules.push('wellness warning: target lowered by 15%');
  }
  target = round1(Math.min(target, cap));
  return { last7, usual, cap, target, rules };
}

/**
 * Makes any plan (a model's or the rules') obey the cap: if the planned total exceeds it,
 * every day's load and duration are scaled down in proportion. Returns the adjusted plan.
 */
export function enforceLoadCap(plan: WeeklyPlan, limits: LoadLimits): WeeklyPlan {
  const total = plan.days.reduce((s, d) => s + d.plannedLoad, 0);
  const rules = [...plan.rules];
  let days = plan.days;
  if (total > limits.cap && total > 0) {
    const factor = limits.cap / total;
    days = plan.days.map((d) => ({
      ...d,
      plannedLoad: floor1(d.plannedLoad * factor),
      duration_min: Math.round(d.duration_min * factor),
    }));
    rules.push(`planned ${round1(total)} exceeded the cap ${limits.cap}: every day scaled down`);
  }
  const totalPlannedLoad = round1(days.reduce((s, d) => s + d.plannedLoad, 0));
  return { ...plan, loadCap: limits.cap, targetLoad: limits.target, totalPlannedLoad, rules, days };
}
