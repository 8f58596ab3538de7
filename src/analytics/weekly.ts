/**
 * Weekly totals per ISO week (Monday start), with Foster's training monotony and strain
 * (Foster 1998, "Monitoring training in athletes with reference to overtraining syndrome"):
 *   monotony = mean daily load / standard deviation of daily load over the week's days
 *   strain   = weekly load x monotony
 * The standard deviation is the population SD over the week's seven days (rest days count
 * as 0); with SD 0 (no training, or identical loads every day) monotony is null.
 * The current week is partial: its totals cover Monday..today, and its monotony and strain
 * are null until the week is complete (Foster's measure is defined on a whole week).
 * Intensity per week, and per sport within the week: the 3-zone polarized split and the
 * athlete's five zones, as percent of the zoned time (intensity.ts says how sessions are zoned).
 */
import type { Sport, WeekFact, WeekSportFact } from './facts.types.js';
import { fromDayNumber, isoWeekStartDay, toDayNumber } from './calendar.js';
import { populationSd, round } from './numbers.js';
import type { LoadEntry } from './pmc.js';
import type { PolarizedSeconds } from './intensity.js';
import { fiveZonePercent, toPercent } from './intensity.js';

export interface WeeklySession {
  date: string;
  sport: Sport;
  load: number;
  duration_s: number;
  distance_m: number | null;
  polarized_s: PolarizedSeconds | null;
  /** Seconds in the athlete's Z1..Z5, when zones allow. */
  fiveZone_s?: readonly number[] | null;
}

/** Running totals of a week or of a sport's week, before rounding. */
interface Tally {
  load: number;
  duration_s: number;
  distance_m: number;
  sessions: number;
  polarized: PolarizedSeconds | null;
  fiveZone: number[] | null;
}

const emptyTally = (): Tally => ({ load: 0, duration_s: 0, distance_m: 0, sessions: 0, polarized: null, fiveZone: null });

function add(tally: Tally, s: WeeklySession): void {
  tally.load += s.load;
  tally.duration_s += s.duration_s;
  tally.distance_m += s.distance_m ?? 0;
  tally.sessions += 1;
  if (s.polarized_s) {
    tally.polarized ??= { z1: 0, z2: 0, z3: 0 };
    tally.polarized.z1 += s.polarized_s.z1;
    tally.polarized.z2 += s.polarized_s.z2;
    tally.polarized.z3 += s.polarized_s.z3;
  }
  if (s.fiveZone_s) {
    tally.fiveZone ??= [0, 0, 0, 0, 0];
    for (let i = 0; i < 5; i++) tally.fiveZone[i] += s.fiveZone_s[i] ?? 0;
  }
}

export function monotony(dailyLoads: readonly number[]): number | null {
  if (dailyLoads.length === 0) return null;
  const sd = populationSd(dailyLoads) as number;
  if (sd === 0) return null;
  const m = dailyLoads.reduce((a, b) => a + b, 0) / dailyLoads.length;
  return m / sd;
}

/**
 * One WeekFact per ISO week from the week holding `from` to the week holding `to`.
 * `daily` must cover every day of those weeks that is <= `to` (extra days are ignored).
 */
export function weeklySummaries(daily: readonly LoadEntry[], sessions: readonly WeeklySession[], from: string, to: string): WeekFact[] {
  const firstWeek = isoWeekStartDay(toDayNumber(from));
  const lastDay = toDayNumber(to);
  const lastWeek = isoWeekStartDay(lastDay);
  const count = (lastWeek - firstWeek) / 7 + 1;
  if (count <= 0) return [];
  const dailyLoads: number[][] = Array.from({ length: count }, () => []);
  for (const entry of daily) {
    const day = toDayNumber(entry.date);
    if (day > lastDay) continue;
    const index = (isoWeekStartDay(day) - firstWeek) / 7;
    if (index >= 0 && index < count) dailyLoads[index].push(entry.load);
  }
  const weeks = Array.from({ length: count }, () => ({ total: emptyTally(), bySport: {} as Partial<Record<Sport, Tally>> }));
  for (const s of sessions) {
    const day = toDayNumber(s.date);
    if (day > lastDay) continue;
    const index = (isoWeekStartDay(day) - firstWeek) / 7;
    if (index < 0 || index >= count) continue;
    const week = weeks[index];
    add(week.total, s);
    add((week.bySport[s.sport] ??= emptyTally()), s);
  }
  return weeks.map(({ total, bySport: tallies }, i) => {
    const loads = dailyLoads[i];
    const weekLoad = loads.reduce((a, b) => a + b, 0);
    const mono = loads.length === 7 ? monotony(loads) : null;
    const bySport: WeekFact['bySport'] = {};
    for (const [sport, v] of Object.entries(tallies) as [Sport, Tally][]) {
      const fact: WeekSportFact = {
        load: round(v.load, 1),
        duration_s: Math.round(v.duration_s),
        distance_m: Math.round(v.distance_m),
        sessions: v.sessions,
        polarized_pct: v.polarized ? toPercent(v.polarized) : null,
        fiveZone_pct: v.fiveZone ? fiveZonePercent(v.fiveZone) : null,
      };
      bySport[sport] = fact;
    }
    return {
      weekStart: fromDayNumber(firstWeek + i * 7),
      // The week's load is the sum of its daily loads (equal to its sessions' loads when all are in range).
      load: round(loads.length > 0 ? weekLoad : total.load, 1),
      duration_s: Math.round(total.duration_s),
      distance_m: Math.round(total.distance_m),
      sessions: total.sessions,
      bySport,
      monotony: mono === null ? null : round(mono, 2),
      strain: mono === null ? null : round(weekLoad * mono, 1),
      polarized_pct: total.polarized ? toPercent(total.polarized) : null,
      fiveZone_pct: total.fiveZone ? fiveZonePercent(total.fiveZone) : null,
    };
  });
}
