import { addDays, daysBetween } from '../analytics/calendar.js';
import type { Facts, Sport } from '../analytics/facts.types.js';

/**
 * What the athlete actually did, per sport, over the last 4 weeks: the base every volume
 * rule starts from (COACHING.md: progress from what the athlete did, per sport).
 */

/** Weeks of history the volume rules look back over. */
export const HISTORY_WEEKS = 4;
/** A gap of this many days without training is a break: restart lower. */
export const BREAK_DAYS = 14;
/** After a break, restart at this share of the pre-break volume (COACHING.md: 50-70%). */
export const RESTART_SHARE = 0.6;
/** A sport is trained when it has about one session every two weeks (at least 2)... */
export const TRAINED_PER_WEEK = 0.5;
/** ...or holds this share of them. */
export const TRAINED_SHARE = 0.15;
/** At or above this many minutes a week an athlete may do 3 hard sessions (COACHING.md: 2 for most). */
export const HIGH_VOLUME_MIN = 600;

export const ENDURANCE: readonly Sport[] = ['running', 'cycling', 'swimming'];

export interface SportHistory {
  sport: Sport;
  /** Mean weekly minutes over the base window (4 weeks, or the 4 before a break). */
  weeklyMin: number;
  /** Longest session in the base window, minutes. */
  longestMin: number;
  sessionsPerWeek: number;
  /** Most minutes above the second threshold in one session of the window (0 when unknown). */
  hardWorkMin: number;
}

export interface AthleteHistory {
  sports: SportHistory[];
  /** Days since the last session; null with no sessions at all. */
  daysSinceLast: number | null;
  /** True when the athlete is back from a break of BREAK_DAYS or more (the volume restarts lower). */
  returningFromBreak: boolean;
  totalWeeklyMin: number;
  /** Days in the window with two sessions or more: the athlete already trains twice a day. */
  doubleDays: number;
  strengthPerWeek: number;
  /** Sessions already done on the analysis date: that day is not planned again. */
  today: Array<{ sport: Sport; minutes: number }>;
}

export function athleteHistory(facts: Facts): AthleteHistory {
  const sessions = facts.load.sessions.filter((s) => s.date <= facts.today);
  const last = sessions.reduce<string | null>((m, s) => (m === null || s.date > m ? s.date : m), null);
  const daysSinceLast = last === null ? null : daysBetween(last, facts.today);
  // After a break the base window is the 4 weeks before it; otherwise the last 4 weeks.
  const returningFromBreak = daysSinceLast !== null && daysSinceLast >= BREAK_DAYS;
  const windowEnd = returningFromBreak && last ? last : facts.today;
  // Only the analysed window holds sessions: a window shorter than 4 weeks divides by its own length.
  const covered = Math.max(7, daysBetween(facts.range.activitiesFrom < addDays(windowEnd, -7 * HISTORY_WEEKS + 1) ? addDays(windowEnd, -7 * HISTORY_WEEKS + 1) : facts.range.activitiesFrom, windowEnd) + 1);
  const weeks = covered / 7;
  const windowStart = addDays(windowEnd, -covered + 1);
  const inWindow = sessions.filter((s) => s.date >= windowStart && s.date <= windowEnd);
  const recent8 = sessions.filter((s) => s.date > addDays(windowEnd, -56) && s.date <= windowEnd && s.date >= facts.range.activitiesFrom);
  const weeks8 = Math.min(8, Math.max(1, (daysBetween(recent8.reduce((m, s) => (s.date < m ? s.date : m), windowEnd), windowEnd) + 1) / 7));
  const endurance8 = recent8.filter((s) => ENDURANCE.includes(s.sport));
  const perDay = new Map<string, number>();
  for (const s of inWindow) perDay.set(s.date, (perDay.get(s.date) ?? 0) + 1);

  const sports: SportHistory[] = [];
  for (const sport of ENDURANCE) {
    const count8 = endurance8.filter((s) => s.sport === sport).length;
    if (count8 === 0 || (count8 < Math.max(2, weeks8 * TRAINED_PER_WEEK) && count8 / endurance8.length < TRAINED_SHARE)) continue;
    const own = inWindow.filter((s) => s.sport === sport);
    const minutes = own.reduce((sum, s) => sum + s.duration_s / 60, 0);
    const scale = returningFromBreak ? RESTART_SHARE : 1;
    sports.push({
      sport,
      weeklyMin: Math.round((minutes / weeks) * scale),
      longestMin: Math.round(own.reduce((m, s) => Math.max(m, s.duration_s / 60), 0) * scale),
      sessionsPerWeek: Math.round((own.length / weeks) * 10) / 10 || Math.round((count8 / weeks8) * 10) / 10,
      hardWorkMin: Math.round(own.reduce((m, s) => Math.max(m, (s.polarized_s?.z3 ?? 0) / 60), 0)),
    });
  }
  sports.sort((a, b) => b.weeklyMin - a.weeklyMin);
  return {
    sports,
    daysSinceLast,
    returningFromBreak,
    totalWeeklyMin: sports.reduce((s, h) => s + h.weeklyMin, 0),
    doubleDays: [...perDay.values()].filter((n) => n >= 2).length,
    strengthPerWeek: inWindow.filter((s) => s.sport === 'strength').length / weeks,
    today: sessions.filter((s) => s.date === facts.today).map((s) => ({ sport: s.sport, minutes: Math.round(s.duration_s / 60) })),
  };
}
