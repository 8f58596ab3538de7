/**
 * Intensity distribution.
 *
 * Three-zone model (Seiler & Kjerland 2006; Seiler 2010): Z1 below the first ventilatory
 * threshold (VT1), Z2 between VT1 and VT2, Z3 above VT2. Without lab thresholds the
 * boundaries come from the athlete's thresholds:
 * - power: VT1 = 75% FTP (top of Coggan's endurance level), VT2 = 100% FTP;
 * - heart rate with threshold HR: VT1 = 90% LTHR (top of Friel's zone 2), VT2 = LTHR;
 * - heart rate with max HR only: VT1 = 82% HRmax, VT2 = 89% HRmax (Seiler's ranges).
 * Per session: stored power time-in-zones (with FTP) first, then HR (the 1 Hz histogram, else
 * time-in-zones), else the whole session is put in the zone of its average HR, else of its
 * power IF. Garmin's named zones without bounds (Connect summaries) map by number: HR zones
 * are % of max HR (Z1-Z3 < 80% -> z1, Z4 80-90% -> z2, Z5 -> z3); power zones are Coggan's
 * levels (Z1-Z2 up to 75% FTP -> z1, Z3-Z4 up to 105% -> z2, Z5+ -> z3). Named HR zones also
 * stand for the athlete's five zones (Z0 counts as Z1).
 *
 * Classification (Treff et al. 2019, "The Polarization-Index"): with fractions z1..z3,
 *   PI = log10(z1 / z2 x z3 x 100)   (z2 = 0 counts as 0.01; z1 or z3 = 0 gives PI 0)
 * - polarized: z1 > z3 > z2 and PI > 2.00;
 * - pyramidal: z1 > z2 >= z3, or z1 > z3 > z2 with PI <= 2.00;
 * - threshold: z2 or z3 is the largest share (Treff's "threshold" and "high-intensity");
 * - insufficient: under one hour of zoned time.
 * Five zones: time re-binned into the athlete's Z1..Z5 (training_zones) for the same sport
 * and unit, else the same unit of another sport; null without a full set of five.
 * Both splits are given overall and per sport here, and per week (and sport) in weekly.ts.
 */
import type { IntensityDistribution, Sport } from './facts.types.js';
import { round } from './numbers.js';
import { binValue, type TimeBin } from './time-in-zones.js';
import { type AthleteZones, bandIndex, type ZoneBand } from './zones.js';

export interface PolarizedSeconds {
  z1: number;
  z2: number;
  z3: number;
}

export interface ThreeZoneBounds {
  vt1: number;
  vt2: number;
}

export function powerBounds(ftp: number | null): ThreeZoneBounds | null {
  return ftp ? { vt1: 0.75 * ftp, vt2: ftp } : null;
}

export function hrBounds(thresholdHr: number | null, maxHr: number | null): ThreeZoneBounds | null {
  if (thresholdHr) return { vt1: 0.9 * thresholdHr, vt2: thresholdHr };
  if (maxHr) return { vt1: 0.82 * maxHr, vt2: 0.89 * maxHr };
  return null;
}

export function threeZoneOf(value: number, bounds: ThreeZoneBounds): 1 | 2 | 3 {
  if (value < bounds.vt1) return 1;
  if (value < bounds.vt2) return 2;
  return 3;
}

/** Three-zone number of a Garmin zone known only by its number. */
export function namedZoneToThree(zone: number, basis: 'hr' | 'power'): 1 | 2 | 3 {
  if (basis === 'hr') return zone <= 3 ? 1 : zone === 4 ? 2 : 3;
  return zone <= 2 ? 1 : zone <= 4 ? 2 : 3;
}

export function polarizedFromBins(bins: readonly TimeBin[], bounds: ThreeZoneBounds | null, basis: 'hr' | 'power' = 'hr'): PolarizedSeconds | null {
  const out = { z1: 0, z2: 0, z3: 0 };
  for (const bin of bins) {
    let zone: 1 | 2 | 3;
    if (bin.zone !== undefined) zone = namedZoneToThree(bin.zone, basis);
    else if (bounds) zone = threeZoneOf(binValue(bin), bounds);
    else return null;
    out[`z${zone}`] += bin.seconds;
  }
  return out;
}

