/**
 * Races: days and weeks to each race, distance and sport from the race type text, finish
 * time predictions from the athlete's best run efforts, and the gap to the target time.
 * - weeksToRace = daysToRace / 7, one decimal; past races have negative values and isPast.
 * - Predictions, running races of known distance only:
 *   Riegel T2 = T1 x (D2/D1)^1.06 from the best effort closest in distance (log ratio),
 *   the range where Riegel's exponent holds best; and Daniels VDOT from the best VDOT.
 * - targetGap_s = fastest prediction - target (positive: slower than target).
 */
import type { PredictionCheck, RaceFact, RacePrediction, RaceResult, Sport } from './facts.types.js';
import type { RaceInput } from './facts-input.js';
import type { RunEffort } from './best-efforts.js';
import { daysBetween, isValidDate } from './calendar.js';
import { round } from './numbers.js';
import { formatDuration, predictTimeFromVdot, riegel, vdot } from './running-formulas.js';

export interface RaceKind {
  distance_m: number | null;
  sport: Sport | null;
}

const KM = 1000;
const MILE = 1609.344;

/** Distance and sport from free race-type text ("Marathon", "70.3", "Century", "10K"...). */
export function raceKind(raceType: string | null): RaceKind {
  if (!raceType) return { distance_m: null, sport: null };
  const text = raceType.toLowerCase().replace(/[\u2012-\u2015]/g, '-').trim();
  // Multisport first: their names contain running words ("Ironman marathon").
  if (/70\.3|half[\s-]*iron/.test(text)) return { distance_m: 113_000, sport: 'other' };
  if (/iron\s*man|full[\s-]*distance|140\.6/.test(text)) return { distance_m: 226_000, sport: 'other' };
  if (/olympic|standard[\s-]*distance/.test(text) && /tri/.test(text)) return { distance_m: 51_500, sport: 'other' };
  if (/sprint/.test(text) && /tri/.test(text)) return { distance_m: 25_750, sport: 'other' };
  if (/super[\s-]*sprint/.test(text)) return { distance_m: 12_900, sport: 'other' };
  if (/tri(athlon)?\b|duathlon|aquathlon/.test(text)) return { distance_m: null, sport: 'other' };
  if (/metric\s*century/.test(text)) return { distance_m: 100 * KM, sport: 'cycling' };
  if (/century/.test(text)) return { distance_m: 100 * MILE, sport: 'cycling' };
  if (/gran\s*fondo|criterium|\bcrit\b|time\s*trial|\btt\b|road\s*race|cyclo|gravel|\bbike\b|cycling|sportive/.test(text)) {
    const km = /(\d+(?:\.\d+)?)\s*(km|k)\b/.exec(text);
    return { distance_m: km ? Number(km[1]) * KM : null, sport: 'cycling' };
  }
  if (/swim/.test(text)) {
    const metres = /(\d+(?:\.\d+)?)\s*(km|m)\b/.exec(text);
    return { distance_m: metres ? Number(metres[1]) * (metres[2] === 'km' ? KM : 1) : null, sport: 'swimming' };
  }
  if (/half[\s-]*marathon|\bhm\b|21\.1\s*k/.test(text)) return { distance_m: 21_097.5, sport: 'running' };
  if (/marathon/.test(text) && !/ultra/.test(text)) return { distance_m: 42_195, sport: 'running' };
  const miles = /(\d+(?:\.\d+)?)\s*(mi|mile|miles|m(?=\s*run))\b/.exec(text);
  if (miles) return { distance_m: Number(miles[1]) * MILE, sport: 'running' };
  const km = /(\d+(?:\.\d+)?)\s*(km|k)\b/.exec(text);
  if (km) return { distance_m: Number(km[1]) * KM, sport: 'running' };
  if (/ultra|trail|run|parkrun/.test(text)) return { distance_m: /parkrun/.test(text) ? 5 * KM : null, sport: 'running' };
  return { distance_m: null, sport: null };
}

/** "HH:MM:SS", "H:MM:SS" or "MM:SS" to seconds; null if unreadable. */
export function parseTargetTime(text: string | null): number | null {
  if (!text) return null;
  const match = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [, h, m, s] = match;
  if (Number(m) > 59 || Number(s) > 59) return null;
  const total = Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
  return total > 0 ? total : null;
}

export function closestEffort(runs: readonly RunEffort[], distance_m: number): RunEffort | null {
  let best: RunEffort | null = null;
  let bestGap = Infinity;
  for (const run of runs) {
    const gap = Math.abs(Math.log(distance_m / run.distance_m));
    if (gap < bestGap) {
      best = run;
      bestGap = gap;
    }
  }
  return best;
}

