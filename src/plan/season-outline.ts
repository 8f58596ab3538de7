import { addDays, daysBetween } from '../analytics/calendar.js';
import type { Facts, RaceFact, TrainingPhase } from '../analytics/facts.types.js';
import type { AthleteConstraints } from './athlete-constraints.js';
import { athleteHistory, type AthleteHistory } from './athlete-history.js';
import { raceLongDemandMin } from './build-plan.js';
import type { PlanSport } from './plan.types.js';

/**
 * The season outline: blocks (phases) from today to each A race with their dates, weekly
 * volume targets per sport, the longest session and the key-session focus of each block, the
 * B and C races inside them, and how the athlete's own words shaped it. Pure rules, no model:
 * the offline coach writes it out, a model gets it as the frame it must keep, the plan stores it.
 */

/** Phase lengths counted back from the A race: a 2-week taper, 3 weeks of peak, 8 of build; base before that. */
export const TAPER_WEEKS = 2;
export const PEAK_WEEKS = 3;
export const BUILD_WEEKS = 8;
/** Net weekly growth of volume over a block, loading weeks and step-back weeks together (COACHING.md: 5-10% a week, every 3rd-4th week 20-30% less). */
export const SEASON_WEEKLY_GROWTH = 0.04;
/** Volume never planned above this multiple of the last 4 weeks' mean within one season outline. */
export const SEASON_MAX_GROWTH = 1.5;
/** A sport that hurts (the athlete's words) grows at this share of the normal rate. */
export const SORE_SPORT_GROWTH_SHARE = 0.5;
/** Taper volume at its lowest, and recovery-block volume, as shares of the peak. */
export const SEASON_TAPER_SHARE = 0.55;
export const SEASON_RECOVERY_SHARE = 0.6;
/** The longest session grows by about this much a week (COACHING.md: 10-15 min). */
export const SEASON_LONG_STEP_MIN = 10;
/** Race words in the athlete's notes: a sentence with one of them is about a race. */
const RACE_WORDS = /\b(race|racing|marathon|half|10 ?k|5 ?k|triathlon|ironman|70\.3|gran fondo|sportive|event|goal race|start line)\b/i;

export interface SeasonPhase {
  phase: TrainingPhase;
  from: string;
  to: string;
  weeks: number;
}

export interface SeasonBlock extends SeasonPhase {
  /** The A race this block leads to (null after the last A race). */
  raceId: string | null;
  /**
   * Per endurance sport: the target minutes a week by the end of the block (its start is the
   * previous block's end) and the longest session the block reaches. Units in the field names,
   * as in the plan (`duration_min`).
   */
  sports: Array<{ sport: PlanSport; weekly_min: number; longest_min: number }>;
  /** What the key sessions of the block work on. */
  focus: string;
  /** B and C races that fall in the block: how they are handled. */
  races: Array<{ id: string; name: string; date: string; priority: 'B' | 'C'; handling: string }>;
}

export interface SeasonOutline {
  /** The day the outline starts from (the analysis date). */
  from: string;
  races: Array<{ id: string; name: string; date: string; priority: 'A' | 'B' | 'C'; targetTime: string | null; distance_m: number | null }>;
  blocks: SeasonBlock[];
  /** How the athlete's words (notes, answers, planning context) shaped the outline, one line each. */
  constraints: string[];
}

/**
 * The phases from tomorrow to the next A race, by the rule above, clipped to today (a race 5
 * weeks away gets 3 weeks of peak and the taper). Empty when there is no A race ahead.
 */
export function seasonPhases(facts: Facts): SeasonPhase[] {
  const race = facts.season.nextARace;
  if (!race) return [];
  return phasesTo(addDays(facts.today, 1), race.date);
}

