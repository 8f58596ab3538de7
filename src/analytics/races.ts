/**
 * Races: days and weeks to each race, distance and sport from the race type text, finish
 * time predictions from the athlete's best run efforts, and the gap to the target time.
 * - weeksToRace = daysToRace / 7, one decimal; past races have negative values and isPast.
 * - Predictions, running races of known distance only:
 *   Riegel T2 = T1 x (D2/D1)^1.06 from the best effort closest in distance (log ratio),
 *   the range where Riegel's exponent holds best; and Daniels VDOT from the best VDOT.
 * - targetGap_s = fastest prediction - target (positive: slower than target).
 */
import type { RaceFact, RacePrediction, Sport } from './facts.types.js';
import type { RaceInput } from './facts-input.js';
import type { RunEffort } from './best-efforts.js';
import { daysBetween, isValidDate } from './calendar.js';
import { round } from './numbers.js';
import { formatDuration, predictTimeFromVdot, riegel } from './running-formulas.js';

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
        targetGap_s: fastest !== null && target_s !== null ? fastest - target_s : null,
      };
    });
}
