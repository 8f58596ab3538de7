import type { Facts, TrainingPhase } from '../analytics/facts.types.js';
import { addDays } from '../analytics/calendar.js';

export interface SeasonPhase {
  phase: TrainingPhase;
  from: string;
  to: string;
  weeks: number;
}

/** Phase lengths counted back from the A race: a 2-week taper, 3 weeks of peak, 8 of build; base before that. */
export const TAPER_WEEKS = 2;
export const PEAK_WEEKS = 3;
export const BUILD_WEEKS = 8;

/**
 * The phases from tomorrow to the next A race, by the rule above, clipped to today (a race 5
 * weeks away gets 3 weeks of peak and the taper). Empty when there is no A race ahead.
 */
export function seasonOutline(facts: Facts): SeasonPhase[] {
  const race = facts.season.nextARace;
  if (!race) return [];
  const start = addDays(facts.today, 1);
  const taperFrom = addDays(race.date, -7 * TAPER_WEEKS);
  const peakFrom = addDays(taperFrom, -7 * PEAK_WEEKS);
  const buildFrom = addDays(peakFrom, -7 * BUILD_WEEKS);
  const bounds: [TrainingPhase, string, string][] = [
    ['base', start, addDays(buildFrom, -1)],
    ['build', buildFrom, addDays(peakFrom, -1)],
    ['peak', peakFrom, addDays(taperFrom, -1)],
    ['taper', taperFrom, addDays(race.date, -1)],
    ['race', race.date, race.date],
  ];
  const phases: SeasonPhase[] = [];
  for (const [phase, from, to] of bounds) {
    const clippedFrom = from < start ? start : from;
    if (to < clippedFrom) continue;
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${clippedFrom}T00:00:00Z`)) / 86_400_000 + 1;
    phases.push({ phase, from: clippedFrom, to, weeks: Math.round((days / 7) * 10) / 10 });
  }
  return phases;
}
