/**
 * Weekly totals per ISO week (Monday start), with Foster's training monotony and strain
 * (Foster 1998, "Monitoring training in athletes with reference to overtraining syndrome"):
 *   monotony = mean daily load / standard deviation of daily load over the week's days
 *   strain   = weekly load x monotony
 * The standard deviation is the population SD over the week's seven days (rest days count
 * as 0); with SD 0 (no training, or identical loads every day) monotony is null.
 * The current week is partial: its totals cover Monday..today, and its monotony and strain
 * are null until the week is complete (Foster's measure is defined on a whole week).
 */
import type { Sport, WeekFact } from './facts.types.js';
import { fromDayNumber, isoWeekStartDay, toDayNumber } from './calendar.js';
import { populationSd, round } from './numbers.js';
import type { LoadEntry } from './pmc.js';
import type { PolarizedSeconds } from './intensity.js';
import { toPercent } from './intensity.js';

export interface WeeklySession {
  date: string;
  sport: Sport;
  load: number;
  duration_s: number;
  distance_m: number | null;
  polarized_s: PolarizedSeconds | null;
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
  const weeks: (WeekFact & { _pol: PolarizedSeconds; _zoned: boolean })[] = [];
  for (let i = 0; i < count; i++) {
    weeks.push({
      weekStart: fromDayNumber(firstWeek + i * 7),
      load: 0,
      duration_s: 0,
      distance_m: 0,
      sessions: 0,
      bySport: {},
      monotony: null,
      strain: null,
      polarized_pct: null,
      _pol: { z1: 0, z2: 0, z3: 0 },
      _zoned: false,
    });
  }
  for (const s of sessions) {
    const day = toDayNumber(s.date);
    if (day > lastDay) continue;
    const index = (isoWeekStartDay(day) - firstWeek) / 7;
    if (index < 0 || index >= count) continue;
    const week = weeks[index];
    week.load += s.load;
    week.duration_s += s.duration_s;
    week.distance_m += s.distance_m ?? 0;
    week.sessions += 1;
    const sport = (week.bySport[s.sport] ??= { load: 0, duration_s: 0, distance_m: 0, sessions: 0 });
    sport.load += s.load;
    sport.duration_s += s.duration_s;
    sport.distance_m += s.distance_m ?? 0;
    sport.sessions += 1;
    if (s.polarized_s) {
      week._zoned = true;
      week._pol.z1 += s.polarized_s.z1;
      week._pol.z2 += s.polarized_s.z2;
      week._pol.z3 += s.polarized_s.z3;
    }
  }
  return weeks.map(({ _pol, _zoned, ...week }, i) => {
    const loads = dailyLoads[i];
    const weekLoad = loads.reduce((a, b) => a + b, 0);
    const mono = loads.length === 7 ? monotony(loads) : null;
    const bySport: WeekFact['bySport'] = {};
    for (const [sport, v] of Object.entries(week.bySport) as [Sport, NonNullable<WeekFact['bySport'][Sport]>][]) {
      bySport[sport] = { load: round(v.load, 1), duration_s: Math.round(v.duration_s), distance_m: Math.round(v.distance_m), sessions: v.sessions };
    }
    return {
      ...week,
      // The week's load is the sum of its daily loads (equal to its sessions' loads when all are in range).
      load: round(loads.length > 0 ? weekLoad : week.load, 1),
      duration_s: Math.round(week.duration_s),
      distance_m: Math.round(week.distance_m),
      bySport,
      monotony: mono === null ? null : round(mono, 2),
      strain: mono === null ? null : round(weekLoad * mono, 1),
      polarized_pct: _zoned ? toPercent(_pol) : null,
    };
  });
}