function phasesTo(start: string, raceDate: string): SeasonPhase[] {
  const taperFrom = addDays(raceDate, -7 * TAPER_WEEKS);
  const peakFrom = addDays(taperFrom, -7 * PEAK_WEEKS);
  const buildFrom = addDays(peakFrom, -7 * BUILD_WEEKS);
  const bounds: [TrainingPhase, string, string][] = [
    ['base', start, addDays(buildFrom, -1)],
    ['build', buildFrom, addDays(peakFrom, -1)],
    ['peak', peakFrom, addDays(taperFrom, -1)],
    ['taper', taperFrom, addDays(raceDate, -1)],
    ['race', raceDate, raceDate],
  ];
  const phases: SeasonPhase[] = [];
  for (const [phase, from, to] of bounds) {
    const clippedFrom = from < start ? start : from;
    if (to < clippedFrom) continue;
    phases.push({ phase, from: clippedFrom, to, weeks: weeksOf(clippedFrom, to) });
  }
  return phases;
}

const weeksOf = (from: string, to: string) => Math.round(((daysBetween(from, to) + 1) / 7) * 10) / 10;

const FOCUS: Record<TrainingPhase, string> = {
  base: 'aerobic volume: mostly easy, the long session grows, one threshold session a week, strength',
  build: 'threshold and VO2max work growing a rep at a time, the long session towards the race\'s demand',
  peak: 'race-specific sessions at race pace, the longest long session, volume held',
  taper: 'volume down, short sharp efforts at race pace, an opener before the race',
  race: 'the race',
  recovery: 'easy only: let the race and the block settle',
  transition: 'easy, unstructured training and rest',
};

/** Endurance sports of the athlete with their current weekly minutes and longest session. */
function baseline(history: AthleteHistory): Array<{ sport: PlanSport; weekly: number; longest: number }> {
  return history.sports.filter((h) => h.weeklyMin > 0).map((h) => ({ sport: h.sport as PlanSport, weekly: h.weeklyMin, longest: h.longestMin }));
}

/** Words that name no race in particular ("City Marathon" is matched by "city" no more than by "marathon"). */
const GENERIC = /^(the|city|club|spring|summer|autumn|fall|winter|national|international|open|classic|challenge|run|ride|swim|trail|road|demo|my)$/i;

/** The words of a race's name that pick it out in a note: not race words, not generic, at least 4 letters. */
function distinctiveWords(name: string): string[] {
  return name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !RACE_WORDS.test(w) && !GENERIC.test(w)).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** The athlete's sentences about a race, quoted ("my real goal is the spring half"). */
function raceNotes(words: readonly string[]): string[] {
  return words.flatMap((t) => t.split(/(?<=[.!?;\n])\s*/)).map((s) => s.trim()).filter((s) => s && RACE_WORDS.test(s));
}

/**
 * The outline from the facts and the athlete's words. `constraints` are read from the same
 * words (src/plan/athlete-constraints.ts): a sport that hurts grows at half the rate, illness
 * or fatigue starts the first block lower; race notes are matched to the calendar.
 */
