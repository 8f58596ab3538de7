import { addDays, daysBetween, isValidDate } from '../analytics/calendar.js';
import { weekdayOf } from './availability.js';
import type { PlanContext } from './plan-context.js';
import { NO_CONSECUTIVE_LONG_RULE, NO_HARD_BEFORE_RACE_DAYS } from './plan-context.js';
import { flatSteps, HARD_IF, round1, workoutTotals } from './plan-math.js';
import { PLAN_SCHEMA_VERSION, type PlannedSession, type PlanViolation, type TrainingPlan } from './plan.types.js';
import { INTENSITY_OF, isHardType } from './session-library.js';

/**
 * The one validator every plan goes through: the rule plan, a model's plan, a file from
 * elsewhere (`coach plan check`). Loads and durations are recomputed from the steps, never
 * trusted. Without a context (a file) it checks structure, dates and intensity; with the
 * analysis's context it also checks the athlete's limits (volume, longest session, sports,
 * recovery gate, races, availability, the athlete's own words).
 */

/** A step longer than this is a typo (a 700-minute step), minutes. */
export const MAX_STEP_MIN = 360;
/** A session longer than this is not a training session, minutes (races excepted). */
export const MAX_SESSION_MIN = 600;
/** IF above this is not sustainable for a step of any length. */
export const MAX_STEP_IF = 1.6;
/** At least this share of the week's training time easy (COACHING.md: ~80%, 75% tolerated). */
export const MIN_EASY_SHARE = 0.75;
/** Hard sessions a week in any plan (3 for a high-volume athlete, stated). */
export const MAX_HARD_ANY = 3;
/** Tolerance when comparing a stated duration or load with the one from the steps. */
const DURATION_TOLERANCE_MIN = 1;
const LOAD_TOLERANCE = 1;

const SPORTS = new Set(['running', 'cycling', 'swimming', 'strength', 'mobility', 'other']);
const TYPES = new Set(Object.keys(INTENSITY_OF));
const STEP_KINDS = new Set(['warmup', 'work', 'recovery', 'cooldown', 'steady', 'rest']);
const TARGETS = new Set(['power', 'pace', 'heart_rate', 'open']);

type V = PlanViolation;
const v = (path: string, rule: string, message: string): V => ({ path, rule, message });
const isObj = (x: unknown): x is Record<string, unknown> => Boolean(x) && typeof x === 'object' && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Structure of one step or repeat; returns the problems. */
function checkSteps(items: unknown, path: string, out: V[], depth = 0): void {
  if (!Array.isArray(items) || items.length === 0) {
    out.push(v(path, 'steps', 'a session needs at least one step'));
    return;
  }
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) return void out.push(v(p, 'steps', 'is not a step'));
    if (item.kind === 'repeat') {
      if (depth > 0) out.push(v(p, 'steps', 'repeats cannot be nested'));
      if (!Number.isInteger(item.times) || (item.times as number) < 1 || (item.times as number) > 50) out.push(v(`${p}.times`, 'steps', 'must be a whole number from 1 to 50'));
      checkSteps(item.steps, `${p}.steps`, out, depth + 1);
      return;
    }
    if (!STEP_KINDS.has(String(item.kind))) out.push(v(`${p}.kind`, 'steps', `unknown step kind "${String(item.kind)}"`));
    const hasDuration = item.duration_s !== undefined;
    const hasDistance = item.distance_m !== undefined;
    if (hasDuration === hasDistance) out.push(v(p, 'steps', 'needs exactly one of duration_s or distance_m'));
    if (hasDuration && (!isNum(item.duration_s) || item.duration_s <= 0 || item.duration_s > MAX_STEP_MIN * 60)) {
      out.push(v(`${p}.duration_s`, 'steps', `${String(item.duration_s)} s is not a step length (1 s to ${MAX_STEP_MIN} min)`));
    }
    if (hasDistance && (!isNum(item.distance_m) || item.distance_m <= 0 || item.distance_m > 200_000)) out.push(v(`${p}.distance_m`, 'steps', `${String(item.distance_m)} m is not a step distance`));
    if (!isNum(item.intensityFactor) || item.intensityFactor <= 0 || item.intensityFactor > MAX_STEP_IF) out.push(v(`${p}.intensityFactor`, 'steps', `must be a number above 0 and at most ${MAX_STEP_IF}`));
    const t = item.target;
    if (!isObj(t) || !TARGETS.has(String(t.type))) out.push(v(`${p}.target`, 'steps', 'needs a target of type power, pace, heart_rate or open'));
    else if (t.type !== 'open' && (!isNum(t.low) || !isNum(t.high) || t.low <= 0 || t.low > t.high)) out.push(v(`${p}.target`, 'steps', 'needs low <= high, both positive'));
  });
}

