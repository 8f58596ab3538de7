/**
 * When the athlete can train: minutes per weekday, fixed rest days, whether two sessions a
 * day are allowed, and the day for the long session. Stored per training config
 * (table trainingconfig_availability); every plan respects it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Availability {
  /** Minutes available per weekday; a missing day has no limit (0 = no training that day). */
  minutes: Partial<Record<Weekday, number>>;
  restDays: Weekday[];
  twoADay: boolean;
  longDay: Weekday | null;
}

/** A day has at most 24 hours; more is a typo. */
export const MAX_DAY_MINUTES = 24 * 60;

/** Weekday of a 'YYYY-MM-DD' date. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

export function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}
