import { UserError } from '../errors.js';
import { PLAN_SCHEMA_VERSION, type PlannedSession, type TrainingPlan } from './plan.types.js';

/** The one line every plan consumer prints when the stored plan is missing or still version 1. */
export const NO_STRUCTURED_PLAN = 'no structured plan yet: run coach analyze';

/**
 * The stored `analysis.weekly_plan` as a version 2 plan, or a UserError. Version 1 plans
 * (days without sessions and steps) cannot be exported or pushed: they have nothing for a
 * watch to follow. The check is on the shape the consumers read, not a full validation
 * (src/plan's validator owns that).
 */
export function structuredPlanOf(stored: unknown): TrainingPlan {
  const plan = stored as Partial<TrainingPlan> | null | undefined;
  if (!plan || typeof plan !== 'object' || plan.schemaVersion !== PLAN_SCHEMA_VERSION || !Array.isArray(plan.days)) {
    throw new UserError(NO_STRUCTURED_PLAN);
  }
  for (const day of plan.days) {
    if (!day || typeof day.date !== 'string' || !Array.isArray(day.sessions)) throw new UserError(NO_STRUCTURED_PLAN);
  }
  return plan as TrainingPlan;
}

/** The stored plan when it is a version 2 plan, else null (older analyses hold version 1). */
export function structuredPlanOrNull(stored: unknown): TrainingPlan | null {
  try {
    return structuredPlanOf(stored);
  } catch {
    return null;
  }
}

/** The detailed week's sessions in date order (weeks 2-4 are outlines without steps). */
export function weekSessions(plan: TrainingPlan): PlannedSession[] {
  return [...plan.days].sort((a, b) => a.date.localeCompare(b.date)).flatMap((day) => day.sessions);
}

/** True for a race: it is on the calendar but is not a workout for the watch. */
export function isRaceSession(session: PlannedSession): boolean {
  return session.type === 'race';
}

/**
 * The sessions a workout export writes: every session of the week except races without
 * steps. A training session without steps is a broken plan: refused in one line, before
 * anything is written.
 */
export function exportableSessions(plan: TrainingPlan): PlannedSession[] {
  const sessions = weekSessions(plan).filter((s) => !(isRaceSession(s) && (!s.steps || s.steps.length === 0)));
  for (const session of sessions) {
    if (!Array.isArray(session.steps) || session.steps.length === 0) {
      throw new UserError(`session ${session.id} (${session.title}) has no steps: run coach analyze for a new plan`);
    }
    for (const item of session.steps) {
      if (item.kind === 'repeat' && (!Array.isArray(item.steps) || item.steps.length === 0 || !(item.times >= 1))) {
        throw new UserError(`session ${session.id} (${session.title}) has an empty repeat block: run coach analyze for a new plan`);
      }
    }
  }
  return sessions;
}
