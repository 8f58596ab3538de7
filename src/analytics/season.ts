/**
 * Current training phase, a simple periodisation rule counted back from the next A race
 * (after Friel, "The Triathlete's Training Bible": base, build, peak, race, transition):
 * - recovery: an A race finished 1..14 days ago, unless the next A race is within 14 days;
 * - race:     the next A race is 0..6 days away (race week);
 * - taper:    7..14 days (up to 2 weeks);
 * - peak:     15..35 days (3 to 5 weeks);
 * - build:    36..84 days (6 to 12 weeks);
 * - base:     more than 84 days (over 12 weeks);
 * - no A race ahead: transition when an A race finished 15..28 days ago (off-season),
 *   else base.
 */
import type { Facts, RaceFact, TrainingPhase } from './facts.types.js';

export const RECOVERY_DAYS = 14;
export const TRANSITION_DAYS = 28;

export function phaseForDaysToRace(days: number): TrainingPhase {
  if (days <= 6) return 'race';
  if (days <= 14) return 'taper';
  if (days <= 35) return 'peak';
  if (days <= 84) return 'build';
  return 'base';
}

export function seasonFacts(races: readonly RaceFact[]): Facts['season'] {
  const aRaces = races.filter((r) => r.priority === 'A');
  const next = aRaces.filter((r) => r.daysToRace >= 0).sort((a, b) => a.daysToRace - b.daysToRace)[0] ?? null;
  const lastPast = aRaces.filter((r) => r.daysToRace < 0).sort((a, b) => b.daysToRace - a.daysToRace)[0] ?? null;
  const nextARace = next ? { id: next.id, name: next.name, date: next.date, weeksToRace: next.weeksToRace } : null;
  const since = lastPast ? -lastPast.daysToRace : null;

  if (since !== null && since <= RECOVERY_DAYS && !(next && next.daysToRace <= 14)) {
    return { nextARace, phase: 'recovery', phaseReason: `${since} days after ${lastPast!.name} (A): recovery (up to ${RECOVERY_DAYS} days after an A race)` };
  }
  if (next) {
    const phase = phaseForDaysToRace(next.daysToRace);
    const when = next.daysToRace === 0 ? 'race day:' : next.daysToRace < 14 ? `${next.daysToRace} days to` : `${Math.floor(next.daysToRace / 7)} weeks to`;
    return { nextARace, phase, phaseReason: `${when} ${next.name} (A): ${phase}` };
  }
  if (since !== null && since <= TRANSITION_DAYS) {
    return { nextARace, phase: 'transition', phaseReason: `${since} days after ${lastPast!.name} (A) and no A race ahead: transition` };
  }
  return { nextARace, phase: 'base', phaseReason: 'no A race ahead: base' };
}
