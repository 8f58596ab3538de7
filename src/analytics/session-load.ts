/**
 * Training load of one session, in TSS-equivalent points (100 = one hour at threshold).
 *
 * - Power TSS (Coggan, "Training and Racing with a Power Meter"):
 *     IF = NP / FTP;  TSS = s x NP x IF / (FTP x 3600) x 100
 *   (NP from the activity; average power stands in when NP is missing.)
 * - hrTSS: intensity from heart rate relative to threshold HR (LTHR), squared like TSS:
 *     IF_hr = HR / LTHR;  hrTSS = hours x IF_hr^2 x 100
 *   time-weighted over the session's HR histogram (1 Hz, exact) when present, else over the
 *   session's average HR. Wide time-in-zone bins (e.g. "0-145 bpm") are not used: their
 *   midpoints would misstate the intensity the formula squares. This is the usual open approximation of
 *   TrainingPeaks' hrTSS (whose exact zone table is proprietary).
 * - rTSS (TrainingPeaks running TSS): IF = threshold pace / pace (both s/km; normalised
 *   graded pace approximated by average moving pace, as the summary has no grade data);
 *   rTSS = hours x IF^2 x 100.
 * - Swim TSS (TrainingPeaks sTSS): IF = CSS pace / swim pace (s/100 m); sTSS = hours x IF^3 x 100.
 * - Banister TRIMP (Banister 1991) when no threshold applies:
 *     HRr = (HRavg - HRrest) / (HRmax - HRrest)
 *     TRIMP = minutes x HRr x 0.64 e^(1.92 HRr) (men)  or  x 0.86 e^(1.67 HRr) (women)
 *   scaled to TSS-equivalent so that one hour at lactate threshold scores 100, taking LT at
 *   HRr = 0.85 (about 89% of HRmax): load = TRIMP x 100 / TRIMP(60 min, HRr 0.85).
 *   Unknown sex uses the male constants (the caller notes it).
 * Order: cycling power > HR > TRIMP; running pace > HR > TRIMP, except that a threshold HR
 * the athlete set beats a threshold pace only estimated from training best efforts (those
 * understate race ability, so rTSS would overstate load); swimming CSS > HR > TRIMP; other
 * sports HR > TRIMP. Without any, load 0 with method 'none'.
 */
import type { LoadMethod, Sport } from './facts.types.js';
import type { Sex } from './facts-input.js';
import { binValue, type TimeBin } from './time-in-zones.js';

export function powerTss(duration_s: number, np: number, ftp: number): { tss: number; intensityFactor: number } {
  const intensityFactor = np / ftp;
  return { tss: ((duration_s * np * intensityFactor) / (ftp * 3600)) * 100, intensityFactor };
}

export function hrTss(duration_s: number, avgHr: number, thresholdHr: number): { tss: number; intensityFactor: number } {
  const intensityFactor = avgHr / thresholdHr;
  return { tss: (duration_s / 3600) * intensityFactor ** 2 * 100, intensityFactor };
}

/** hrTSS summed over HR time-in-zone bins; IF is the time-weighted root-mean-square. */
export function hrTssFromBins(bins: readonly TimeBin[], thresholdHr: number): { tss: number; intensityFactor: number; duration_s: number } {
  let tss = 0;
  let seconds = 0;
  for (const bin of bins) {
    tss += (bin.seconds / 3600) * (binValue(bin) / thresholdHr) ** 2 * 100;
    seconds += bin.seconds;
  }
  return { tss, intensityFactor: seconds > 0 ? Math.sqrt(tss / 100 / (seconds / 3600)) : 0, duration_s: seconds };
}

export function runTss(duration_s: number, paceSecPerKm: number, thresholdPaceSecPerKm: number): { tss: number; intensityFactor: number } {
  const intensityFactor = thresholdPaceSecPerKm / paceSecPerKm;
  return { tss: (duration_s / 3600) * intensityFactor ** 2 * 100, intensityFactor };
}

export function swimTss(duration_s: number, paceSecPer100m: number, cssSecPer100m: number): { tss: number; intensityFactor: number } {
  const intensityFactor = cssSecPer100m / paceSecPer100m;
  return { tss: (duration_s / 3600) * intensityFactor ** 3 * 100, intensityFactor };
}

export const TRIMP_CONSTANTS: Record<Sex, { k: number; b: number }> = {
  male: { k: 0.64, b: 1.92 },
  female: { k: 0.86, b: 1.67 },
};

/** Heart-rate reserve fraction at lactate threshold used to scale TRIMP to TSS. */
export const TRIMP_THRESHOLD_HRR = 0.85;

export function heartRateReserveFraction(avgHr: number, restingHr: number, maxHr: number): number {
  if (maxHr <= restingHr) return 0;
  return Math.min(1, Math.max(0, (avgHr - restingHr) / (maxHr - restingHr)));
}

export function banisterTrimp(duration_s: number, hrr: number, sex: Sex | null): number {
  const { k, b } = TRIMP_CONSTANTS[sex ?? 'male'];
  return (duration_s / 60) * hrr * k * Math.exp(b * hrr);
}