/** Checks the shape of a plan document; the rules below only run on a well-formed plan. */
export function structureViolations(doc: unknown): V[] {
  const out: V[] = [];
  if (!isObj(doc)) return [v('', 'structure', 'the plan is not a JSON object')];
  if (doc.schemaVersion !== PLAN_SCHEMA_VERSION) out.push(v('schemaVersion', 'structure', `must be ${PLAN_SCHEMA_VERSION}`));
  if (typeof doc.weekStart !== 'string' || !isValidDate(doc.weekStart)) out.push(v('weekStart', 'dates', `${JSON.stringify(doc.weekStart)} is not a date (YYYY-MM-DD)`));
  if (!Array.isArray(doc.days)) return [...out, v('days', 'structure', 'must be a list of 7 days')];
  if (doc.days.length !== 7) out.push(v('days', 'dates', `holds ${doc.days.length} days, not 7`));
  doc.days.forEach((day, d) => {
    const dp = `days[${d}]`;
    if (!isObj(day)) return void out.push(v(dp, 'structure', 'is not a day'));
    if (typeof day.date !== 'string' || !isValidDate(day.date)) out.push(v(`${dp}.date`, 'dates', `${JSON.stringify(day.date)} is not a date (YYYY-MM-DD)`));
    if (!Array.isArray(day.sessions)) return void out.push(v(`${dp}.sessions`, 'structure', 'must be a list (empty for rest)'));
    day.sessions.forEach((s, i) => {
      const sp = `${dp}.sessions[${i}]`;
      if (!isObj(s)) return void out.push(v(sp, 'structure', 'is not a session'));
      if (!SPORTS.has(String(s.sport))) out.push(v(`${sp}.sport`, 'sports', `unknown sport "${String(s.sport)}"`));
      if (!TYPES.has(String(s.type))) out.push(v(`${sp}.type`, 'structure', `unknown session type "${String(s.type)}"`));
      else if (s.intensity !== INTENSITY_OF[s.type as keyof typeof INTENSITY_OF]) out.push(v(`${sp}.intensity`, 'intensity', `"${String(s.intensity)}" does not match type ${String(s.type)} (${INTENSITY_OF[s.type as keyof typeof INTENSITY_OF]})`));
      if (s.date !== day.date) out.push(v(`${sp}.date`, 'dates', 'differs from its day'));
      if (typeof s.title !== 'string' || !s.title) out.push(v(`${sp}.title`, 'structure', 'is missing'));
      checkSteps(s.steps, `${sp}.steps`, out);
    });
  });
  return out;
}

/** Duration and load as the steps say (stated figures are checked, not trusted). */
function sessionFigures(s: PlannedSession): { minutes: number; load: number; hardMin: number } {
  const t = workoutTotals(s.steps, s.sport);
  return { minutes: t.seconds / 60, load: t.load, hardMin: t.hardSeconds / 60 };
}

