/**
 * Done against planned: the previous plan's sessions matched to the activities since, the
 * way TrainingPeaks colours its calendar. A planned session is matched to an activity of
 * the same sport on the same day (the closest in duration when there are several); the
 * ratio is done / planned duration (TrainingPeaks' first basis), or load when the plan gave
 * no duration:
 *   green 80-120%, amber 50-80% or 120-150%, red below 50% or above 150%, missed: nothing done.
 * Activities that matched no planned session are listed as unplanned. Pure: plain data in,
 * plain data out; the plan's sessions come in as the few fields read here.
 */
import type { ComplianceFacts, ComplianceSession, ComplianceStatus, SessionFact, Sport } from './facts.types.js';
import { addDays } from './calendar.js';
import { round } from './numbers.js';

/** What compliance reads of a planned session (src/plan's PlannedSession has these fields). */
export interface PlannedSessionInput {
  id: string;
  date: string;
  sport: string;
  title: string;
  type: string;
  key: boolean;
  duration_min: number;
  plannedLoad: number;
}

export interface PreviousPlanInput {
  analysisId: string;
  weekStart: string;
  sessions: PlannedSessionInput[];
}

export const GREEN_LOW = 0.8;
export const GREEN_HIGH = 1.2;
export const AMBER_LOW = 0.5;
export const AMBER_HIGH = 1.5;

export function complianceStatus(ratio: number): Exclude<ComplianceStatus, 'missed'> {
  if (ratio >= GREEN_LOW && ratio <= GREEN_HIGH) return 'green';
  if (ratio >= AMBER_LOW && ratio <= AMBER_HIGH) return 'amber';
  return 'red';
}

/** The plan's sports against the facts' sports (mobility and the rest are `other` in the facts). */
function factsSport(sport: string): Sport {
  return sport === 'running' || sport === 'cycling' || sport === 'swimming' || sport === 'strength' ? sport : 'other';
}

/**
 * Matches the plan's sessions dated up to `today` to `sessions` (the facts' activities).
 * Sessions of today not done yet are left out (the day is not over); earlier ones are missed.
 */
export function planCompliance(plan: PreviousPlanInput, sessions: SessionFact[], today: string): ComplianceFacts {
  const planned = plan.sessions.filter((s) => s.date >= plan.weekStart && s.date <= today).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  // The plan's detailed week is 7 days; compared up to today.
  const weekEnd = addDays(plan.weekStart, 6);
  const through = today < weekEnd ? today : weekEnd;
  const candidates = sessions.filter((s) => s.date >= plan.weekStart && s.date <= today);
  const used = new Set<string>();
  const rows: ComplianceSession[] = [];
  for (const p of planned) {
    const plannedS = p.duration_min * 60;
    const options = candidates.filter((s) => !used.has(s.activityId) && s.date === p.date && s.sport === factsSport(p.sport));
    const match = options.sort((a, b) => Math.abs(a.duration_s - plannedS) - Math.abs(b.duration_s - plannedS))[0];
    if (!match && p.date === today) continue;
    if (match) used.add(match.activityId);
    const basis: 'duration' | 'load' = plannedS > 0 ? 'duration' : 'load';
    const ratio = !match ? null : basis === 'duration' ? match.duration_s / plannedS : p.plannedLoad > 0 ? match.load / p.plannedLoad : null;
    rows.push({
      sessionId: p.id,
      date: p.date,
      sport: p.sport,
      title: p.title,
      type: p.type,
      key: p.key,
      planned_min: p.duration_min,
      plannedLoad: p.plannedLoad,
      activityId: match?.activityId ?? null,
      done_min: match ? round(match.duration_s / 60, 0) : null,
      doneLoad: match ? match.load : null,
      basis,
      ratio: ratio === null ? null : round(ratio, 2),
      status: !match ? 'missed' : ratio === null ? 'green' : complianceStatus(ratio),
    });
  }
  const unplanned = candidates
    .filter((s) => !used.has(s.activityId) && s.date <= through)
    .map((s) => ({ activityId: s.activityId, date: s.date, sport: s.sport, name: s.name, done_min: round(s.duration_s / 60, 0), load: s.load }));
  const count = (status: ComplianceStatus) => rows.filter((r) => r.status === status).length;
  const plannedLoad = round(rows.reduce((sum, r) => sum + r.plannedLoad, 0), 1);
  const doneLoad = round(rows.reduce((sum, r) => sum + (r.doneLoad ?? 0), 0) + unplanned.reduce((sum, u) => sum + u.load, 0), 1);
  return {
    planAnalysisId: plan.analysisId,
    weekStart: plan.weekStart,
    through,
    sessions: rows,
    unplanned,
    counts: { planned: rows.length, green: count('green'), amber: count('amber'), red: count('red'), missed: count('missed') },
    plannedLoad,
    doneLoad,
    loadRatio: plannedLoad > 0 ? round(doneLoad / plannedLoad, 2) : null,
    missedKeySessions: rows.filter((r) => r.key && r.status === 'missed').map((r) => r.sessionId),
    overreachedSessions: rows.filter((r) => r.ratio !== null && r.ratio > GREEN_HIGH).map((r) => r.sessionId),
  };
}

