import type { Facts } from '../analytics/facts.types.js';
import { shiftDate } from './offline-coach/experts.js';

/**
 * Each model node sees only the part of the facts it needs, never raw samples, which keeps
 * prompts small and focused. What every node needs (today, season, races, thresholds, the
 * current load, the wellness headline) is in the shared system
 * message (shared-prompt.ts) and not repeated here: the slices below are what each role
 * adds to it.
 */
const recentWeeks = (facts: Facts, n: number) => facts.load.weeks.slice(-n);

/**
 * The facts every model node of a run is given, in its system message: the day, the
 * season and races, thresholds, today's load numbers and the wellness headline. The slices
 * below add only what each role needs beyond these.
 */
export function sharedFacts(facts: Facts) {
  return {
    today: facts.today,
    season: facts.season,
    races: facts.races.filter((r) => !r.isPast),
    thresholds: facts.thresholds,
    load: { current: facts.load.current },
    wellness: { hrv: facts.wellness.hrv, restingHr: facts.wellness.restingHr, sleep: facts.wellness.sleep, flags: facts.wellness.flags },
  };
}

export function loadSlice(facts: Facts) {
  return {
    load: { weeks: recentWeeks(facts, 8).map(({ bySport: _b, ...w }) => w) },
    intensity: facts.intensity,
    dataNotes: facts.data.notes,
  };
}

export function sessionsSlice(facts: Facts) {
  const from = shiftDate(facts.today, -14);
  // The data notes are the load expert's; the per-sport intensity split is in the load slice's weeks.
  const { notes: _n, ...data } = facts.data;
  return {
    data,
    recentSessions: facts.load.sessions
      .filter((s) => s.date > from)
      .map(({ activityId: _id, startTime: _t, rawSport: _r, polarized_s: _p, ...s }) => s),
    weeks: recentWeeks(facts, 4).map((w) => ({
      ...w,
      bySport: Object.fromEntries(Object.entries(w.bySport ?? {}).map(([sport, x]) => [sport, x && { load: x.load, duration_s: x.duration_s, distance_m: x.distance_m, sessions: x.sessions }])),
    })),
    bestEfforts: facts.bestEfforts,
    // How intervals were executed: one compact table per recent session with laps.
    recentLaps: facts.recentLaps ?? [],
    compliance: complianceSlice(facts),
  };
}

export function recoverySlice(facts: Facts) {
  // hrv, restingHr, sleep and flags are in the shared facts.
  const { series, hrv: _h, restingHr: _r, sleep: _s, flags: _f, ...wellness } = facts.wellness;
  return { wellness: { ...wellness, last14Days: series.slice(-14) } };
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
    load: { weeks: recentWeeks(facts, 3).map(({ bySport: _b, ...w }) => w) },
    sportsMix4Weeks: mix,
    recentSessions: facts.load.sessions
      .filter((s) => s.date > from)
      .map((s) => ({ date: s.date, sport: s.sport, min: Math.round(s.duration_s / 60), load: s.load, if: s.intensityFactor })),
  };
}

/**
 * Compact JSON: no indentation (tokens cost money), numbers rounded to 2 decimals, and
 * object fields that are null left out (an absent field reads as unknown, as a null did;
 * nulls were a tenth of the sessions expert's prompt). Nulls inside arrays stay.
 */
export function factsJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, k, v) {
    if (v === null && k !== '' && !Array.isArray(this)) return undefined;
    return typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v;
  });
}

/**
 * Everything the model nodes are shown of the facts (the union of the slices above), which is
 * what their numbers are checked against (grounding.ts): a number a model could not have seen
 * is not grounded, even if it is somewhere in the full facts.
 */
export function slicesShown(facts: Facts): unknown[] {
  return [sharedFacts(facts), loadSlice(facts), sessionsSlice(facts), recoverySlice(facts), planningSlice(facts), weeklyPlannerSlice(facts)];
}
