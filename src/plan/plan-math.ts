import type { PlannedSession, PlanSport, WorkoutItem, WorkoutStep } from './plan.types.js';

/**
 * The load math of a planned session, the same as for a completed one
 * (src/analytics/session-load.ts): TSS-equivalent points = hours x IF^2 x 100 per step
 * (hrTSS / rTSS / power TSS), IF^3 for swimming (sTSS). Duration is the sum of the steps;
 * a distance step is timed at its target pace (or at the sport's easy pace when it has none).
 */

/** Seconds per metre when a distance step has no pace target: easy running 6:00/km, swimming 2:00/100 m, cycling 25 km/h. */
const FALLBACK_SEC_PER_M: Record<string, number> = { running: 0.36, swimming: 1.2, cycling: 0.144 };

export function stepSeconds(step: WorkoutStep, sport: PlanSport): number {
  if (typeof step.duration_s === 'number') return step.duration_s;
  const metres = step.distance_m ?? 0;
  if (step.target.type === 'pace') {
    const mid = (step.target.low + step.target.high) / 2;
    // Running pace is per km, swimming per 100 m.
    return metres * (sport === 'swimming' ? mid / 100 : mid / 1000);
  }
  return metres * (FALLBACK_SEC_PER_M[sport] ?? 0.36);
}

/** Every step of a workout in order, repeats unrolled (what a watch would run). */
export function flatSteps(items: readonly WorkoutItem[]): WorkoutStep[] {
  const out: WorkoutStep[] = [];
  for (const item of items) {
    if (item.kind === 'repeat') {
      for (let i = 0; i < item.times; i++) out.push(...item.steps);
    } else {
      out.push(item);
    }
  }
  return out;
}

export function stepLoad(seconds: number, intensityFactor: number, sport: PlanSport): number {
  const exponent = sport === 'swimming' ? 3 : 2;
  return (seconds / 3600) * intensityFactor ** exponent * 100;
}

export interface WorkoutTotals {
  seconds: number;
  load: number;
  /** Seconds at or above HARD_IF: work that is not easy. */
  hardSeconds: number;
}

/** IF at or above which a step is above the first threshold (not "easy" time). */
export const HARD_IF = 0.85;

export function workoutTotals(items: readonly WorkoutItem[], sport: PlanSport): WorkoutTotals {
  let seconds = 0;
  let load = 0;
  let hardSeconds = 0;
  for (const step of flatSteps(items)) {
    const s = stepSeconds(step, sport);
    seconds += s;
    load += stepLoad(s, step.intensityFactor, sport);
    if (step.intensityFactor >= HARD_IF) hardSeconds += s;
  }
  return { seconds, load, hardSeconds };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** A session's duration and load recomputed from its steps (whatever they claimed). */
export function withComputedTotals<T extends Pick<PlannedSession, 'steps' | 'sport'>>(session: T): T & { duration_min: number; plannedLoad: number } {
  const totals = workoutTotals(session.steps, session.sport);
  return { ...session, duration_min: Math.round(totals.seconds / 60), plannedLoad: round1(totals.load) };
}
