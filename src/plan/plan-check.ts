import type { PlanViolation } from './plan.types.js';
import { validatePlan } from './validate.js';

/**
 * `coach plan check FILE`: any plan in coach's JSON format (plan schema version 2, e.g. the
 * `weeklyPlan` of an export, or a plan from elsewhere) through the one validator, without an
 * athlete's context: structure, dates, durations and loads against the steps, intensity.
 * Accepts the plan itself or an analysis export that holds it under `weeklyPlan`.
 */
export function checkPlanText(text: string): PlanViolation[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return [{ path: '', rule: 'json', message: `not JSON: ${(error as Error).message.split('\n')[0]}` }];
  }
  if (doc && typeof doc === 'object' && (doc as { kind?: unknown }).kind === 'coach.analysis') doc = (doc as { weeklyPlan?: unknown }).weeklyPlan;
  return validatePlan(doc);
}
