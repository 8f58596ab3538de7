import { addDays, daysBetween } from '../analytics/calendar.js';
import type { Facts, RaceFact, Sport, TrainingPhase } from '../analytics/facts.types.js';
import { phaseForDaysToRace } from '../analytics/season.js';
import { type AthleteConstraints, NO_CONSTRAINTS } from './athlete-constraints.js';
import { athleteHistory, type AthleteHistory, HIGH_VOLUME_MIN, type SportHistory } from './athlete-history.js';
import { athleteZones, type AthleteZones } from './athlete-targets.js';
import type { Availability } from './availability.js';
import type { PlanSport, TrainingPlan } from './plan.types.js';
import { recoveryGate, type RecoveryGate, recoveryInputOf } from './recovery-gate.js';

/**
 * Everything the rules decide before a single session is placed, computed once from the
 * facts: the limits the builder fills and the validator checks, so the two cannot disagree.
 */

/** Weekly growth over the 4-week mean in base and build (COACHING.md: 5-10%). */
export const WEEKLY_GROWTH = 1.1;
/** The most a week may hold over the 4-week mean, per sport (the validator's limit). */
export const MAX_WEEK_OVER_HISTORY = 1.2;
/** Above this acute:chronic ratio the volume is held, not grown. */
export const ACWR_HOLD = 1.3;
/** Longest session: at most max(x1.15, +15 min) of the longest of the last 4 weeks. */
export const LONG_GROWTH = 1.15;
export const LONG_STEP_MIN = 15;
/** Hard sessions a week: 2 for most athletes, 3 from HIGH_VOLUME_MIN minutes a week. */
export const MAX_HARD = 2;
export const MAX_HARD_HIGH_VOLUME = 3;
/** Keep at least one day a week without training. */
export const MIN_REST_DAYS = 1;
/**
 * Two long sessions are never on consecutive days (a long run on Saturday, a long ride on
 * Sunday): back to back they stack fatigue like two hard days, and the second is done tired.
 */
export const NO_CONSECUTIVE_LONG_RULE = 'no two long sessions on consecutive days: a day between lets the legs recover';
/** No hard session in the days before an A or B race; the day before a C race. */
export const NO_HARD_BEFORE_RACE_DAYS = 2;
/** Easy days after an A race: about one per 6 km of race distance, 2-10 days. */
export const POST_RACE_KM_PER_DAY = 6;
/** A starter week without any history: this many easy sessions of STARTER_MIN minutes. */
export const STARTER_SESSIONS = 3;
export const STARTER_MIN = 30;
/** Strength and mobility never count against the endurance limits but are capped at this many minutes. */
export const SUPPORT_SESSION_MAX_MIN = 45;

export interface PlanRace {
  race: RaceFact;
  sport: PlanSport;
  /** Expected minutes: the target time, else the best prediction, else a guess from the distance. */
  minutes: number;
  /** Days of taper before an A race (0 for B and C). */
  taperDays: number;
  /** Easy days after the race. */
  recoveryDays: number;
}

export interface PlanContext {
  facts: Facts;
  /** First plan day (the analysis date). */
  start: string;
  history: AthleteHistory;
  zones: AthleteZones;
  gate: RecoveryGate;
  constraints: AthleteConstraints;
  availability: Availability | null;
  /** Sports the plan may use: the athlete's (minus what hurts), plus strength and mobility. */
  sports: PlanSport[];
  /** Per endurance sport, the most minutes week 1 may hold. */
  weekLimit: Partial<Record<PlanSport, number>>;
  /** Per endurance sport, the longest session week 1 may hold, minutes. */
  longLimit: Partial<Record<PlanSport, number>>;
  maxHard: number;
  highVolume: boolean;
  /** Races from the start to 28 days on (and the next A race beyond, for the taper). */
  races: PlanRace[];
  /** Replacement sport for one the athlete must avoid ('rest' when none). */
  replacements: Partial<Record<PlanSport, PlanSport | 'rest'>>;
  starter: boolean;
  /** The previous plan's sessions by date, so a new plan revises it rather than starting over. */
  previous: Map<string, PreviousSession[]>;
  /** The dates from the analysis date the previous plan covers (its 28 days), null without one. */
  previousRange: { from: string; to: string } | null;
  /** The previous version-2 plan itself (for the list of changes), null without one. */
  previousPlan: TrainingPlan | null;
}

