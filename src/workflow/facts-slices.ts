import type { Facts } from '../analytics/facts.types.js';
import { shiftDate } from './offline-coach/experts.js';

/**
 * Each model node sees only the part of the facts it needs, never raw samples, which keeps
 * prompts small (the standard-mode budget is 25k input tokens per analysis) and focused.
 */
const recentWeeks = (facts: Facts, n: number) => facts.load.weeks.slice(-n);

export function loadSlice(facts: Facts) {
  return {
    today: facts.today,
    load: { current: facts.load.current, weeks: recentWeeks(facts, 8).map(({ bySport: _b, ...w }) => w) },
    intensity: facts.intensity,
    thresholds: facts.thresholds,
    season: facts.season,
    dataNotes: facts.data.notes,
  };
}

export function sessionsSlice(facts: Facts) {
  const from = shiftDate(facts.today, -14);
  return {
    today: facts.today,
    data: facts.data,
    recentSessions: facts.load.sessions
      .filter((s) => s.date > from)
      .map(({ activityId: _id, startTime: _t, rawSport: _r, polarized_s: _p, ...s }) => s),
    weeks: recentWeeks(facts, 4),
    bestEfforts: facts.bestEfforts,
    races: facts.races.filter((r) => !r.isPast),
    // How intervals were executed: one compact table per recent session with laps.
    recentLaps: facts.recentLaps ?? [],
    compliance: complianceSlice(facts),
  };
}

export function recoverySlice(facts: Facts) {
  const { series, ...wellness } = facts.wellness;
  return {
    today: facts.today,
    wellness: { ...wellness, last14Days: series.slice(-14) },
    load: { current: facts.load.current },
  };
}

/** For synthesis and the planners: the headline numbers only. */
export function planningSlice(facts: Facts) {
  return {
    today: facts.today,
    load: { current: facts.load.current, weeks: recentWeeks(facts, 3).map(({ bySport: _b, ...w }) => w) },
    wellness: { hrv: facts.wellness.hrv, restingHr: facts.wellness.restingHr, sleep: facts.wellness.sleep, flags: facts.wellness.flags },
    races: facts.races.filter((r) => !r.isPast),
    season: facts.season,
    thresholds: facts.thresholds,
    bestEfforts: facts.bestEfforts,
    compliance: complianceSlice(facts),
  };
}

/** Done against planned (the previous plan's week), without ids: the rows and the counts. */
function complianceSlice(facts: Facts) {
  const c = facts.compliance;
  if (!c) return null;
  return {
    weekStart: c.weekStart,
    through: c.through,
    counts: c.counts,
    plannedLoad: c.plannedLoad,
    doneLoad: c.doneLoad,
    loadRatio: c.loadRatio,
    sessions: c.sessions.map(({ sessionId: _s, activityId: _a, ...row }) => row),
    unplanned: c.unplanned.map(({ activityId: _a, ...row }) => row),
  };
}

/**
 * For the weekly planner: the headline numbers plus what a plan is made of: the sports mix
 * of the last 4 weeks (sessions, hours, load per sport), the last 14 days' sessions in one
 * compact line each, and the thresholds the sessions' targets come from.
 */
export function weeklyPlannerSlice(facts: Facts) {
  const mix: Record<string, { sessions: number; hours: number; load: number }> = {};
  for (const week of recentWeeks(facts, 4)) {
    for (const [sport, s] of Object.entries(week.bySport ?? {})) {
      if (!s) continue;
      const m = (mix[sport] ??= { sessions: 0, hours: 0, load: 0 });
      m.sessions += s.sessions;
      m.hours += s.duration_s / 3600;
      m.load += s.load;
    }
  }
  const from = shiftDate(facts.today, -14);
  return {
    today: facts.today,
    load: { current: facts.load.current, weeks: recentWeeks(facts, 3).map(({ bySport: _b, ...w }) => w) },
    sportsMix4Weeks: mix,
    recentSessions: facts.load.sessions
      .filter((s) => s.date > from)
      .map((s) => ({ date: s.date, sport: s.sport, min: Math.round(s.duration_s / 60), load: s.load, if: s.intensityFactor })),
    thresholds: facts.thresholds,
    wellness: { hrv: facts.wellness.hrv, restingHr: facts.wellness.restingHr, sleep: facts.wellness.sleep, flags: facts.wellness.flags },
    races: facts.races.filter((r) => !r.isPast),
  };
}

/** Compact JSON: no indentation (tokens cost money), numbers rounded to 2 decimals. */
export function factsJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v));
}

/**
 * Everything the model nodes are shown of the facts (the union of the slices above), which is
 * what their numbers are checked against (grounding.ts): a number a model could not have seen
 * is not grounded, even if it is somewhere in the full facts.
 */
export function slicesShown(facts: Facts): unknown[] {
  return [loadSlice(facts), sessionsSlice(facts), recoverySlice(facts), planningSlice(facts), weeklyPlannerSlice(facts)];
}
