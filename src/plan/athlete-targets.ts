import type { Facts } from '../analytics/facts.types.js';
import { paceLabel } from '../analytics/thresholds.js';
import type { PlanSport, StepTarget } from './plan.types.js';

/**
 * Step targets in the athlete's own zones: cycling power from FTP (Coggan's zones), running
 * pace from threshold pace (Daniels' easy / marathon / threshold / interval bands as shares
 * of threshold speed), swimming pace from CSS, else heart rate as shares of threshold HR
 * (Friel). Each level also has the IF the load math uses, so a step's load does not depend
 * on which metric happens to be known.
 */
export type Level = 'recovery' | 'easy' | 'tempo' | 'threshold' | 'vo2max' | 'race';

interface LevelSpec {
  /** Intensity factor for the load math (fraction of threshold). */
  intensityFactor: number;
  /** Power as a share of FTP (Coggan zones 1-5). */
  power: [number, number];
  /** Speed as a share of threshold speed (pace = threshold pace / share). */
  speed: [number, number];
  /** Heart rate as a share of threshold HR (Friel zones). */
  hr: [number, number];
  zone: string;
}

export const LEVELS: Record<Level, LevelSpec> = {
  recovery: { intensityFactor: 0.6, power: [0.45, 0.55], speed: [0.7, 0.78], hr: [0.75, 0.84], zone: 'Z1' },
  easy: { intensityFactor: 0.7, power: [0.56, 0.75], speed: [0.75, 0.84], hr: [0.82, 0.89], zone: 'Z2' },
  tempo: { intensityFactor: 0.85, power: [0.76, 0.9], speed: [0.86, 0.92], hr: [0.9, 0.94], zone: 'Z3' },
  threshold: { intensityFactor: 0.98, power: [0.95, 1.05], speed: [0.97, 1.02], hr: [0.95, 1.0], zone: 'Z4' },
  vo2max: { intensityFactor: 1.1, power: [1.06, 1.2], speed: [1.05, 1.12], hr: [1.0, 1.06], zone: 'Z5' },
  race: { intensityFactor: 0.9, power: [0.85, 0.95], speed: [0.88, 0.95], hr: [0.92, 0.98], zone: 'race' },
};

/** The thresholds a plan's targets come from, resolved once per plan. */
export interface AthleteZones {
  ftp_w: number | null;
  thresholdPaceSecPerKm: number | null;
  cssSecPer100m: number | null;
  thresholdHrBySport: Partial<Record<PlanSport, number>>;
  thresholdHr_bpm: number | null;
  /** Where each came from, for the plan's words ("FTP 250 W from your zones"). */
  sources: Partial<Record<'ftp' | 'pace' | 'css' | 'hr', string>>;
}

const sourceWord = (source: string) => (source === 'zones' ? 'your zones' : source === 'estimated' ? 'estimated from your efforts' : 'a default');

export function athleteZones(facts: Facts): AthleteZones {
  const t = facts.thresholds;
  const usable = (th: { value: number | null; source: string }) => (th.value !== null && th.value > 0 && th.source !== 'default' && th.source !== 'none' ? th.value : null);
  const hrBy: Partial<Record<PlanSport, number>> = {};
  for (const [sport, th] of Object.entries(t.thresholdHrBySport_bpm)) {
    if (th && th.value) hrBy[sport as PlanSport] = th.value;
  }
  const zones: AthleteZones = {
    ftp_w: usable(t.ftp_w),
    thresholdPaceSecPerKm: usable(t.thresholdPaceSecPerKm),
    cssSecPer100m: usable(t.swimCssSecPer100m),
    thresholdHrBySport: hrBy,
    thresholdHr_bpm: t.thresholdHr_bpm.value,
    sources: {},
  };
  if (zones.ftp_w) zones.sources.ftp = `FTP ${Math.round(zones.ftp_w)} W (${sourceWord(t.ftp_w.source)})`;
  if (zones.thresholdPaceSecPerKm) zones.sources.pace = `threshold pace ${paceLabel(zones.thresholdPaceSecPerKm)} (${sourceWord(t.thresholdPaceSecPerKm.source)})`;
  if (zones.cssSecPer100m) zones.sources.css = `CSS ${paceLabel(zones.cssSecPer100m, '/100m')} (${sourceWord(t.swimCssSecPer100m.source)})`;
  if (zones.thresholdHr_bpm) zones.sources.hr = `threshold HR ${Math.round(zones.thresholdHr_bpm)} bpm (${t.thresholdHr_bpm.rough ? 'rough: 89% of max HR' : sourceWord(t.thresholdHr_bpm.source)})`;
  return zones;
}

export interface ResolvedTarget {
  target: StepTarget;
  /** Which threshold the target came from, in words; null for an open target. */
  source: string | null;
}

/** The target of a step at `level` in `sport`, from the best threshold the athlete has. */
export function targetFor(level: Level, sport: PlanSport, zones: AthleteZones): ResolvedTarget {
  const spec = LEVELS[level];
  if (sport === 'cycling' && zones.ftp_w) {
    return { target: { type: 'power', low: Math.round(zones.ftp_w * spec.power[0]), high: Math.round(zones.ftp_w * spec.power[1]), zone: spec.zone }, source: zones.sources.ftp ?? null };
  }
  if (sport === 'running' && zones.thresholdPaceSecPerKm) {
    const thr = zones.thresholdPaceSecPerKm;
    return { target: { type: 'pace', low: Math.round(thr / spec.speed[1]), high: Math.round(thr / spec.speed[0]), zone: spec.zone }, source: zones.sources.pace ?? null };
  }
  if (sport === 'swimming' && zones.cssSecPer100m) {
    const css = zones.cssSecPer100m;
    return { target: { type: 'pace', low: Math.round(css / spec.speed[1]), high: Math.round(css / spec.speed[0]), zone: spec.zone }, source: zones.sources.css ?? null };
  }
  const lthr = zones.thresholdHrBySport[sport] ?? zones.thresholdHr_bpm;
  if (lthr && (sport === 'running' || sport === 'cycling' || sport === 'swimming' || sport === 'other')) {
    return { target: { type: 'heart_rate', low: Math.round(lthr * spec.hr[0]), high: Math.round(lthr * spec.hr[1]), zone: spec.zone }, source: zones.sources.hr ?? `threshold HR ${Math.round(lthr)} bpm` };
  }
  return { target: { type: 'open' }, source: null };
}

/** A target in words for tables: "210-240 W", "5:10-5:40/km", "140-150 bpm". */
export function targetText(target: StepTarget, sport: string): string {
  switch (target.type) {
    case 'power':
      return `${target.low}-${target.high} W`;
    case 'pace': {
      const unit = sport === 'swimming' ? '/100m' : '/km';
      return `${paceLabel(target.low, unit).replace(unit, '')}-${paceLabel(target.high, unit)}`;
    }
    case 'heart_rate':
      return `${target.low}-${target.high} bpm`;
    default:
      return 'by feel';
  }
}