export function trimpToTss(trimp: number, sex: Sex | null): number {
  return (trimp * 100) / banisterTrimp(3600, TRIMP_THRESHOLD_HRR, sex);
}

/** Bins at most 5 bpm wide with both bounds: a histogram, exact enough for hrTSS. */
export const MAX_HR_BIN_WIDTH = 5;

export function narrowBins(bins: readonly TimeBin[]): boolean {
  for (const bin of bins) {
    if (bin.min === null || bin.max === null || bin.max - bin.min > MAX_HR_BIN_WIDTH) return false;
  }
  return true;
}

export interface LoadThresholds {
  ftp: number | null;
  /** Threshold HR for this session's sport. */
  thresholdHr: number | null;
  thresholdPaceSecPerKm: number | null;
  /** True when the threshold pace was estimated rather than set by the athlete. */
  thresholdPaceEstimated?: boolean;
  /** True when the threshold HR was set by the athlete (zones). */
  thresholdHrFromZones?: boolean;
  cssSecPer100m: number | null;
  maxHr: number | null;
  restingHr: number | null;
  sex: Sex | null;
}

export interface SessionMeasures {
  sport: Sport;
  duration_s: number;
  distance_m: number | null;
  avgHr: number | null;
  avgPower: number | null;
  normalizedPower: number | null;
  hrBins: TimeBin[] | null;
}

export interface SessionLoad {
  load: number;
  method: LoadMethod;
  intensityFactor: number | null;
}

const MIN_RUN_PACE = 150; // s/km: faster is not a run
const MAX_RUN_PACE = 1200;
const MIN_SWIM_PACE = 50; // s/100 m
const MAX_SWIM_PACE = 600;

export function runPaceSecPerKm(duration_s: number, distance_m: number | null): number | null {
  if (!distance_m || distance_m < 200 || duration_s <= 0) return null;
  const pace = duration_s / (distance_m / 1000);
  return pace >= MIN_RUN_PACE && pace <= MAX_RUN_PACE ? pace : null;
}

export function swimPaceSecPer100m(duration_s: number, distance_m: number | null): number | null {
  if (!distance_m || distance_m < 50 || duration_s <= 0) return null;
  const pace = duration_s / (distance_m / 100);
  return pace >= MIN_SWIM_PACE && pace <= MAX_SWIM_PACE ? pace : null;
}

export function sessionLoad(session: SessionMeasures, t: LoadThresholds): SessionLoad {
  const { sport, duration_s } = session;
  if (!(duration_s > 0)) return { load: 0, method: 'none', intensityFactor: null };

  const byPower = (): SessionLoad | null => {
    const np = session.normalizedPower ?? session.avgPower;
    if (!t.ftp || !np) return null;
    const r = powerTss(duration_s, np, t.ftp);
    return { load: r.tss, method: 'tss', intensityFactor: r.intensityFactor };
  };
  const byPace = (): SessionLoad | null => {
    const pace = runPaceSecPerKm(duration_s, session.distance_m);
    if (!t.thresholdPaceSecPerKm || pace === null) return null;
    const r = runTss(duration_s, pace, t.thresholdPaceSecPerKm);
    return { load: r.tss, method: 'rTss', intensityFactor: r.intensityFactor };
  };
  const bySwim = (): SessionLoad | null => {
    const pace = swimPaceSecPer100m(duration_s, session.distance_m);
    if (!t.cssSecPer100m || pace === null) return null;
    const r = swimTss(duration_s, pace, t.cssSecPer100m);
    return { load: r.tss, method: 'swimTss', intensityFactor: r.intensityFactor };
  };
  const byHr = (): SessionLoad | null => {
    if (!t.thresholdHr) return null;
    if (session.hrBins && narrowBins(session.hrBins)) {
      const r = hrTssFromBins(session.hrBins, t.thresholdHr);
      // Bins may cover less than the session (pauses): scale to the session's duration.
      const scale = r.duration_s > 0 ? duration_s / r.duration_s : 1;
      return { load: r.tss * scale, method: 'hrTss', intensityFactor: r.intensityFactor };
    }
    if (!session.avgHr) return null;
    const r = hrTss(duration_s, session.avgHr, t.thresholdHr);
    return { load: r.tss, method: 'hrTss', intensityFactor: r.intensityFactor };
  };
  const byTrimp = (): SessionLoad | null => {
    if (!session.avgHr || !t.maxHr || !t.restingHr || t.maxHr <= t.restingHr) return null;
    const hrr = heartRateReserveFraction(session.avgHr, t.restingHr, t.maxHr);
    return { load: trimpToTss(banisterTrimp(duration_s, hrr, t.sex), t.sex), method: 'trimp', intensityFactor: null };
  };

  const order =
    sport === 'cycling'
      ? [byPower, byHr, byTrimp]
      : sport === 'running'
        ? t.thresholdPaceEstimated && t.thresholdHrFromZones
          ? [byHr, byPace, byTrimp]
          : [byPace, byHr, byTrimp]
        : sport === 'swimming'
          ? [bySwim, byHr, byTrimp]
          : [byHr, byTrimp];
  for (const method of order) {
    const result = method();
    if (result && Number.isFinite(result.load)) return result;
  }
  return { load: 0, method: 'none', intensityFactor: null };
}
