import { addDays, daysBetween } from '../analytics/calendar.js';
import type { Facts } from '../analytics/facts.types.js';
import { dailyLoadSeries, type PmcPoint, performanceManagement } from '../analytics/pmc.js';
import { structuredPlanOf } from './stored-plan.js';
import type { TrainingPlan } from './plan.types.js';

/**
 * Expected fitness: CTL / ATL / TSB carried forward from the analysis date over the plan's
 * 28 days, assuming every planned session is done at its planned load, with the same
 * recursion as the past (src/analytics/pmc.ts). Past the plan, up to the next A race, the
 * plan's mean daily load is assumed to continue (said in `assumption`).
 */

export interface FitnessProjection {
  /** The first projected day (the plan's first day) and the state the day before. */
  from: string;
  startCtl: number;
  startAtl: number;
  /** One point per day: the 28 planned days, then on to the A race when it is later. */
  points: PmcPoint[];
  /** Last planned day. */
  planEnd: string;
  /** Mean daily load of the 28 planned days, assumed after them. */
  meanPlannedDailyLoad: number;
  aRace: { id: string; name: string; date: string; ctl: number; atl: number; tsb: number } | null;
  assumption: string;
}

/** A race further away than this is not projected to (a season, not a plan). */
export const MAX_PROJECTION_DAYS = 366;

/** Planned load per date: week 1's sessions, weeks 2-4's outline sessions. */
export function plannedDailyLoads(plan: TrainingPlan): { date: string; load: number }[] {
  return [
    ...plan.days.flatMap((d) => d.sessions.map((s) => ({ date: d.date, load: s.plannedLoad }))),
    ...plan.weeks.flatMap((w) => w.sessions.map((s) => ({ date: s.date, load: s.plannedLoad }))),
  ];
}

export function projectFitness(facts: Facts, plan: TrainingPlan): FitnessProjection | null {
  const from = plan.weekStart;
  // The state at the end of the day before the plan starts (zero before any history).
  const before = facts.load.daily.filter((p) => p.date < from).at(-1);
  if (before && daysBetween(before.date, from) !== 1) return null;
  const startCtl = before?.ctl ?? 0;
  const startAtl = before?.atl ?? 0;
  // What was already done on the plan's first day counts too (the plan then leaves that day free).
  const doneOnFirstDay = facts.load.daily.find((p) => p.date === from)?.load ?? 0;
  const loads = plannedDailyLoads(plan);
  const planEnd = addDays(from, 27);
  const planned = dailyLoadSeries([...loads, { date: from, load: doneOnFirstDay }], from, planEnd);
  const mean = planned.reduce((sum, d) => sum + d.load, 0) / planned.length;
  const race = facts.races.find((r) => r.priority === 'A' && !r.isPast && r.date >= from);
  const end = race && race.date > planEnd && daysBetween(from, race.date) <= MAX_PROJECTION_DAYS ? race.date : planEnd;
  const series = end > planEnd ? [...planned, ...dailyLoadSeries([], addDays(planEnd, 1), end).map((d) => ({ ...d, load: mean }))] : planned;
  const points = performanceManagement(series, startCtl, startAtl);
  const onRace = race ? points.find((p) => p.date === race.date) : undefined;
  return {
    from,
    startCtl,
    startAtl,
    points,
    planEnd,
    meanPlannedDailyLoad: mean,
    aRace: race && onRace ? { id: race.id, name: race.name, date: race.date, ctl: onRace.ctl, atl: onRace.atl, tsb: onRace.tsb } : null,
    assumption: end > planEnd
      ? `every planned session done at its planned load; after ${planEnd} the plan's mean of ${mean.toFixed(1)} a day`
      : 'every planned session done at its planned load',
  };
}

/** The projection of a stored plan; null for a version 1 plan or none. */
export function projectionOfStored(facts: Facts | null, stored: unknown): FitnessProjection | null {
  if (!facts) return null;
  try {
    return projectFitness(facts, structuredPlanOf(stored));
  } catch {
    return null;
  }
}
