/**
 * Best efforts across activities, from the `best_efforts` jsonb that ingest computes from
 * the per-second samples: `{ power_w: { '5s': 900, '1min': 420, '5min': 330, '20min': 262,
 * '60min': 240 }, run_s: { '1km': 225, '5km': 1260, '10km': 2620, 'half': 5900 } }`.
 * Missing keys, other keys and non-positive numbers are tolerated (ignored). The best power
 * per duration is the maximum; the best run time per distance the minimum.
 */
import type { BestEfforts } from './facts.types.js';
import { positiveOrNull } from './numbers.js';
import { vdot } from './running-formulas.js';

export interface EffortSource {
  best_efforts?: unknown;
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
}

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

export function collectBestEfforts(sources: readonly EffortSource[]): BestEffortsDetail {
  const power: Record<string, { watts: number; date: string }> = {};
  const runByLabel = new Map<string, RunEffort>();
  for (const source of sources) {
    const efforts = source.best_efforts;
    if (!efforts || typeof efforts !== 'object') continue;
    const powerW = (efforts as { power_w?: unknown }).power_w;
    if (powerW && typeof powerW === 'object') {
      for (const [label, raw] of Object.entries(powerW as Record<string, unknown>)) {
        const watts = positiveOrNull(raw);
        if (watts !== null && watts < 3000 && (!power[label] || watts > power[label].watts)) power[label] = { watts, date: source.date };
      }
    }
    const runS = (efforts as { run_s?: unknown }).run_s;
    if (runS && typeof runS === 'object') {
      for (const [label, raw] of Object.entries(runS as Record<string, unknown>)) {
        const time = positiveOrNull(raw);
        const distance = runLabelDistance(label);
        if (time === null || distance === null) continue;
        // Faster than ~2:20/km over any distance is a GPS glitch, not a best effort.
        if (time / (distance / 1000) < 140) continue;
        const current = runByLabel.get(label);
        if (!current || time < current.time_s) runByLabel.set(label, { label, distance_m: distance, time_s: time, date: source.date });
      }
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
  };
  return { facts, power, runs, vdotFrom };
}