/** Every rule a plan must keep. With `ctx`, also the athlete's own limits from the analysis. */
export function validatePlan(doc: unknown, ctx?: PlanContext): V[] {
  const out = structureViolations(doc);
  if (out.length) return out;
  const plan = doc as TrainingPlan;
  const start = ctx?.start ?? plan.weekStart;
  const seen = new Set<string>();
  plan.days.forEach((day, d) => {
    const expected = addDays(start, d);
    if (seen.has(day.date)) out.push(v(`days[${d}].date`, 'dates', `${day.date} appears twice`));
    else if (day.date !== expected) out.push(v(`days[${d}].date`, 'dates', `is ${day.date}, expected ${expected} (7 consecutive days from ${start})`));
    seen.add(day.date);
  });
  if (ctx && plan.weekStart !== ctx.start) out.push(v('weekStart', 'dates', `is ${plan.weekStart}, expected the analysis date ${ctx.start}`));

  // Durations and loads against the steps.
  let totalLoad = 0;
  let trainingMin = 0;
  let hardMin = 0;
  const hardDays: number[] = [];
  const perSport = new Map<string, number>();
  plan.days.forEach((day, d) => {
    day.sessions.forEach((s, i) => {
      const sp = `days[${d}].sessions[${i}]`;
      const f = sessionFigures(s);
      totalLoad += f.load;
      if (Math.abs(f.minutes - s.duration_min) > DURATION_TOLERANCE_MIN) out.push(v(`${sp}.duration_min`, 'durations', `says ${s.duration_min} min, the steps add up to ${Math.round(f.minutes)} min`));
      if (!isNum(s.plannedLoad) || Math.abs(f.load - s.plannedLoad) > LOAD_TOLERANCE) out.push(v(`${sp}.plannedLoad`, 'load', `says ${String(s.plannedLoad)}, the steps give ${round1(f.load)}`));
      if (s.type !== 'race' && f.minutes > MAX_SESSION_MIN) out.push(v(sp, 'durations', `${Math.round(f.minutes)} min is longer than any training session (${MAX_SESSION_MIN} min)`));
      // Intensity vs steps: a hard session has hard work; an easy one has none.
      if (isHardType(s.type) && s.type !== 'race' && f.hardMin < 5) out.push(v(sp, 'intensity', `a ${s.type} session with ${Math.round(f.hardMin)} min of hard work`));
      if (!isHardType(s.type) && s.type !== 'opener' && s.type !== 'tempo' && f.hardMin > 0) out.push(v(sp, 'intensity', `an ${s.intensity} ${s.type} session with ${Math.round(f.hardMin)} min above threshold`));
      if (s.type === 'race') return;
      trainingMin += f.minutes;
      hardMin += f.hardMin;
      if (s.sport !== 'strength' && s.sport !== 'mobility') perSport.set(s.sport, (perSport.get(s.sport) ?? 0) + f.minutes);
    });
    if (day.sessions.some((s) => isHardType(s.type) && s.type !== 'race')) hardDays.push(d);
  });
  if (Math.abs(totalLoad - plan.totalPlannedLoad) > LOAD_TOLERANCE) out.push(v('totalPlannedLoad', 'load', `says ${plan.totalPlannedLoad}, the sessions give ${round1(totalLoad)}`));

  // Intensity: limited hard sessions, never on consecutive days, mostly easy.
  const maxHard = ctx?.maxHard ?? MAX_HARD_ANY;
  if (hardDays.length > maxHard) out.push(v('days', 'hard_sessions', `${hardDays.length} days with hard sessions, at most ${maxHard}${ctx?.highVolume ? '' : ctx ? ' (3 only for a high-volume athlete)' : ''}`));
  const hardSessions = plan.days.flatMap((d) => d.sessions).filter((s) => isHardType(s.type) && s.type !== 'race').length;
  if (hardSessions > hardDays.length) out.push(v('days', 'hard_sessions', 'two hard sessions on one day'));
  for (let i = 1; i < hardDays.length; i++) {
    if (hardDays[i]! - hardDays[i - 1]! === 1) out.push(v(`days[${hardDays[i]}]`, 'hard_consecutive', `hard sessions on consecutive days (${plan.days[hardDays[i - 1]!]!.date} and ${plan.days[hardDays[i]!]!.date})`));
  }
  // Long sessions: never on consecutive days (plan-context.ts, NO_CONSECUTIVE_LONG_RULE).
  const longDays = plan.days.map((d, i) => (d.sessions.some((s) => s.type === 'long') ? i : -1)).filter((i) => i >= 0);
  for (let i = 1; i < longDays.length; i++) {
    if (longDays[i]! - longDays[i - 1]! === 1) out.push(v(`days[${longDays[i]}]`, 'long_consecutive', `long sessions on consecutive days (${plan.days[longDays[i - 1]!]!.date} and ${plan.days[longDays[i]!]!.date}): ${NO_CONSECUTIVE_LONG_RULE}`));
  }
  if (trainingMin > 0 && hardMin / trainingMin > 1 - MIN_EASY_SHARE) out.push(v('days', 'easy_share', `${Math.round((1 - hardMin / trainingMin) * 100)}% of the time easy, at least ${MIN_EASY_SHARE * 100}% needed`));

  if (ctx) contextViolations(plan, ctx, perSport, out);
  return out;
}