/** Two or more sessions done well over plan (> 120%) in one week is a pattern, not a one-off. */
export const REPEATED_OVERREACHING = 2;
/** The next week's load cap after repeated overreaching: 10% lower. */
export const OVERREACHING_CAP_FACTOR = 0.9;

export interface NextPlanAdvice {
  /** Multiply the next plan's load cap by this (1 when nothing to correct). */
  loadCapFactor: number;
  /** Key sessions missed: not made up by stacking them onto the next days. */
  missedKeySessionIds: string[];
  /** The rules in words, for the plan's `rules` list. */
  rules: string[];
}

/**
 * How the next plan should take compliance into account (for src/plan's builder): a missed
 * key session is dropped, not stacked onto the next days (two hard days in a row break the
 * intensity rules and the load it carried is gone anyway); repeated overreaching (the athlete
 * does more than planned again and again) lowers the cap, since the plan's numbers are
 * evidently treated as a floor.
 */
export function nextPlanAdvice(compliance: ComplianceFacts | null | undefined): NextPlanAdvice {
  if (!compliance) return { loadCapFactor: 1, missedKeySessionIds: [], rules: [] };
  const rules: string[] = [];
  const missed = compliance.sessions.filter((s) => s.key && s.status === 'missed');
  if (missed.length) {
    rules.push(`missed key session${missed.length > 1 ? 's' : ''} (${missed.map((s) => `${s.title} on ${s.date}`).join(', ')}): not made up on the next days`);
  }
  const over = compliance.overreachedSessions.length;
  const repeated = over >= REPEATED_OVERREACHING;
  if (repeated) rules.push(`${over} sessions done above 120% of plan last week: load cap lowered by ${Math.round((1 - OVERREACHING_CAP_FACTOR) * 100)}%`);
  return { loadCapFactor: repeated ? OVERREACHING_CAP_FACTOR : 1, missedKeySessionIds: missed.map((s) => s.sessionId), rules };
}

/** A plan older than this (its week started more than 13 days ago) is not compared: its week is over. */
export const PREVIOUS_PLAN_MAX_AGE_DAYS = 13;

/**
 * The previous plan as compliance reads it, from the stored `analysis.weekly_plan` JSON
 * (schema version 2: days -> sessions); null for anything else (a version 1 plan has no
 * sessions to match).
 */
export function previousPlanInput(analysisId: string, stored: unknown): PreviousPlanInput | null {
  const plan = stored as { schemaVersion?: unknown; weekStart?: unknown; days?: unknown } | null;
  if (!plan || typeof plan !== 'object' || plan.schemaVersion !== 2 || typeof plan.weekStart !== 'string' || !Array.isArray(plan.days)) return null;
  const sessions: PlannedSessionInput[] = [];
  for (const day of plan.days as { sessions?: unknown }[]) {
    if (!day || !Array.isArray(day.sessions)) continue;
    for (const s of day.sessions as Partial<PlannedSessionInput>[]) {
      if (!s || typeof s.id !== 'string' || typeof s.date !== 'string' || typeof s.sport !== 'string') continue;
      sessions.push({
        id: s.id,
        date: s.date,
        sport: s.sport,
        title: typeof s.title === 'string' ? s.title : s.type ?? s.sport,
        type: typeof s.type === 'string' ? s.type : 'easy',
        key: s.key === true,
        duration_min: Number.isFinite(s.duration_min) ? Number(s.duration_min) : 0,
        plannedLoad: Number.isFinite(s.plannedLoad) ? Number(s.plannedLoad) : 0,
      });
    }
  }
  return { analysisId, weekStart: plan.weekStart, sessions };
}
