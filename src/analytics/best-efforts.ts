/**
 * Best efforts across activities, from the `best_efforts` jsonb that ingest computes from
 * the per-second samples: `{ power_w: { '5s': 900, '1min': 420, '5min': 330, '20min': 262,
 * '60min': 240 }, run_s: { '1km': 225, '5km': 1260, '10km': 2620, 'half': 5900 },
 * hr_bpm: { '20min': 172, '30min': 169, '60min': 160 }, swim_s: { '100m': 95, '200m': 200,
 * '400m': 420 } }` (hr_bpm and swim_s only in FIT imports since they were added).
 * Missing keys, other keys and non-positive numbers are tolerated (ignored). The best power
 * and the best sustained heart rate (per sport: runners' and cyclists' HR differ) per
 * duration are maxima; the best run and swim times per distance are minima.
 */
import type { BestEfforts, Sport } from './facts.types.js';
import { positiveOrNull } from './numbers.js';
import { vdot } from './running-formulas.js';

export interface EffortSource {
  best_efforts?: unknown;
  date: string;
  /** The activity's sport: sustained heart rates are kept per sport. */
  sport?: Sport;
}

export interface HeartRateEffort {
  bpm: number;
  date: string;
}

export interface SwimEffort {
  time_s: number;
  date: string;
}

export interface RunEffort {
  label: string;
  distance_m: number;
  time_s: number;
  date: string;
}

export interface BestEffortsDetail {
  facts: BestEfforts;
  power: Record<string, { watts: number; date: string }>;
  runs: RunEffort[];
  /** The run effort the VDOT came from. */
  vdotFrom: RunEffort | null;
  /** Best average heart rate per sport and duration label ('20min', ...). */
  heartRate: Partial<Record<Sport, Record<string, HeartRateEffort>>>;
  /** Best pool swim time per distance label ('100m', '200m', '400m'). */
  swims: Record<string, SwimEffort>;
}

/** Distance in metres of a swim-effort label: '100m', '200m', '400m'. */
export function swimLabelDistance(label: string): number | null {
  const match = /^(\d+)\s*m$/.exec(label.trim().toLowerCase());
  return match ? Number(match[1]) : null;
}

/** Swim paces outside 50..600 s per 100 m are sensor or entry errors, not efforts (the world record is ~46 s over 100 m). */
const MIN_SWIM_SEC_PER_100M = 50;
const MAX_SWIM_SEC_PER_100M = 600;
const MIN_EFFORT_HR = 60;
const MAX_EFFORT_HR = 230;

/** Distance in metres of a run-effort label: '400m', '1km', '5km', '1mile', 'half', 'marathon'. */
export function runLabelDistance(label: string): number | null {
  const text = label.toLowerCase().replace(/[\s_-]/g, '');
  if (text === 'half' || text === 'halfmarathon') return 21097.5;
  if (text === 'marathon' || text === 'full') return 42195;
  if (text === 'mile' || text === '1mile' || text === '1mi') return 1609.344;
  const match = /^(\d+(?:\.\d+)?)(km|k|m|mi|mile|miles)$/.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  switch (match[2]) {
    case 'km':
    case 'k':
      return n * 1000;
    case 'm':
      return n;
    default:
      return n * 1609.344;
  }
}

/** The shortest run effort the VDOT uses: below ~3 km the formula overrates sprinters. */
export const VDOT_MIN_DISTANCE_M = 3000;

/** The positive numbers of one group of a stored `best_efforts` object (`power_w`, `run_s`, ...), by label. */
function positiveEntries(efforts: object, group: string): Array<[string, number]> {
  const values = (efforts as Record<string, unknown>)[group];
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([label, raw]): Array<[string, number]> => {
    const value = positiveOrNull(raw);
    return value === null ? [] : [[label, value]];
  });
}

export function collectBestEfforts(sources: readonly EffortSource[]): BestEffortsDetail {
  const power: Record<string, { watts: number; date: string }> = {};
  const runByLabel = new Map<string, RunEffort>();
  const heartRate: BestEffortsDetail['heartRate'] = {};
  const swims: Record<string, SwimEffort> = {};
  for (const source of sources) {
    const efforts = source.best_efforts;
    if (!efforts || typeof efforts !== 'object') continue;
    for (const [label, watts] of positiveEntries(efforts, 'power_w')) {
      if (watts < 3000 && (!power[label] || watts > power[label].watts)) power[label] = { watts, date: source.date };
    }
    for (const [label, time] of positiveEntries(efforts, 'run_s')) {
      const distance = runLabelDistance(label);
      if (distance === null) continue;
      // Faster than ~2:20/km over any distance is a GPS glitch, not a best effort.
      if (time / (distance / 1000) < 140) continue;
      const current = runByLabel.get(label);
      if (!current || time < current.time_s) runByLabel.set(label, { label, distance_m: distance, time_s: time, date: source.date });
    }
    if (source.sport) {
      for (const [label, bpm] of positiveEntries(efforts, 'hr_bpm')) {
        if (bpm < MIN_EFFORT_HR || bpm > MAX_EFFORT_HR) continue;
        const bySport = (heartRate[source.sport] ??= {});
        if (!bySport[label] || bpm > bySport[label].bpm) bySport[label] = { bpm, date: source.date };
      }
    }
    for (const [label, time] of positiveEntries(efforts, 'swim_s')) {
      const distance = swimLabelDistance(label);
      if (distance === null) continue;
      const pace = time / (distance / 100);
      if (pace < MIN_SWIM_SEC_PER_100M || pace > MAX_SWIM_SEC_PER_100M) continue;
      if (!swims[label] || time < swims[label].time_s) swims[label] = { time_s: time, date: source.date };
    }
  }
  const runs = [...runByLabel.values()].sort((a, b) => a.distance_m - b.distance_m);
  const eligible = runs.filter((r) => r.distance_m >= VDOT_MIN_DISTANCE_M);
  let vdotFrom: RunEffort | null = null;
  let best: number | null = null;
  for (const run of eligible.length > 0 ? eligible : runs) {
    const value = vdot(run.distance_m, run.time_s);
    if (best === null || value > best) {
      best = value;
      vdotFrom = run;
    }
  }
  const facts: BestEfforts = {
    power_w: Object.fromEntries(Object.entries(power).map(([k, v]) => [k, Math.round(v.watts)])),
    run_s: Object.fromEntries(runs.map((r) => [r.label, Math.round(r.time_s)])),
    vdot: best === null ? null : Math.round(best * 10) / 10,
    hr_bpm: Object.fromEntries(
      Object.entries(heartRate).map(([sport, byLabel]) => [sport, Object.fromEntries(Object.entries(byLabel).map(([k, v]) => [k, Math.round(v.bpm)]))]),
    ),
    swim_s: Object.fromEntries(
      Object.entries(swims)
        .sort((a, b) => (swimLabelDistance(a[0]) ?? 0) - (swimLabelDistance(b[0]) ?? 0))
        .map(([k, v]) => [k, Math.round(v.time_s)]),
    ),
  };
  return { facts, power, runs, vdotFrom, heartRate, swims };
}
