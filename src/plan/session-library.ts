import { type AthleteZones, LEVELS, type Level, targetFor } from './athlete-targets.js';
import { withComputedTotals } from './plan-math.js';
import type { PlannedSession, PlanSport, SessionIntensity, SessionType, WorkoutItem, WorkoutStep } from './plan.types.js';

/**
 * The session library: each session type as warm-up, work (with repeats) and cool-down
 * steps with targets in the athlete's zones. Durations and loads are always computed from
 * the steps (plan-math.ts), so what a session says it is and what it is cannot differ.
 */

/** Threshold work per session, minutes: 20-40 (e.g. 4 x 5 min up to 4 x 10 min). */
export const THRESHOLD_WORK_MIN = 20;
export const THRESHOLD_WORK_MAX = 40;
/** VO2max work per session, minutes: 12-20 (e.g. 4-6 x 3 min). */
export const VO2_WORK_MIN = 12;
export const VO2_WORK_MAX = 20;
/** Warm-up and cool-down around quality work, minutes. */
export const QUALITY_WARMUP_MIN = 15;
export const QUALITY_COOLDOWN_MIN = 10;
/** The shortest endurance session worth its warm-up, minutes. */
export const MIN_SESSION_MIN = 20;

export const INTENSITY_OF: Record<SessionType, SessionIntensity> = {
  recovery: 'easy',
  easy: 'easy',
  endurance: 'easy',
  long: 'long',
  tempo: 'moderate',
  threshold: 'hard',
  vo2max: 'hard',
  race_pace: 'hard',
  opener: 'easy',
  race: 'race',
  strength: 'easy',
  mobility: 'easy',
};

/** Hard and long sessions and races count against the week's limits of key sessions. */
export const isKeyType = (type: SessionType) => ['threshold', 'vo2max', 'race_pace', 'long', 'race'].includes(type);
export const isHardType = (type: SessionType) => INTENSITY_OF[type] === 'hard' || type === 'race';

const NOUN: Record<string, string> = { running: 'run', cycling: 'ride', swimming: 'swim', strength: 'strength', mobility: 'mobility', other: 'session' };
export const sportNoun = (sport: PlanSport) => NOUN[sport] ?? 'session';

export interface SessionContext {
  date: string;
  index: number;
  sport: PlanSport;
  zones: AthleteZones;
}

function step(ctx: SessionContext, kind: WorkoutStep['kind'], minutes: number, level: Level, note?: string): WorkoutStep {
  const { target } = targetFor(level, ctx.sport, ctx.zones);
  return { kind, duration_s: Math.round(minutes * 60), target, intensityFactor: LEVELS[level].intensityFactor, ...(note ? { note } : {}) };
}

function session(ctx: SessionContext, type: SessionType, title: string, purpose: string, description: string, steps: WorkoutItem[], extra: Partial<PlannedSession> = {}): PlannedSession {
  const level: Level = type === 'threshold' ? 'threshold' : type === 'vo2max' ? 'vo2max' : 'easy';
  const source = targetFor(level, ctx.sport, ctx.zones).source;
  return withComputedTotals({
    id: `${ctx.date}-${ctx.index}`,
    date: ctx.date,
    sport: ctx.sport,
    type,
    intensity: INTENSITY_OF[type],
    title,
    duration_min: 0,
    plannedLoad: 0,
    key: isKeyType(type),
    purpose,
    description,
    ...(source ? { targetSource: source } : {}),
    steps,
    ...extra,
  });
}

const roundTo5 = (m: number) => Math.max(5, Math.round(m / 5) * 5);

/** Easy aerobic session: a short easy start, the body steady in zone 2, an easy finish. */
export function easySession(ctx: SessionContext, minutes: number, type: 'easy' | 'endurance' | 'recovery' = 'easy'): PlannedSession {
  const total = Math.max(MIN_SESSION_MIN, Math.round(minutes));
  const level: Level = type === 'recovery' ? 'recovery' : 'easy';
  const steps: WorkoutItem[] = total >= 30
    ? [step(ctx, 'warmup', 5, 'recovery'), step(ctx, 'steady', total - 10, level), step(ctx, 'cooldown', 5, 'recovery')]
    : [step(ctx, 'steady', total, level)];
  const noun = sportNoun(ctx.sport);
  const word = type === 'recovery' ? 'Recovery' : type === 'endurance' ? 'Endurance' : 'Easy';
  return session(ctx, type, `${word} ${noun} ${total} min`, type === 'recovery' ? 'Recover: blood flow without fatigue.' : 'Aerobic volume at low cost: most of the week is easy.', 'Conversational effort, below the first threshold.', steps);
}

/** The long session: mostly easy, steady, the week's longest. */
export function longSession(ctx: SessionContext, minutes: number): PlannedSession {
  const total = Math.max(MIN_SESSION_MIN, Math.round(minutes));
  const steps: WorkoutItem[] = [step(ctx, 'warmup', 10, 'recovery'), step(ctx, 'steady', Math.max(5, total - 15), 'easy'), step(ctx, 'cooldown', 5, 'recovery')];
  return session(ctx, 'long', `Long ${sportNoun(ctx.sport)} ${total} min`, 'Endurance: the week\'s longest session, grown a little from your recent longest.', 'Steady and easy; fuel and drink as on race day.', steps);
}

/** Reps for threshold work of `work` minutes: 5-min reps up to 25 min, then 8- or 10-min reps. */
function thresholdReps(work: number): { reps: number; repMin: number; restMin: number } {
  if (work <= 25) return { reps: Math.max(3, Math.round(work / 5)), repMin: 5, restMin: 2 };
  if (work <= 32) return { reps: Math.round(work / 8), repMin: 8, restMin: 2 };
  return { reps: Math.round(work / 10), repMin: 10, restMin: 3 };
}

