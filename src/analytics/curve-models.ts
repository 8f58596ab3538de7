/**
 * Models fitted to the mean-maximal curves (the best efforts of the last 90 days):
 * - Critical power and W' (Monod & Scherrer 1965; Moritani et al. 1981; Jones et al. 2010,
 *   "Critical power: implications for determination of VO2max and exercise tolerance"), the
 *   2-parameter model, by the linear work-time regression W = CP x t + W' over efforts of
 *   3 to 20 minutes. eFTP is the model's 60-minute power, CP + W'/3600.
 * - Critical speed and D' for running (Hughson et al. 1984; Jones & Vanhatalo 2017), the same
 *   regression on distance: D = CS x t + D', over 3 to 20 minutes.
 * - Critical swim speed for swimming (Wakayoshi et al. 1992): D = CSS x t + D' over 2 to 20
 *   minutes (the 200 m and 400 m of the classic test take about 2.5 and 5.5 minutes).
 * Which efforts: a curve point that only repeats part of a longer effort (the best 4 min
 * inside a 5 min effort) lies below the line in the work-time plane, so the fit uses the
 * points on the upper convex hull of (t, work) in the range, the maximal ones. Confidence:
 * 'insufficient' with fewer than 3 such efforts or when they span less than 2.5x in duration
 * ("too few maximal efforts"), or when the fit makes no physiological sense (CP or W' <= 0);
 * 'high' with 4+ efforts from 3+ activities and R^2 >= 0.995; 'moderate' with 2+ activities
 * and R^2 >= 0.98; else 'low'.
 */
import type { CurveEffort, CurveModel, ModelConfidence } from './facts.types.js';

export interface CurvePointLike {
  duration_s: number;
  value: number;
  date: string;
  activityId: string;
}

export const MODEL_RANGES = {
  cycling: { min_s: 180, max_s: 1200 },
  running: { min_s: 180, max_s: 1200 },
  swimming: { min_s: 120, max_s: 1200 },
} as const;

const MIN_EFFORTS = 3;
const MIN_SPAN_RATIO = 2.5;

