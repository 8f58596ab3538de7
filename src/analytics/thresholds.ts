/**
 * The athlete's thresholds, each with its source (`Threshold.source`):
 * 1. 'zones': the athlete's own training_zones rows (see zones.ts for the accepted text).
 * 2. 'estimated' from best efforts and recorded data:
 *    - FTP = 95% of best 20-min power (Allen & Coggan, "Training and Racing with a Power
 *      Meter"), else best 60-min power, else 75% of best 5-min power (a rough MAP rule);
 *    - threshold pace = Daniels T pace at the VDOT of the best run effort >= 3 km
 *      (running-formulas.ts);
 *    - max HR = highest max HR recorded in an activity (plausible values 120..230 bpm);
 *    - threshold HR (LTHR), per sport (running, cycling): Friel's field test (J. Friel, "The
 *      Triathlete's Training Bible"; "Joe Friel's Quick Guide to Setting Zones") takes LTHR as
 *      the average HR of the last 20 minutes of a 30-minute solo all-out effort. The stand-in
 *      is the sport's highest 20-min average HR recorded (FIT imports, best_efforts.hr_bpm).
 *      It counts only for a hard effort, at least 85% of max HR: an easy 20 minutes says
 *      nothing about threshold. A training effort can understate LTHR when no race or test is
 *      in the history (loads then run high); the note gives the effort and its date. The
 *      overall threshold HR is running's, else cycling's.
 *      Without a hard effort: LTHR ~ 89% of max HR, the middle of the 87-92% HRmax range of
 *      the second ventilatory threshold (Seiler 2010; the same anchor as the 3-zone HR bounds
 *      and the TRIMP scaling). That one is rough and only reported: session loads keep
 *      Banister TRIMP, which adds resting HR and sex to the same max HR
 *      (`thresholdHrForLoad`);
 *    - swim CSS (critical swim speed; Wakayoshi et al. 1992, the 200/400 m test of Ginn 1993):
 *        CSS = (400 - 200) / (t400 - t200) m/s, i.e. (t400 - t200) / 2 seconds per 100 m,
 *      from the best pool 400 m and 200 m times (best_efforts.swim_s; training swims rather
 *      than a test). Without both: the fastest average pace of a pool swim of at least
 *      1000 m, flagged rough (CSS is about the pace held for 30 minutes; a session's average
 *      includes rests and drills, so this CSS is slower than the true one and swim loads run
 *      low).
 *    Rule-of-thumb estimates (threshold HR from max HR, CSS from session pace, FTP from 5-min
 *    power) carry `rough: true`.
 * 3. 'none': unknown; the load of the affected sessions uses the next method.
 * Resting HR: zones, else the mean of the last 7 recorded nightly resting HRs.
 */
import type { Sport, Threshold } from './facts.types.js';
import type { BestEffortsDetail } from './best-efforts.js';
import { type AthleteZones, findZoneEntry, zoneMidpoint } from './zones.js';
import { formatDuration, thresholdPaceFromVdot } from './running-formulas.js';

export interface AthleteThresholds {
  ftp_w: Threshold;
  thresholdHr_bpm: Threshold;
  thresholdPaceSecPerKm: Threshold;
  swimCssSecPer100m: Threshold;
  maxHr_bpm: Threshold;
  restingHr_bpm: Threshold;
  /** Sport-specific threshold HR, from zones or the sport's own efforts (runners' and cyclists' LTHR differ). */
  thresholdHrBySport: Partial<Record<Sport, Threshold>>;
}

export interface SwimSessionInput {
  date: string;
  duration_s: number;
  distance_m: number | null;
  /** A pool (lap) swim: open-water distances come from GPS and are not trusted for pace. */
  pool: boolean;
}

export interface ThresholdInputs {
  zones: AthleteZones;
  efforts: BestEffortsDetail;
  /** max_hr of each activity (nulls allowed). */
  activityMaxHrs: readonly (number | null)[];
  /** Nightly resting HRs, oldest first. */
  restingHrs: readonly number[];
  /** Swim sessions, for the rough CSS from session pace when the swim best efforts fall short. */
  swimSessions?: readonly SwimSessionInput[];
}

