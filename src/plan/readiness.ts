import type { Facts, WellnessPoint } from '../analytics/facts.types.js';
import type { PlannedSession, StepTarget, WorkoutItem, WorkoutStep } from './plan.types.js';
import { ACWR_GATE, POOR_SLEEP_SCORE, TSB_GATE } from './recovery-gate.js';
import { flatSteps, withComputedTotals } from './plan-math.js';

/**
 * The morning gate: is the athlete ready for today's session? A pure verdict from last
 * night's HRV, resting HR and sleep against the athlete's own baselines (the facts), and the
 * training load's form and acute:chronic ratio (COACHING.md, Recovery). The plan's recovery
 * gate (recovery-gate.ts) looks at 7-day averages to shape the week; this looks at one night
 * to decide one day, with the same limits for form, load ratio and sleep score.
 *
 * green: nothing off. amber: one signal off (do the session, keep an eye on it). red: a
 * strong signal, or two or more off at once: replace a hard or long session with an easy one.
 */

export type ReadinessLevel = 'green' | 'amber' | 'red';

export interface ReadinessSignal {
  name: 'hrv' | 'resting_hr' | 'sleep' | 'form' | 'acwr';
  level: ReadinessLevel;
  reason: string;
}

export interface ReadinessVerdict {
  date: string;
  verdict: ReadinessLevel;
  /** Why, one sentence per signal that is off (empty when green with data). */
  reasons: string[];
  signals: ReadinessSignal[];
  /** What the verdict could not look at ("no HRV last night"). */
  missing: string[];
}

/** Resting HR 5 bpm over its baseline is the change worth noting (Buchheit 2014); 10 bpm is a clear warning. */
export const RHR_AMBER_BPM = 5;
export const RHR_RED_BPM = 10;
/** Under 6 h is short sleep for an adult athlete; under 5 h impairs next-day performance (Fullagar 2015). */
export const SLEEP_AMBER_S = 6 * 3600;
export const SLEEP_RED_S = 5 * 3600;
/** Poor sleep score, very negative form and a steep acute:chronic ratio: the weekly recovery gate's limits. */
export const SLEEP_SCORE_AMBER = POOR_SLEEP_SCORE;
export const TSB_AMBER = TSB_GATE;
export const ACWR_AMBER = ACWR_GATE;
/** 7-day HRV below its band for this many days is sustained suppression (Plews 2012): red. */
export const HRV_SUSTAINED_DAYS = 3;
/** Two or more amber signals at once make red. */
export const AMBER_SIGNALS_FOR_RED = 2;