/** Threshold intervals: `workMin` minutes at threshold in reps with short easy recoveries. */
export function thresholdSession(ctx: SessionContext, workMin: number, easyExtraMin = 0): PlannedSession {
  const work = Math.min(THRESHOLD_WORK_MAX, Math.max(THRESHOLD_WORK_MIN, workMin));
  const { reps, repMin, restMin } = thresholdReps(work);
  const steps: WorkoutItem[] = [
    step(ctx, 'warmup', QUALITY_WARMUP_MIN + easyExtraMin, 'easy'),
    { kind: 'repeat', times: reps, steps: [step(ctx, 'work', repMin, 'threshold'), step(ctx, 'recovery', restMin, 'recovery')] },
    step(ctx, 'cooldown', QUALITY_COOLDOWN_MIN, 'recovery'),
  ];
  return session(ctx, 'threshold', `Threshold ${sportNoun(ctx.sport)} ${reps} x ${repMin} min`, `Raise the threshold: ${reps * repMin} min at threshold, sized from your recent work.`, 'Comfortably hard, even reps; easy jog or spin between.', steps);
}

/** VO2max intervals: 3-min reps with equal recoveries, 12-20 min of work. */
export function vo2Session(ctx: SessionContext, workMin: number): PlannedSession {
  const work = Math.min(VO2_WORK_MAX, Math.max(VO2_WORK_MIN, workMin));
  const reps = Math.round(work / 3);
  const steps: WorkoutItem[] = [
    step(ctx, 'warmup', QUALITY_WARMUP_MIN, 'easy'),
    { kind: 'repeat', times: reps, steps: [step(ctx, 'work', 3, 'vo2max'), step(ctx, 'recovery', 3, 'recovery')] },
    step(ctx, 'cooldown', QUALITY_COOLDOWN_MIN, 'recovery'),
  ];
  return session(ctx, 'vo2max', `VO2max ${sportNoun(ctx.sport)} ${reps} x 3 min`, 'Top-end aerobic power: short hard reps, full recoveries.', 'Hard but controlled; the last rep as fast as the first.', steps);
}

/** Tempo: a steady block in zone 3, for taper weeks and athletes easing back into intensity. */
export function tempoSession(ctx: SessionContext, workMin: number): PlannedSession {
  const work = roundTo5(Math.min(30, Math.max(10, workMin)));
  const steps: WorkoutItem[] = [step(ctx, 'warmup', QUALITY_WARMUP_MIN, 'easy'), step(ctx, 'work', work, 'tempo'), step(ctx, 'cooldown', QUALITY_COOLDOWN_MIN, 'recovery')];
  return session(ctx, 'tempo', `Tempo ${sportNoun(ctx.sport)} ${work} min`, 'Steady strength at an effort you can hold for an hour or more.', 'Steady, comfortably hard, controlled breathing.', steps);
}

/** Opener 1-2 days before a race: a few short race-pace efforts, fresh legs. */
export function openerSession(ctx: SessionContext): PlannedSession {
  const steps: WorkoutItem[] = [
    step(ctx, 'warmup', 15, 'easy'),
    { kind: 'repeat', times: 4, steps: [step(ctx, 'work', 1, 'race', 'race pace, relaxed'), step(ctx, 'recovery', 2, 'recovery')] },
    step(ctx, 'cooldown', 5, 'recovery'),
  ];
  return session(ctx, 'opener', `Opener ${sportNoun(ctx.sport)} 4 x 1 min`, 'Wake the legs up for the race without tiring them.', 'Short efforts at race pace, long easy recoveries.', steps);
}

/** IF a race is run at, by its expected duration (shorter races are run harder). */
export function raceIntensityFactor(minutes: number): number {
  if (minutes <= 30) return 1.05;
  if (minutes <= 75) return 0.98;
  if (minutes <= 150) return 0.9;
  if (minutes <= 240) return 0.83;
  return 0.75;
}

export function raceSession(ctx: SessionContext, race: { id: string; name: string; priority: string; targetTime: string | null }, minutes: number): PlannedSession {
  const { target } = targetFor('race', ctx.sport, ctx.zones);
  const steps: WorkoutItem[] = [{ kind: 'steady', duration_s: Math.round(minutes * 60), target, intensityFactor: raceIntensityFactor(minutes), note: race.targetTime ? `target ${race.targetTime}` : 'race' }];
  return session(ctx, 'race', `Race: ${race.name}`, `${race.priority} race${race.targetTime ? `, target ${race.targetTime}` : ''}.`, 'Race day: warm up as in the opener, pace the first third with restraint.', steps, { raceId: race.id });
}

export function strengthSession(ctx: SessionContext, minutes = 30): PlannedSession {
  const steps: WorkoutItem[] = [{ kind: 'steady', duration_s: minutes * 60, target: { type: 'open' }, intensityFactor: 0.55, note: 'squats, lunges, calf raises, core; 2-3 sets' }];
  return session({ ...ctx, sport: 'strength' }, 'strength', `Strength ${minutes} min`, 'Strength for resilience: fewer injuries, better economy.', 'Moderate weights, good form, stop 2-3 reps short of failure.', steps);
}

export function mobilitySession(ctx: SessionContext, minutes = 20): PlannedSession {
  const steps: WorkoutItem[] = [{ kind: 'steady', duration_s: minutes * 60, target: { type: 'open' }, intensityFactor: 0.4, note: 'hips, calves, thoracic spine' }];
  return session({ ...ctx, sport: 'mobility' }, 'mobility', `Mobility ${minutes} min`, 'Range of motion and easy movement on a light day.', 'Gentle, no pain.', steps);
}