/** A best 20-min HR counts as a threshold effort from this share of max HR up. */
export const LTHR_EFFORT_MIN_SHARE_OF_MAX_HR = 0.85;
/** Rough LTHR as a share of max HR (Seiler's VT2 at 87-92% HRmax). */
export const LTHR_SHARE_OF_MAX_HR = 0.89;
/** Sports whose sustained HR estimates an LTHR (swim HR runs lower and wrist HR fails under water). */
export const LTHR_SPORTS: readonly Sport[] = ['running', 'cycling'];
/** Shortest pool swim whose average pace may stand for CSS. */
export const CSS_SESSION_MIN_DISTANCE_M = 1000;
const MIN_SWIM_PACE = 50; // s/100 m
const MAX_SWIM_PACE = 600;

const none = (note?: string): Threshold => (note ? { value: null, source: 'none', note } : { value: null, source: 'none' });

function fromZones(zones: AthleteZones, metric: Parameters<typeof findZoneEntry>[1], prefer: readonly Sport[]): Threshold | null {
  const entry = findZoneEntry(zones, metric, prefer);
  if (!entry) return null;
  const value = zoneMidpoint(entry.value);
  return value === null ? null : { value: Math.round(value * 10) / 10, source: 'zones', note: `from zones: ${entry.label}` };
}

export function paceLabel(secondsPerKm: number, unit = '/km'): string {
  return `${formatDuration(secondsPerKm)}${unit}`;
}

/** Friel's LTHR from the sport's best 20-min HR, when that effort was hard enough; else null. */
export function estimateThresholdHr(efforts: BestEffortsDetail, sport: Sport, maxHr: number | null): Threshold | null {
  const best = efforts.heartRate[sport]?.['20min'];
  if (!best) return null;
  if (maxHr !== null && best.bpm < LTHR_EFFORT_MIN_SHARE_OF_MAX_HR * maxHr) return null;
  const checked = maxHr === null ? '; max HR unknown, so not checked for a hard effort' : '';
  return {
    value: Math.round(best.bpm),
    source: 'estimated',
    note: `Friel: best 20 min average HR of ${sport} (${Math.round(best.bpm)} bpm, ${best.date}); from training, may understate LTHR${checked}`,
  };
}

/** CSS from the best 200 m and 400 m pool times; null without both or when they make no sense. */
export function cssFromEfforts(efforts: BestEffortsDetail): Threshold | null {
  const t200 = efforts.swims['200m'];
  const t400 = efforts.swims['400m'];
  if (!t200 || !t400 || t400.time_s <= t200.time_s) return null;
  const css = (t400.time_s - t200.time_s) / 2;
  if (css < MIN_SWIM_PACE || css > MAX_SWIM_PACE) return null;
  return {
    value: Math.round(css * 10) / 10,
    source: 'estimated',
    note: `CSS = (400 - 200) / (t400 - t200) (Wakayoshi, Ginn) from best pool 400 m ${formatDuration(t400.time_s)} (${t400.date}) and 200 m ${formatDuration(t200.time_s)} (${t200.date})`,
  };
}

/** Rough CSS: the fastest average pace of a pool swim of at least 1000 m; null without one. */
export function cssFromSessions(sessions: readonly SwimSessionInput[]): Threshold | null {
  let best: { pace: number; session: SwimSessionInput } | null = null;
  for (const session of sessions) {
    if (!session.pool || !session.distance_m || session.distance_m < CSS_SESSION_MIN_DISTANCE_M || !(session.duration_s > 0)) continue;
    const pace = session.duration_s / (session.distance_m / 100);
    if (pace < MIN_SWIM_PACE || pace > MAX_SWIM_PACE) continue;
    if (!best || pace < best.pace) best = { pace, session };
  }
  if (!best) return null;
  return {
    value: Math.round(best.pace * 10) / 10,
    source: 'estimated',
    rough: true,
    note: `fastest average pace of a pool swim of ${Math.round(best.session.distance_m as number)} m (${best.session.date}), no 200 m and 400 m best efforts; a session average includes rests, so swim loads may run low`,
  };
}

/**
 * The threshold HR that scores a session of `sport`: the sport's own, else the overall one
 * unless that is only the rough max-HR rule (TRIMP does better with the same max HR).
 * `fromZones` is true when the athlete set it.
 */
export function thresholdHrForLoad(t: AthleteThresholds, sport: Sport): { value: number | null; fromZones: boolean } {
  const own = t.thresholdHrBySport[sport];
  if (own && own.value !== null) return { value: own.value, fromZones: own.source === 'zones' };
  if (t.thresholdHr_bpm.value === null || t.thresholdHr_bpm.rough) return { value: null, fromZones: false };
  return { value: t.thresholdHr_bpm.value, fromZones: t.thresholdHr_bpm.source === 'zones' };
}