export function seasonOutlineOf(facts: Facts, constraints: AthleteConstraints, words: readonly string[] = []): SeasonOutline {
  const history = athleteHistory(facts);
  const start = addDays(facts.today, 1);
  const upcoming = facts.races.filter((r) => r.date >= facts.today).sort((a, b) => a.date.localeCompare(b.date));
  const aRaces = upcoming.filter((r) => r.priority === 'A');
  const lines: string[] = [];
  const sore = new Set(constraints.avoid.map((a) => a.sport));
  for (const a of constraints.avoid) lines.push(`${a.sport}: ${a.reason}: no ${a.sport} this week, then its volume and longest session grow at half the usual rate (${Math.round(SEASON_WEEKLY_GROWTH * SORE_SPORT_GROWTH_SHARE * 100)}% a week instead of ${Math.round(SEASON_WEEKLY_GROWTH * 100)}%)`);
  if (constraints.volumeFactor < 1) lines.push(`${constraints.noHard ?? 'your words'}: the first block starts at ${Math.round(constraints.volumeFactor * 100)}% of your recent volume`);
  for (const note of raceNotes(words)) {
    const match = upcoming.find((r) => note.toLowerCase().includes(r.name.toLowerCase()) || distinctiveWords(r.name).some((w) => new RegExp(`\\b${w}\\b`, 'i').test(note)));
    lines.push(match
      ? `you said "${note}": ${match.name} (${match.priority}, ${match.date}) is in the outline`
      : `you said "${note}": that race is not on your calendar; add it (coach race add) so the outline builds and tapers for it`);
  }

  const sports = baseline(history);
  const blocks: SeasonBlock[] = [];
  let from = start;
  let current = new Map(sports.map((s) => [s.sport, { weekly: s.weekly * (constraints.volumeFactor < 1 ? constraints.volumeFactor : 1), longest: s.longest }]));
  const cap = new Map(sports.map((s) => [s.sport, s.weekly * SEASON_MAX_GROWTH]));
  const grow = (phase: TrainingPhase, weeks: number, race: RaceFact | null) => {
    const next = new Map<PlanSport, { weekly: number; longest: number }>();
    for (const [sport, v] of current) {
      const rate = SEASON_WEEKLY_GROWTH * (sore.has(sport) ? SORE_SPORT_GROWTH_SHARE : 1);
      const longStep = SEASON_LONG_STEP_MIN * (sore.has(sport) ? SORE_SPORT_GROWTH_SHARE : 1);
      const demand = race && (race.sport ?? 'running') === sport ? raceLongDemandMin(race.distance_m) : v.longest;
      if (phase === 'base' || phase === 'build') {
        next.set(sport, { weekly: Math.min(cap.get(sport)!, v.weekly * (1 + rate) ** weeks), longest: Math.min(Math.max(demand, v.longest), v.longest + longStep * weeks) });
      } else if (phase === 'peak') next.set(sport, v);
      else if (phase === 'taper') next.set(sport, { weekly: v.weekly * SEASON_TAPER_SHARE, longest: Math.round(v.longest * 0.6) });
      else if (phase === 'recovery' || phase === 'transition') next.set(sport, { weekly: v.weekly * SEASON_RECOVERY_SHARE, longest: Math.round(v.longest * 0.6) });
      else next.set(sport, v);
    }
    return next;
  };
  const push = (p: SeasonPhase, race: RaceFact | null) => {
    const reached = grow(p.phase, p.weeks, race);
    const inside = upcoming.filter((r) => r.priority !== 'A' && r.date >= p.from && r.date <= p.to);
    blocks.push({
      ...p,
      raceId: race?.id ?? null,
      sports: [...reached].map(([sport, v]) => ({ sport, weekly_min: Math.round(v.weekly / 5) * 5, longest_min: Math.round(v.longest / 5) * 5 })),
      focus: p.phase === 'race' && race ? `${race.name}${race.targetTime ? `, target ${race.targetTime}` : ''}` : FOCUS[p.phase],
      races: inside.map((r) => ({ id: r.id, name: r.name, date: r.date, priority: r.priority as 'B' | 'C', handling: r.priority === 'B' ? 'a 2-4 day mini-taper, an opener the day before, easy the day after' : 'trained through: nothing hard the day before' })),
    });
    // The race day itself does not move the volume on; after the taper the next block starts from the peak.
    if (p.phase !== 'taper' && p.phase !== 'race') current = reached;
  };
  for (const race of aRaces) {
    if (race.date < from) continue;
    for (const p of phasesTo(from, race.date)) push(p, race);
    const recoveryDays = Math.min(21, Math.max(7, Math.round((race.distance_m ?? 10_000) / 1000 / 2)));
    const recovery: SeasonPhase = { phase: 'recovery', from: addDays(race.date, 1), to: addDays(race.date, recoveryDays), weeks: weeksOf(addDays(race.date, 1), addDays(race.date, recoveryDays)) };
    push(recovery, null);
    from = addDays(recovery.to, 1);
  }
  if (!aRaces.length) {
    // No A race: one base block of 8 weeks, B and C races placed inside it.
    push({ phase: 'base', from: start, to: addDays(start, 55), weeks: 8 }, null);
  }
  if (!sports.length) lines.push('no training history yet: the outline grows from the starter week once your sessions are in');
  return {
    from: facts.today,
    races: upcoming.map((r) => ({ id: r.id, name: r.name, date: r.date, priority: r.priority, targetTime: r.targetTime, distance_m: r.distance_m })),
    blocks,
    constraints: lines,
  };
}
