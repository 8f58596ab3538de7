import type { PlanSport } from '../plan.types.js';

/** Pace targets are seconds per 100 m in the water and per km elsewhere (plan.types.ts). */
export function paceMetresPerUnit(sport: PlanSport): number {
  return sport === 'swimming' ? 100 : 1000;
}