export function resolveThresholds(input: ThresholdInputs): AthleteThresholds {
  const { zones, efforts } = input;

  let ftp = fromZones(zones, 'ftp', ['cycling']);
  if (!ftp) {
    const p20 = efforts.power['20min'];
    const p60 = efforts.power['60min'];
    const p5 = efforts.power['5min'];
    if (p20) ftp = { value: Math.round(p20.watts * 0.95), source: 'estimated', note: `95% of best 20 min power (${Math.round(p20.watts)} W, ${p20.date})` };
    else if (p60) ftp = { value: Math.round(p60.watts), source: 'estimated', note: `best 60 min power (${p60.date})` };
    else if (p5) ftp = { value: Math.round(p5.watts * 0.75), source: 'estimated', rough: true, note: `75% of best 5 min power (${Math.round(p5.watts)} W, ${p5.date}); rough` };
    else ftp = none('no FTP in zones and no power best efforts');
  }

  let maxHr = fromZones(zones, 'maxHr', ['running', 'cycling']);
  if (!maxHr) {
    let highest = 0;
    let count = 0;
    for (const hr of input.activityMaxHrs) {
      if (hr === null || hr < 120 || hr > 230) continue;
      count++;
      if (hr > highest) highest = hr;
    }
    maxHr = count > 0 ? { value: highest, source: 'estimated', note: `highest max HR recorded in ${count} activities` } : none('no max HR in zones or activities');
  }

  const thresholdHrBySport: Partial<Record<Sport, Threshold>> = {};
  for (const entry of zones.entries) {
    if (entry.metric !== 'thresholdHr' || thresholdHrBySport[entry.sport] !== undefined) continue;
    const value = zoneMidpoint(entry.value);
    if (value !== null) thresholdHrBySport[entry.sport] = { value, source: 'zones', note: `from zones: ${entry.label}` };
  }
  for (const sport of LTHR_SPORTS) {
    if (thresholdHrBySport[sport]) continue;
    const estimate = estimateThresholdHr(efforts, sport, maxHr.value);
    if (estimate) thresholdHrBySport[sport] = estimate;
  }
  let thresholdHr = fromZones(zones, 'thresholdHr', ['running', 'cycling']);
  if (!thresholdHr) {
    const sport = LTHR_SPORTS.find((s) => thresholdHrBySport[s]?.source === 'estimated');
    if (sport) thresholdHr = thresholdHrBySport[sport] as Threshold;
    else if (maxHr.value !== null) {
      thresholdHr = {
        value: Math.round(LTHR_SHARE_OF_MAX_HR * maxHr.value),
        source: 'estimated',
        rough: true,
        note: `89% of max HR ${Math.round(maxHr.value)} bpm (Seiler's VT2 at 87-92% HRmax), no hard 20 min HR effort recorded; HR-only sessions are scored with Banister TRIMP`,
      };
    } else thresholdHr = none('no threshold HR in zones, no hard 20 min HR effort and no max HR');
  }

  let pace = fromZones(zones, 'thresholdPace', ['running']);
  if (!pace) {
    const from = efforts.vdotFrom;
    if (from && efforts.facts.vdot !== null) {
      const value = Math.round(thresholdPaceFromVdot(efforts.facts.vdot));
      pace = {
        value,
        source: 'estimated',
        note: `Daniels T pace at VDOT ${efforts.facts.vdot} (best ${from.label} in ${formatDuration(from.time_s)}, ${from.date})`,
      };
    } else pace = none('no threshold pace in zones and no run best efforts');
  }

  const css =
    fromZones(zones, 'css', ['swimming']) ??
    cssFromEfforts(efforts) ??
    cssFromSessions(input.swimSessions ?? []) ??
    none('no CSS in zones, no pool 200 m and 400 m best efforts and no pool swim of 1000 m or more');

  let restingHr = fromZones(zones, 'restingHr', []);
  if (!restingHr) {
    const recent = input.restingHrs.filter((v) => v > 25 && v < 120).slice(-7);
    restingHr =
      recent.length > 0
        ? { value: Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 10) / 10, source: 'estimated', note: `mean of the last ${recent.length} nightly resting HRs` }
        : none('no resting HR recorded');
  }

  return {
    ftp_w: ftp,
    thresholdHr_bpm: thresholdHr,
    thresholdPaceSecPerKm: pace,
    swimCssSecPer100m: css,
    maxHr_bpm: maxHr,
    restingHr_bpm: restingHr,
    thresholdHrBySport,
  };
}