function contextViolations(plan: TrainingPlan, ctx: PlanContext, perSport: Map<string, number>, out: V[]): void {
  const sessions = plan.days.flatMap((d, di) => d.sessions.map((s, si) => ({ s, path: `days[${di}].sessions[${si}]`, day: d })));
  for (const { s, path } of sessions) {
    if (s.type === 'race') continue;
    if (!ctx.sports.includes(s.sport)) out.push(v(`${path}.sport`, 'sports', `${s.sport} is not one of the athlete's sports (${ctx.sports.join(', ')})`));
    const avoid = ctx.constraints.avoid.find((a) => a.sport === s.sport);
    if (avoid) out.push(v(`${path}.sport`, 'athlete', `no ${s.sport} this week: ${avoid.reason}`));
    if (ctx.constraints.noHard && isHardType(s.type)) out.push(v(path, 'athlete', `no hard session this week: ${ctx.constraints.noHard}`));
    const longest = ctx.longLimit[s.sport];
    if (longest !== undefined && s.duration_min > longest + DURATION_TOLERANCE_MIN) out.push(v(`${path}.duration_min`, 'longest', `${s.duration_min} min ${s.sport}, longest allowed ${longest} min (max of x1.15 and +15 min over your longest in 4 weeks)`));
    const dayIndex = daysBetween(ctx.start, s.date);
    if (ctx.gate.gated && dayIndex >= 0 && dayIndex < ctx.gate.days && (isHardType(s.type) || s.type === 'long')) out.push(v(path, 'recovery_gate', `${s.type} session inside the recovery gate (${ctx.gate.reasons.join(', ')})`));
  }
  for (const [sport, minutes] of perSport) {
    const limit = ctx.weekLimit[sport as keyof typeof ctx.weekLimit];
    if (limit !== undefined && minutes > limit + DURATION_TOLERANCE_MIN) out.push(v('days', 'volume', `${Math.round(minutes)} min of ${sport}, at most ${limit} min (1.2x your 4-week mean)`));
  }
  for (const r of ctx.races) {
    const i = daysBetween(ctx.start, r.race.date);
    if (i < 0 || i > 6) continue;
    if (!plan.days[i]!.sessions.some((s) => s.type === 'race')) out.push(v(`days[${i}]`, 'races', `${r.race.name} is on ${r.race.date} but the day holds no race`));
    const before = r.race.priority === 'C' ? 1 : NO_HARD_BEFORE_RACE_DAYS;
    for (let d = 1; d <= before; d++) {
      const day = plan.days[i - d];
      if (day?.sessions.some((s) => isHardType(s.type) || s.type === 'long')) out.push(v(`days[${i - d}]`, 'races', `hard or long session ${d} day${d > 1 ? 's' : ''} before ${r.race.name}`));
    }
  }
  const av = ctx.availability;
  if (av) {
    plan.days.forEach((day, d) => {
      const wd = weekdayOf(day.date);
      const training = day.sessions.filter((s) => s.type !== 'race');
      if (av.restDays.includes(wd) && training.length) out.push(v(`days[${d}]`, 'availability', `${wd} is a fixed rest day`));
      const limit = av.minutes[wd];
      const minutes = training.reduce((sum, s) => sum + s.duration_min, 0);
      if (limit !== undefined && minutes > limit + DURATION_TOLERANCE_MIN) out.push(v(`days[${d}]`, 'availability', `${minutes} min planned, ${limit} min available on ${wd}`));
      const endurance = training.filter((s) => s.sport !== 'strength' && s.sport !== 'mobility');
      if (!av.twoADay && endurance.length > 1) out.push(v(`days[${d}]`, 'availability', 'two sessions in one day, not allowed by your availability'));
    });
  }
}

/** The violations in one line each: "days[2].sessions[0].duration_min: says 90 min, ..." */
export function violationLines(violations: readonly PlanViolation[]): string[] {
  return violations.map((x) => `${x.path ? `${x.path}: ` : ''}${x.message} [${x.rule}]`);
}

/** Hard work of a session in minutes, for reports (steps at or above HARD_IF). */
export const hardMinutes = (s: PlannedSession) => Math.round(flatSteps(s.steps).reduce((m, st) => m + (st.intensityFactor >= HARD_IF ? (st.duration_s ?? 0) / 60 : 0), 0));