export function racePredictions(distance_m: number, runs: readonly RunEffort[], vdotValue: number | null, vdotFrom: RunEffort | null): RacePrediction[] {
  const predictions: RacePrediction[] = [];
  const from = closestEffort(runs, distance_m);
  if (from) {
    predictions.push({ time_s: Math.round(riegel(from.time_s, from.distance_m, distance_m)), method: 'riegel', from: `${from.label} in ${formatDuration(from.time_s)} (${from.date})` });
  }
  if (vdotValue !== null && vdotFrom) {
    predictions.push({
      time_s: Math.round(predictTimeFromVdot(vdotValue, distance_m)),
      method: 'vdot',
      from: `VDOT ${vdotValue} from ${vdotFrom.label} in ${formatDuration(vdotFrom.time_s)} (${vdotFrom.date})`,
    });
  }
  return predictions;
}

export interface RaceContext {
  today: string;
  runs: readonly RunEffort[];
  vdot: number | null;
  vdotFrom: RunEffort | null;
  /** The critical speed model of the last 90 days' running curve (curve-models.ts), when it fitted. */
  criticalSpeed?: { cs_mps: number; dPrime_m: number; confidence: string } | null;
  /** Running sessions, to find a past race's actual result (the run on race day over its distance). */
  runSessions?: ReadonlyArray<{ activityId: string; date: string; distance_m: number | null; duration_s: number }>;
}

/**
 * Critical speed prediction (Jones & Vanhatalo 2017): t = (D - D') / CS, only where the
 * 2-parameter model holds, a predicted time of 2 to 30 minutes (it overrates longer races).
 */
export function criticalSpeedPrediction(distance_m: number, cs: { cs_mps: number; dPrime_m: number; confidence: string }): RacePrediction | null {
  if (!(cs.cs_mps > 0) || distance_m <= cs.dPrime_m) return null;
  const time_s = (distance_m - cs.dPrime_m) / cs.cs_mps;
  if (time_s < 120 || time_s > 1800) return null;
  return { time_s: Math.round(time_s), method: 'criticalSpeed', from: `CS ${cs.cs_mps} m/s, D' ${cs.dPrime_m} m (last 90 days, ${cs.confidence} confidence)` };
}

/** The run on race day within 3% of the race distance, as the race's result. */
function raceResult(race: { date: string }, distance_m: number, ctx: RaceContext): RaceResult | null {
  const runs = (ctx.runSessions ?? []).filter((r) => r.date === race.date && r.distance_m !== null && Math.abs(r.distance_m - distance_m) <= 0.03 * distance_m);
  if (runs.length === 0) return null;
  const best = runs.reduce((a, b) => (b.duration_s < a.duration_s ? b : a));
  return { time_s: Math.round(best.duration_s), activityId: best.activityId, distance_m: Math.round(best.distance_m as number) };
}

export function raceFacts(races: readonly RaceInput[], ctx: RaceContext): RaceFact[] {
  return [...races]
    // The seed schema stores race dates as text: a race without a real date cannot be counted down to.
    .filter((race) => typeof race.date === 'string' && isValidDate(race.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name)))
    .map((race) => {
      const kind = raceKind(race.race_type);
      const daysToRace = daysBetween(ctx.today, race.date);
      const target_s = parseTargetTime(race.target_time);
      const predictions = kind.sport === 'running' && kind.distance_m !== null && daysToRace >= 0 ? racePredictions(kind.distance_m, ctx.runs, ctx.vdot, ctx.vdotFrom) : [];
      const cs = kind.sport === 'running' && kind.distance_m !== null && daysToRace >= 0 && ctx.criticalSpeed ? criticalSpeedPrediction(kind.distance_m, ctx.criticalSpeed) : null;
      if (cs) predictions.push(cs);
      // A past race with a result in the history: how the predictions from the efforts
      // before it did (the best effort per distance is kept, so an effort after the race
      // hides an earlier one; VDOT from those same earlier efforts).
      const result = kind.sport === 'running' && kind.distance_m !== null && daysToRace < 0 ? raceResult(race, kind.distance_m, ctx) : null;
      const checks: PredictionCheck[] = [];
      if (result && kind.distance_m !== null) {
        const before = ctx.runs.filter((r) => r.date < race.date);
        const from = before.filter((r) => r.distance_m >= 3000);
        const best = from.length > 0 ? from.reduce((a, b) => (vdot(b.distance_m, b.time_s) > vdot(a.distance_m, a.time_s) ? b : a)) : null;
        for (const p of racePredictions(kind.distance_m, before, best ? Math.round(vdot(best.distance_m, best.time_s) * 10) / 10 : null, best)) {
          checks.push({ ...p, error_s: p.time_s - result.time_s, error_pct: round(((p.time_s - result.time_s) / result.time_s) * 100, 1) });
        }
      }
      const fastest = predictions.length > 0 ? Math.min(...predictions.map((p) => p.time_s)) : null;
      return {
        id: race.id,
        name: race.name,
        date: race.date,
        priority: race.priority,
        raceType: race.race_type,
        distance_m: kind.distance_m,
        sport: kind.sport,
        targetTime: race.target_time,
        target_s,
        daysToRace,
        weeksToRace: round(daysToRace / 7, 1),
        isPast: daysToRace < 0,
        predictions,
        ...(result ? { result, predictionChecks: checks } : {}),
        targetGap_s: fastest !== null && target_s !== null ? fastest - target_s : null,
      };
    });
}