/** Points on the upper convex hull of (t, t x value), t ascending (Andrew's monotone chain). */
export function maximalEfforts(points: readonly CurvePointLike[]): CurvePointLike[] {
  const sorted = [...points].sort((a, b) => a.duration_s - b.duration_s);
  const hull: CurvePointLike[] = [];
  const work = (p: CurvePointLike) => p.duration_s * p.value;
  for (const p of sorted) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // Drop b when it lies below the chord a-p; points on the line (a perfect model) stay.
      const lhs = (b.duration_s - a.duration_s) * (work(p) - work(a));
      const rhs = (work(b) - work(a)) * (p.duration_s - a.duration_s);
      if (lhs - rhs > 1e-9 * Math.abs(lhs)) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/** Least squares y = slope x + intercept, with R^2. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { slope, intercept, r2 };
}

/**
 * The 2-parameter model over the maximal efforts in [min_s, max_s]: slope (CP in W, or CS in
 * m/s) and intercept (W' in J, or D' in m) of work (or distance) against time.
 */
export function fitTwoParameter(
  points: readonly CurvePointLike[],
  range: { min_s: number; max_s: number },
): { slope: number; intercept: number; r2: number; efforts: CurvePointLike[]; confidence: ModelConfidence; note: string } | null {
  const inRange = points.filter((p) => p.duration_s >= range.min_s && p.duration_s <= range.max_s && p.value > 0);
  const efforts = maximalEfforts(inRange);
  const span = efforts.length > 0 ? efforts[efforts.length - 1].duration_s / efforts[0].duration_s : 0;
  const minutes = `${range.min_s / 60}-${range.max_s / 60} min`;
  if (efforts.length < MIN_EFFORTS || span < MIN_SPAN_RATIO) {
    return {
      slope: NaN, intercept: NaN, r2: 0, efforts, confidence: 'insufficient',
      note: `too few maximal efforts: ${efforts.length} of ${minutes} spanning ${span.toFixed(1)}x (needs ${MIN_EFFORTS}, spanning ${MIN_SPAN_RATIO}x)`,
    };
  }
  const fit = linearFit(efforts.map((e) => e.duration_s), efforts.map((e) => e.duration_s * e.value));
  if (!(fit.slope > 0) || !(fit.intercept > 0)) {
    return { ...fit, efforts, confidence: 'insufficient', note: `the ${minutes} efforts do not look maximal (the fit gives a non-positive parameter)` };
  }
  const activities = new Set(efforts.map((e) => e.activityId)).size;
  const confidence: ModelConfidence =
    efforts.length >= 4 && activities >= 3 && fit.r2 >= 0.995 ? 'high' : activities >= 2 && fit.r2 >= 0.98 ? 'moderate' : 'low';
  return {
    ...fit,
    efforts,
    confidence,
    note: `${efforts.length} maximal efforts of ${minutes} from ${activities} activit${activities === 1 ? 'y' : 'ies'}, R^2 ${fit.r2.toFixed(3)}`,
  };
}

const toEfforts = (efforts: CurvePointLike[]): CurveEffort[] =>
  efforts.map((e) => ({ duration_s: e.duration_s, value: e.value, date: e.date, activityId: e.activityId }));

/** CP, W' and eFTP from a cycling power curve (W by duration). */
export function criticalPowerModel(power: readonly CurvePointLike[]): CurveModel {
  const fit = fitTwoParameter(power, MODEL_RANGES.cycling);
  if (!fit || fit.confidence === 'insufficient') return insufficient('critical power', fit);
  const cp = fit.slope;
  const wPrime = fit.intercept;
  return {
    model: 'critical power',
    confidence: fit.confidence,
    note: fit.note,
    efforts: toEfforts(fit.efforts),
    r2: round(fit.r2, 4),
    cp_w: round(cp, 0),
    wPrime_j: round(wPrime, -1),
    eFtp_w: round(cp + wPrime / 3600, 0),
  };
}

/** CS and D' from a running speed curve (m/s by duration); threshold pace = 1000 / CS s/km. */
export function criticalSpeedModel(speed: readonly CurvePointLike[]): CurveModel {
  return speedModel('critical speed', speed, MODEL_RANGES.running, (cs) => ({ paceSecPerKm: round(1000 / cs, 0) }));
}

/** CSS from a pool swim speed curve; pace = 100 / CSS s/100 m. */
export function criticalSwimSpeedModel(speed: readonly CurvePointLike[]): CurveModel {
  return speedModel('critical swim speed', speed, MODEL_RANGES.swimming, (cs) => ({ paceSecPer100m: round(100 / cs, 1) }));
}

/** A speed model: the work-time fit's slope is the critical speed (m/s), its intercept D' (m). */
function speedModel(
  model: 'critical speed' | 'critical swim speed',
  speed: readonly CurvePointLike[],
  range: Parameters<typeof fitTwoParameter>[1],
  paceOf: (cs: number) => Pick<CurveModel, 'paceSecPerKm' | 'paceSecPer100m'>,
): CurveModel {
  const fit = fitTwoParameter(speed, range);
  if (!fit || fit.confidence === 'insufficient') return insufficient(model, fit);
  return {
    model,
    confidence: fit.confidence,
    note: fit.note,
    efforts: toEfforts(fit.efforts),
    r2: round(fit.r2, 4),
    cs_mps: round(fit.slope, 3),
    dPrime_m: round(fit.intercept, 0),
    ...paceOf(fit.slope),
  };
}

function insufficient(model: CurveModel['model'], fit: ReturnType<typeof fitTwoParameter>): CurveModel {
  return {
    model,
    confidence: 'insufficient',
    note: fit?.note ?? 'too few maximal efforts',
    efforts: toEfforts(fit?.efforts ?? []),
    r2: null,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