/** One session of the previous plan as a revision reads it (week 1 and the outline weeks alike). */
export interface PreviousSession {
  sport: string;
  type: string;
  duration_min: number;
}

const isTriathlon = (race: RaceFact) => race.sport === 'other' && /tri|iron|70\.3|140\.6/i.test(race.raceType ?? race.name);

/** Pace guess per sport for races without a target or prediction, seconds per km. */
const GUESS_SEC_PER_KM: Record<string, number> = { running: 330, cycling: 120, swimming: 1200, other: 200 };

function raceMinutes(race: RaceFact): number {
  if (race.target_s) return Math.round(race.target_s / 60);
  const best = race.predictions.reduce<number | null>((m, p) => (m === null || p.time_s < m ? p.time_s : m), null);
  if (best) return Math.round(best / 60);
  if (race.distance_m) return Math.round(((race.distance_m / 1000) * (GUESS_SEC_PER_KM[race.sport ?? 'running'] ?? 330)) / 60);
  return 60;
}

/** COACHING.md: 7-10 days for 10 km / half, 2-3 weeks for a marathon or a long triathlon. */
export function taperDaysFor(race: RaceFact): number {
  const km = (race.distance_m ?? 10_000) / 1000;
  if (km >= 40) return 14;
  if (km >= 15) return 10;
  return 7;
}

export function planContext(facts: Facts, options: { availability?: Availability | null; constraints?: AthleteConstraints; previous?: unknown } = {}): PlanContext {
  const start = facts.today;
  const history = athleteHistory(facts);
  const constraints = options.constraints ?? NO_CONSTRAINTS;
  const gate = recoveryGate(recoveryInputOf(facts));
  const highVolume = history.totalWeeklyMin >= HIGH_VOLUME_MIN;
  const end = addDays(start, 27);
  const races: PlanRace[] = facts.races
    .filter((r) => r.date >= start && (r.date <= end || (r.priority === 'A' && daysBetween(start, r.date) <= 27 + 21)))
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((race) => ({
      race,
      sport: (race.sport && race.sport !== 'strength' ? race.sport : 'running') as PlanSport,
      minutes: raceMinutes(race),
      taperDays: race.priority === 'A' ? taperDaysFor(race) : 0,
      recoveryDays: race.priority === 'A' ? Math.min(10, Math.max(2, Math.round((race.distance_m ?? 10_000) / 1000 / POST_RACE_KM_PER_DAY))) : race.priority === 'B' ? 1 : 0,
    }));

  // Sports: the athlete's own; a triathlete keeps all three; a sport that hurts is replaced.
  let own: Sport[] = history.sports.map((s) => s.sport);
  const triathlete = races.some((r) => isTriathlon(r.race)) || (own.includes('cycling') && own.includes('running') && history.sports.length >= 2 && facts.load.sessions.some((s) => s.sport === 'swimming' && s.date > addDays(start, -28)));
  if (triathlete) own = ['swimming', 'cycling', 'running'].filter((s) => own.includes(s as Sport) || races.some((r) => isTriathlon(r.race))) as Sport[];
  const starter = history.sports.length === 0;
  if (starter) own = [(races.map((r) => r.race.sport).find((s): s is Sport => s === 'running' || s === 'cycling' || s === 'swimming')) ?? 'running'];
  const avoided = new Set(constraints.avoid.map((a) => a.sport));
  const replacements: PlanContext['replacements'] = {};
  for (const sport of avoided) {
    const alternative = (['cycling', 'swimming', 'running'] as PlanSport[]).find((s) => s !== sport && !avoided.has(s) && own.includes(s as Sport))
      ?? (['cycling', 'swimming'] as PlanSport[]).find((s) => s !== sport && !avoided.has(s));
    replacements[sport] = alternative ?? 'rest';
  }
  const sports: PlanSport[] = [...new Set<PlanSport>([...own.filter((s) => !avoided.has(s)), ...Object.values(replacements).filter((s): s is PlanSport => s !== 'rest' && s !== undefined), 'strength', 'mobility'])];

  const weekLimit: PlanContext['weekLimit'] = {};
  const longLimit: PlanContext['longLimit'] = {};
  const byName = new Map<PlanSport, SportHistory>(history.sports.map((h) => [h.sport as PlanSport, h]));
  for (const sport of sports) {
    if (sport === 'strength' || sport === 'mobility') continue;
    const h = byName.get(sport);
    // A sport new to the athlete (a replacement or a race's third sport) starts small.
    const weekly = h?.weeklyMin ?? (starter ? STARTER_SESSIONS * STARTER_MIN : 60);
    const longest = h?.longestMin ?? (starter ? STARTER_MIN : 40);
    weekLimit[sport] = Math.round(weekly * MAX_WEEK_OVER_HISTORY);
    longLimit[sport] = Math.round(Math.max(longest * LONG_GROWTH, longest + LONG_STEP_MIN));
  }
  // Replacing a sore sport: its volume moves to the replacement (easy), within the replacement's own limits plus that volume.
  for (const [sport, alt] of Object.entries(replacements)) {
    if (!alt || alt === 'rest') continue;
    const moved = byName.get(sport as PlanSport)?.weeklyMin ?? 0;
    weekLimit[alt] = Math.round((weekLimit[alt] ?? 0) + moved * MAX_WEEK_OVER_HISTORY);
    longLimit[alt] = Math.max(longLimit[alt] ?? 0, longLimit[sport as PlanSport] ?? 0);
  }
  return {
    facts, start, history, zones: athleteZones(facts), gate, constraints,
    availability: options.availability ?? null,
    sports, weekLimit, longLimit,
    maxHard: highVolume ? MAX_HARD_HIGH_VOLUME : MAX_HARD,
    highVolume, races, replacements, starter,
    ...previousOf(options.previous, start),
  };
}