function namedFiveZones(bins: readonly TimeBin[]): number[] | null {
  const out = [0, 0, 0, 0, 0];
  for (const bin of bins) {
    if (bin.zone === undefined) return null;
    out[Math.min(4, Math.max(0, bin.zone - 1))] += bin.seconds;
  }
  return out;
}

export interface SessionIntensityInput {
  sport: Sport;
  duration_s: number;
  avgHr: number | null;
  intensityFactorPower: number | null;
  hrBins: TimeBin[] | null;
  powerBins: TimeBin[] | null;
}

export interface SessionIntensity {
  polarized: PolarizedSeconds | null;
  basis: 'hr' | 'power' | null;
  /** Seconds in the athlete's Z1..Z5, when their zones allow. */
  fiveZone: number[] | null;
}

export interface IntensityContext {
  power: ThreeZoneBounds | null;
  /** HR bounds per sport (sport-specific threshold HR), falling back to `hrDefault`. */
  hrBySport: Partial<Record<Sport, ThreeZoneBounds>>;
  hrDefault: ThreeZoneBounds | null;
  zones: AthleteZones;
}

function fiveZoneBands(zones: AthleteZones, sport: Sport, unit: 'bpm' | 'w'): ZoneBand[] | null {
  const own = zones.fiveZones[sport]?.[unit];
  if (own) return own;
  for (const bySport of Object.values(zones.fiveZones)) if (bySport?.[unit]) return bySport[unit] as ZoneBand[];
  return null;
}

function rebin(bins: readonly TimeBin[], bands: readonly ZoneBand[]): number[] | null {
  const out = [0, 0, 0, 0, 0];
  for (const bin of bins) {
    if (bin.zone !== undefined) return null;
    out[bandIndex(bands, binValue(bin))] += bin.seconds;
  }
  return out;
}

export function sessionIntensity(session: SessionIntensityInput, ctx: IntensityContext): SessionIntensity {
  const hr = ctx.hrBySport[session.sport] ?? ctx.hrDefault;
  let polarized: PolarizedSeconds | null = null;
  let basis: SessionIntensity['basis'] = null;
  let fiveZone: number[] | null = null;

  const fromPower = session.powerBins ? polarizedFromBins(session.powerBins, ctx.power, 'power') : null;
  const fromHr = !fromPower && session.hrBins ? polarizedFromBins(session.hrBins, hr, 'hr') : null;
  if (fromPower) {
    polarized = fromPower;
    basis = 'power';
    const bands = fiveZoneBands(ctx.zones, session.sport, 'w');
    if (bands) fiveZone = rebin(session.powerBins as TimeBin[], bands);
  } else if (fromHr) {
    polarized = fromHr;
    basis = 'hr';
  } else if (session.avgHr && hr && session.duration_s > 0) {
    polarized = { z1: 0, z2: 0, z3: 0 };
    polarized[`z${threeZoneOf(session.avgHr, hr)}`] = session.duration_s;
    basis = 'hr';
  } else if (session.intensityFactorPower !== null && ctx.power && session.duration_s > 0) {
    polarized = { z1: 0, z2: 0, z3: 0 };
    polarized[`z${threeZoneOf(session.intensityFactorPower * ctx.power.vt2, ctx.power)}`] = session.duration_s;
    basis = 'power';
  }
  if (!fiveZone) {
    const bands = fiveZoneBands(ctx.zones, session.sport, 'bpm');
    const named = session.hrBins ? namedFiveZones(session.hrBins) : null;
    if (named) fiveZone = named;
    else if (bands && session.hrBins) fiveZone = rebin(session.hrBins, bands);
    else if (bands && session.avgHr && session.duration_s > 0) {
      fiveZone = [0, 0, 0, 0, 0];
      fiveZone[bandIndex(bands, session.avgHr)] = session.duration_s;
    }
  }
  return { polarized, basis, fiveZone };
}

