/**
 * The curves part of the facts: the repository's per-window best points (activity_mean_max)
 * shaped per sport and kind, and the models fitted to the last 90 days (curve-models.ts).
 * Which curves: power for cycling, speed for running and swimming, heart rate for running
 * and cycling. Speeds outside what a human does are sensor errors and left out (running
 * above 7 m/s for 10 s or longer, i.e. faster than 2:23/km; swimming above 2.5 m/s).
 */
import { criticalPowerModel, criticalSpeedModel, criticalSwimSpeedModel } from './curve-models.js';
import type { CurveEffort, CurveFacts, MeanMaxCurveFacts, Sport } from './facts.types.js';
import type { CurveWindow, FactsInput, MeanMaxPointInput } from './facts-input.js';
import { curveWindows } from './history-windows.js';

const CURVES: ReadonlyArray<{ sport: Sport; kind: MeanMaxCurveFacts['kind']; unit: MeanMaxCurveFacts['unit'] }> = [
  { sport: 'cycling', kind: 'power', unit: 'W' },
  { sport: 'running', kind: 'speed', unit: 'm/s' },
  { sport: 'swimming', kind: 'speed', unit: 'm/s' },
  { sport: 'running', kind: 'hr', unit: 'bpm' },
  { sport: 'cycling', kind: 'hr', unit: 'bpm' },
];

function plausible(p: MeanMaxPointInput): boolean {
  if (!(p.value > 0) || !(p.duration_s > 0)) return false;
  if (p.kind === 'power') return p.value < 3000;
  if (p.kind === 'hr') return p.value >= 60 && p.value <= 230;
  if (p.sport === 'running') return p.duration_s < 10 || p.value <= 7;
  if (p.sport === 'swimming') return p.value <= 2.5;
  return true;
}

function pointsOf(rows: readonly MeanMaxPointInput[] | undefined, sport: Sport, kind: MeanMaxCurveFacts['kind']): CurveEffort[] {
  return (rows ?? [])
    .filter((p) => p.sport === sport && p.kind === kind && plausible(p))
    .sort((a, b) => a.duration_s - b.duration_s)
    .map((p) => ({ duration_s: p.duration_s, value: p.value, date: p.date, activityId: p.activityId }));
}

export function curveFacts(input: Pick<FactsInput, 'today' | 'meanMax'>): CurveFacts {
  const windows = curveWindows(input.today);
  const rows = input.meanMax ?? {};
  const curves: MeanMaxCurveFacts[] = [];
  for (const { sport, kind, unit } of CURVES) {
    const of = (w: CurveWindow) => pointsOf(rows[w], sport, kind);
    const curve = { sport, kind, unit, last90d: of('last90d'), season: of('season'), previousSeason: of('previousSeason'), allTime: of('allTime') };
    if (curve.allTime.length > 0 || curve.last90d.length > 0) curves.push(curve);
  }
  const recent = (sport: Sport, kind: MeanMaxCurveFacts['kind']) => pointsOf(rows.last90d, sport, kind);
  return {
    seasonFrom: windows.season.from as string,
    previousSeasonFrom: windows.previousSeason.from as string,
    curves,
    models: {
      cycling: criticalPowerModel(recent('cycling', 'power')),
      running: criticalSpeedModel(recent('running', 'speed')),
      swimming: criticalSwimSpeedModel(recent('swimming', 'speed')),
    },
  };
}