/** The phase of the week starting `weekStart`, from the next A race (analytics/season.ts). */
export function phaseOfWeek(ctx: PlanContext, weekStart: string, weekIndex: number): TrainingPhase {
  if (weekIndex === 0) return ctx.facts.season.phase;
  const nextA = ctx.races.find((r) => r.race.priority === 'A' && r.race.date >= weekStart);
  const pastA = ctx.races.filter((r) => r.race.priority === 'A' && r.race.date < weekStart).at(-1);
  if (pastA && daysBetween(pastA.race.date, weekStart) <= 14 && !(nextA && daysBetween(weekStart, nextA.race.date) <= 14)) return 'recovery';
  if (nextA) return phaseForDaysToRace(daysBetween(weekStart, nextA.race.date));
  return ctx.facts.season.phase === 'recovery' || ctx.facts.season.phase === 'transition' ? 'base' : ctx.facts.season.phase;
}

/** Sessions of a stored version-2 plan by date (week 1 and the outline weeks), and the dates from `start` it covers; empty for anything else. */
function previousOf(stored: unknown, start: string): Pick<PlanContext, 'previous' | 'previousRange' | 'previousPlan'> {
  const previous: PlanContext['previous'] = new Map();
  const none = { previous, previousRange: null, previousPlan: null };
  const plan = stored as { schemaVersion?: unknown; weekStart?: unknown; days?: unknown; weeks?: unknown } | null;
  if (!plan || typeof plan !== 'object' || plan.schemaVersion !== 2 || !Array.isArray(plan.days) || typeof plan.weekStart !== 'string') return none;
  const dates: string[] = [];
  const add = (s: unknown) => {
    const x = s as { date?: unknown; sport?: unknown; type?: unknown; duration_min?: unknown } | null;
    if (!x || typeof x.date !== 'string' || typeof x.sport !== 'string' || typeof x.type !== 'string' || typeof x.duration_min !== 'number' || !Number.isFinite(x.duration_min) || x.duration_min <= 0 || x.duration_min > 600) return;
    previous.set(x.date, [...(previous.get(x.date) ?? []), { sport: x.sport, type: x.type, duration_min: x.duration_min }]);
  };
  for (const d of plan.days as Array<{ date?: unknown; sessions?: unknown }>) {
    if (d && typeof d.date === 'string') dates.push(d.date);
    if (d && Array.isArray(d.sessions)) d.sessions.forEach(add);
  }
  if (Array.isArray(plan.weeks)) {
    for (const w of plan.weeks as Array<{ weekStart?: unknown; sessions?: unknown }>) {
      if (w && typeof w.weekStart === 'string') dates.push(addDays(w.weekStart, 6));
      if (w && Array.isArray(w.sessions)) w.sessions.forEach(add);
    }
  }
  const to = dates.sort().at(-1);
  if (!to || to < start) return none;
  const from = plan.weekStart > start ? plan.weekStart : start;
  return { previous, previousRange: { from, to }, previousPlan: stored as TrainingPlan };
}