export function toPercent(seconds: PolarizedSeconds): PolarizedSeconds | null {
  const total = seconds.z1 + seconds.z2 + seconds.z3;
  if (total <= 0) return null;
  return { z1: round((seconds.z1 / total) * 100, 1), z2: round((seconds.z2 / total) * 100, 1), z3: round((seconds.z3 / total) * 100, 1) };
}

/** Seconds in Z1..Z5 as percent of their total (1 decimal); null without time. */
export function fiveZonePercent(seconds: readonly number[]): number[] | null {
  const total = seconds.reduce((a, b) => a + b, 0);
  return total > 0 ? seconds.map((s) => round((s / total) * 100, 1)) : null;
}

export function polarizationIndex(pct: PolarizedSeconds): number {
  const total = pct.z1 + pct.z2 + pct.z3;
  if (total <= 0) return 0;
  const z1 = pct.z1 / total;
  const z2 = pct.z2 / total || 0.01;
  const z3 = pct.z3 / total;
  // No time below VT1 or above VT2: nothing polarized about it (and log10(0) is not a number).
  if (z1 === 0 || z3 === 0) return 0;
  return Math.log10((z1 / z2) * z3 * 100);
}

export const MIN_ZONED_SECONDS = 3600;

export function classifyDistribution(seconds: PolarizedSeconds): IntensityDistribution['model'] {
  const total = seconds.z1 + seconds.z2 + seconds.z3;
  if (total < MIN_ZONED_SECONDS) return 'insufficient';
  const { z1, z2, z3 } = seconds;
  if (z1 > z2 && z1 > z3) {
    if (z3 > z2 && polarizationIndex(seconds) > 2) return 'polarized';
    return 'pyramidal';
  }
  return 'threshold';
}

export interface SessionIntensityRecord extends SessionIntensity {
  sport: Sport;
}

export function intensityDistribution(sessions: readonly SessionIntensityRecord[]): IntensityDistribution & { polarizationIndex: number | null } {
  const total: PolarizedSeconds = { z1: 0, z2: 0, z3: 0 };
  const bySport: Partial<Record<Sport, PolarizedSeconds>> = {};
  const fiveBySport: Partial<Record<Sport, number[]>> = {};
  const five = [0, 0, 0, 0, 0];
  let hasFive = false;
  let hr = false;
  let power = false;
  for (const s of sessions) {
    if (s.polarized) {
      total.z1 += s.polarized.z1;
      total.z2 += s.polarized.z2;
      total.z3 += s.polarized.z3;
      const sport = (bySport[s.sport] ??= { z1: 0, z2: 0, z3: 0 });
      sport.z1 += s.polarized.z1;
      sport.z2 += s.polarized.z2;
      sport.z3 += s.polarized.z3;
      if (s.basis === 'hr') hr = true;
      if (s.basis === 'power') power = true;
    }
    if (s.fiveZone) {
      hasFive = true;
      const sport = (fiveBySport[s.sport] ??= [0, 0, 0, 0, 0]);
      for (let i = 0; i < 5; i++) {
        five[i] += s.fiveZone[i];
        sport[i] += s.fiveZone[i];
      }
    }
  }
  const fiveBySportPct: IntensityDistribution['fiveZoneBySport_pct'] = {};
  for (const [sport, seconds] of Object.entries(fiveBySport) as [Sport, number[]][]) {
    const pct = fiveZonePercent(seconds);
    if (pct) fiveBySportPct[sport] = pct;
  }
  const bySportPct: IntensityDistribution['bySport'] = {};
  for (const [sport, seconds] of Object.entries(bySport) as [Sport, PolarizedSeconds][]) {
    const pct = toPercent(seconds);
    if (pct) bySportPct[sport] = pct;
  }
  const pct = toPercent(total);
  return {
    polarized_pct: pct,
    fiveZone_pct: hasFive ? fiveZonePercent(five) : null,
    model: classifyDistribution(total),
    basis: hr && power ? 'mixed' : hr ? 'hr' : power ? 'power' : 'none',
    bySport: bySportPct,
    fiveZoneBySport_pct: fiveBySportPct,
    polarizationIndex: pct ? round(polarizationIndex(total), 2) : null,
  };
}
