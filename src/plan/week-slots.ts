import type { Weekday } from './availability.js';
import type { PlanRace } from './plan-context.js';
import type { PlanSport } from './plan.types.js';

/**
 * The working state of one plan week while the rules fill it (build-plan.ts) and a revision
 * keeps the previous plan's days (revise-week.ts): seven slots, each with what the rules
 * allow on it and the items placed so far.
 */

export interface Slot {
  date: string;
  weekday: Weekday;
  minutes: number;
  rest: string | null;
  race: PlanRace | null;
  noHard: string | null;
  noLong: string | null;
  items: Item[];
  /** The previous plan holds this date: the revision decides it, the fresh fill leaves it alone. */
  covered: boolean;
  /** Why the day differs from the previous plan, one entry per rule that changed it. */
  why: string[];
}

export type ItemKind = 'race' | 'long' | 'hard' | 'opener' | 'easy' | 'strength';
export interface Item {
  kind: ItemKind;
  sport: PlanSport;
  minutes: number;
  hardType?: 'threshold' | 'vo2max' | 'tempo';
  workMin?: number;
  /** Kept from the previous plan: its duration is kept too (the easy sizing leaves it alone). */
  fixed?: boolean;
  easyType?: 'easy' | 'endurance' | 'recovery';
}

export interface SportWeek {
  sport: PlanSport;
  /** Minutes of the sport still to place. */
  budget: number;
  /** The week's minutes of the sport before anything was placed. */
  target: number;
  sessions: number;
  longMin: number;
  /** The longest the week's long session may be (progression cap), minutes. */
  longCap: number;
  /** A long session of the sport is already on the week (kept or moved by a revision). */
  longPlaced: boolean;
  hard: number;
  /** Hard sessions of the sport already on the week (kept or moved by a revision). */
  hardPlaced: number;
  /** The sport that replaced it (a sore knee: runs become rides): only easy sessions. */
  replacementFor?: PlanSport;
}

/** A slot the fresh fill may use: nothing on it, not a rest or race day, not decided by the revision. */
export const free = (s: Slot) => !s.rest && !s.race && s.items.length === 0 && !s.covered;
export const hasKind = (s: Slot | undefined, kinds: ItemKind[]) => Boolean(s && s.items.some((i) => kinds.includes(i.kind)));

/** True when the slot before or after `s` holds one of `kinds`. */
export function nextTo(slots: readonly Slot[], s: Slot, kinds: ItemKind[]): boolean {
  const i = slots.indexOf(s);
  return hasKind(slots[i - 1], kinds) || hasKind(slots[i + 1], kinds);
}
