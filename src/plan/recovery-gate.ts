import type { Facts } from '../analytics/facts.types.js';

/**
 * The recovery gate (COACHING.md, Recovery): when the body says it has not absorbed the
 * training, no hard or long session for 2-3 days and less volume, and the plan says why.
 * A pure function of a few numbers so `coach today` and Garmin readiness can call it too.
 */

/** Form (TSB) below this is very negative: too much fatigue for quality work. */
export const TSB_GATE = -30;
/** Acute:chronic ratio above this: load rose faster than fitness can follow. */
export const ACWR_GATE = 1.5;
/** Average sleep below this over 7 days is short sleep (hours x 3600). */
export const SHORT_SLEEP_S = 6.5 * 3600;
/** Garmin sleep score below this is poor sleep. */
export const POOR_SLEEP_SCORE = 60;
/** Garmin training readiness below this (0-100) is low readiness. */
export const LOW_READINESS = 33;
/** Garmin body battery at wake-up below this (0-100) is a flat battery. */
export const LOW_BODY_BATTERY = 25;
/**
 * Garmin training status words that say the load is not being absorbed: overreaching (load
 * far above what fitness carries), unproductive (fitness falling under a normal load: poor
 * recovery) and strained (HRV-based: recovery is hampered). Productive, maintaining, peaking,
 * recovery and detraining say nothing against hard work.
 */
export const GARMIN_STATUS_GATE = ['OVERREACHING', 'UNPRODUCTIVE', 'STRAINED'] as const;
/** Days without hard or long sessions: 2 for one signal, 3 for two or more. */
export const GATE_DAYS_ONE_SIGNAL = 2;
export const GATE_DAYS_MORE_SIGNALS = 3;
/** Week volume when gated: 85% for one signal, 70% for two or more. */
export const GATE_VOLUME_ONE_SIGNAL = 0.85;
export const GATE_VOLUME_MORE_SIGNALS = 0.7;

export interface RecoveryInput {
  hrvStatus: 'within' | 'below' | 'above' | 'insufficient';
  restingHrStatus: 'within' | 'below' | 'above' | 'insufficient';
  sleepAvg7d_s: number | null;
  sleepScore7d: number | null;
  tsb: number | null;
  acwr: number | null;
  /** Garmin's training readiness (0-100), when the watch records it. */
  trainingReadiness?: number | null;
  /** Garmin's body battery at wake-up (0-100), when the watch records it. */
  bodyBattery?: number | null;
  /** Garmin's training status word of today or yesterday (OVERREACHING, PRODUCTIVE, ...). */
  garminTrainingStatus?: string | null;
}

export interface RecoveryGate {
  gated: boolean;
  /** Each signal that closed the gate, in words. */
  reasons: string[];
  /** Days from the first plan day with no hard or long session (0 when open). */
  days: number;
  /** Multiplier on the first week's volume (1 when open). */
  volumeFactor: number;
}

export function recoveryInputOf(facts: Facts): RecoveryInput {
  const w = facts.wellness;
  const c = facts.load.current;
  return {
    hrvStatus: w.hrv.status,
    restingHrStatus: w.restingHr.status,
    sleepAvg7d_s: w.sleep.avg7d_s,
    sleepScore7d: w.sleep.avgScore7d,
    tsb: c.tsb,
    acwr: c.acwrEwma ?? c.acwrRolling,
    // Garmin's figures count only when fresh: readiness of today or yesterday, the body battery
    // of today (its daily high is the wake-up value).
    trainingReadiness: freshGarmin(w.garmin?.trainingReadiness, facts.today, 1),
    bodyBattery: freshGarmin(w.garmin?.bodyBatteryHigh, facts.today, 0),
    garminTrainingStatus: freshGarminStatus(w.garmin?.trainingStatus, facts.today),
  };
}

function freshGarmin(figure: { latest: number; latestDate: string } | null | undefined, today: string, maxAgeDays: number): number | null {
  if (!figure) return null;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${figure.latestDate}T00:00:00Z`)) / 86_400_000;
  return age >= 0 && age <= maxAgeDays ? figure.latest : null;
}

function freshGarminStatus(status: { date: string; status: string | null } | null | undefined, today: string): string | null {
  if (!status?.status) return null;
  return freshGarmin({ latest: 0, latestDate: status.date }, today, 1) === null ? null : status.status;
}

export function recoveryGate(input: RecoveryInput): RecoveryGate {
  const reasons: string[] = [];
  if (input.hrvStatus === 'below') reasons.push('HRV below your normal band');
  if (input.restingHrStatus === 'above') reasons.push('resting HR above your baseline');
  if (input.sleepAvg7d_s !== null && input.sleepAvg7d_s < SHORT_SLEEP_S) reasons.push(`short sleep (${(input.sleepAvg7d_s / 3600).toFixed(1)} h a night over 7 days)`);
  else if (input.sleepScore7d !== null && input.sleepScore7d < POOR_SLEEP_SCORE) reasons.push(`poor sleep (score ${Math.round(input.sleepScore7d)})`);
  if (input.tsb !== null && input.tsb < TSB_GATE) reasons.push(`form (TSB) ${input.tsb.toFixed(0)} below ${TSB_GATE}`);
  if (input.acwr !== null && input.acwr > ACWR_GATE) reasons.push(`acute:chronic load ${input.acwr.toFixed(2)} above ${ACWR_GATE}`);
  if (input.trainingReadiness != null && input.trainingReadiness < LOW_READINESS) reasons.push(`Garmin training readiness ${Math.round(input.trainingReadiness)} (low)`);
  if (input.bodyBattery != null && input.bodyBattery < LOW_BODY_BATTERY) reasons.push(`body battery ${Math.round(input.bodyBattery)} at wake-up`);
  const garminStatus = input.garminTrainingStatus?.toUpperCase();
  if (garminStatus && (GARMIN_STATUS_GATE as readonly string[]).includes(garminStatus)) reasons.push(`Garmin training status ${garminStatus.toLowerCase()}`);
  if (reasons.length === 0) return { gated: false, reasons, days: 0, volumeFactor: 1 };
  const more = reasons.length >= 2;
  return {
    gated: true,
    reasons,
    days: more ? GATE_DAYS_MORE_SIGNALS : GATE_DAYS_ONE_SIGNAL,
    volumeFactor: more ? GATE_VOLUME_MORE_SIGNALS : GATE_VOLUME_ONE_SIGNAL,
  };
}