const hours = (s: number) => `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;

/** Last night's point: the day's own row (Garmin files a night under the morning's date). */
function lastNight(series: WellnessPoint[], date: string): WellnessPoint | undefined {
  return series.find((p) => p.date === date);
}

export function readinessVerdict(facts: Facts, date: string = facts.today): ReadinessVerdict {
  const signals: ReadinessSignal[] = [];
  const missing: string[] = [];
  const night = lastNight(facts.wellness.series, date);
  const { hrv, restingHr } = facts.wellness;

  if (night?.hrv_ms && hrv.baselineLow !== null && hrv.baselineHigh !== null) {
    const band = `${Math.round(Math.exp(hrv.baselineLow))}-${Math.round(Math.exp(hrv.baselineHigh))} ms`;
    const sustained = hrv.status === 'below' && hrv.daysOutsideBand >= HRV_SUSTAINED_DAYS;
    if (sustained) {
      signals.push({ name: 'hrv', level: 'red', reason: `HRV 7-day average below your normal range (${band}) for ${hrv.daysOutsideBand} days; last night ${night.hrv_ms} ms` });
    } else if (Math.log(night.hrv_ms) < hrv.baselineLow) {
      signals.push({ name: 'hrv', level: 'amber', reason: `HRV last night ${night.hrv_ms} ms, below your normal range (${band})` });
    }
  } else {
    missing.push(night?.hrv_ms ? 'no HRV baseline yet (14 nights needed)' : 'no HRV last night');
  }

  if (night?.restingHr_bpm && restingHr.baseline60d_bpm !== null) {
    const over = night.restingHr_bpm - restingHr.baseline60d_bpm;
    const level: ReadinessLevel | null = over >= RHR_RED_BPM ? 'red' : over >= RHR_AMBER_BPM ? 'amber' : null;
    if (level) {
      signals.push({ name: 'resting_hr', level, reason: `resting HR ${Math.round(night.restingHr_bpm)} bpm, ${Math.round(over)} above your 60-day baseline of ${Math.round(restingHr.baseline60d_bpm)}` });
    }
  } else {
    missing.push(night?.restingHr_bpm ? 'no resting HR baseline yet' : 'no resting HR last night');
  }

  if (night?.sleep_s) {
    if (night.sleep_s < SLEEP_AMBER_S) {
      signals.push({ name: 'sleep', level: night.sleep_s < SLEEP_RED_S ? 'red' : 'amber', reason: `slept ${hours(night.sleep_s)} last night` });
    } else if (night.sleepScore !== null && night.sleepScore < SLEEP_SCORE_AMBER) {
      signals.push({ name: 'sleep', level: 'amber', reason: `sleep score ${night.sleepScore} last night (poor)` });
    }
  } else {
    missing.push('no sleep recorded last night');
  }

  const { tsb, acwrRolling, acwrEwma } = facts.load.current;
  if (tsb < TSB_AMBER) signals.push({ name: 'form', level: 'amber', reason: `form (TSB) ${Math.round(tsb)}, below ${TSB_AMBER}` });
  const acwr = acwrRolling ?? acwrEwma;
  if (acwr !== null && acwr > ACWR_AMBER) signals.push({ name: 'acwr', level: 'amber', reason: `acute:chronic load ratio ${acwr.toFixed(2)}, above ${ACWR_AMBER}` });

  const ambers = signals.filter((s) => s.level === 'amber').length;
  const verdict: ReadinessLevel = signals.some((s) => s.level === 'red') || ambers >= AMBER_SIGNALS_FOR_RED ? 'red' : ambers > 0 ? 'amber' : 'green';
  return { date, verdict, reasons: signals.map((s) => s.reason), signals, missing };
}

/** A red morning keeps at most this much of the session, as an easy one (COACHING.md: less volume). */
export const EASY_REPLACEMENT_MAX_MIN = 40;
export const EASY_REPLACEMENT_SHARE = 0.6;
/** Recovery intensity: IF about 0.55 (Coggan's active recovery, Z1). */
export const EASY_REPLACEMENT_IF = 0.55;

/** The lowest target the session itself uses (its warm-up's, usually): easy in the athlete's zones. */
function easiestTarget(items: WorkoutItem[]): StepTarget {
  const steps = flatSteps(items).filter((s) => s.target.type !== 'open');
  if (steps.length === 0) return { type: 'open' };
  return steps.reduce((a, b) => (b.intensityFactor < a.intensityFactor ? b : a)).target;
}

/**
 * The easier session that replaces a session on a red morning: the same sport, recovery,
 * at most 40 min or 60% of the planned time, at the session's own easiest target. Strength
 * and mobility become mobility; a race stays (the athlete decides).
 */
export function easierSession(session: PlannedSession): PlannedSession | null {
  if (session.type === 'race') return null;
  const minutes = Math.max(15, Math.min(EASY_REPLACEMENT_MAX_MIN, Math.round(session.duration_min * EASY_REPLACEMENT_SHARE)));
  const toMobility = session.sport === 'strength' || session.sport === 'mobility';
  const step: WorkoutStep = {
    kind: 'steady',
    duration_s: minutes * 60,
    target: toMobility ? { type: 'open' } : easiestTarget(session.steps ?? []),
    intensityFactor: EASY_REPLACEMENT_IF,
    note: toMobility ? 'easy mobility and stretching' : 'easy, conversational; stop if it feels hard',
  };
  const easy: PlannedSession = {
    ...session,
    id: `${session.id}-easy`,
    sport: toMobility ? 'mobility' : session.sport,
    type: toMobility ? 'mobility' : 'recovery',
    intensity: 'easy',
    key: false,
    title: toMobility ? `Mobility ${minutes} min (instead of: ${session.title})` : `Easy ${minutes} min (instead of: ${session.title})`,
    purpose: 'Recovery: the body is not ready for the planned session today.',
    description: `Replaces "${session.title}" after a red readiness check.`,
    steps: [step],
  };
  return withComputedTotals(easy);
}
