/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings via integer day numbers (days since
 * 1970-01-01, UTC), so no local time zone can shift a date.
 */
const MS_PER_DAY = 86_400_000;

export function toDayNumber(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b - a in days. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Monday of the ISO week holding `day` (a day number). */
export function isoWeekStartDay(day: number): number {
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  return day - (((day + 3) % 7) + 7) % 7;
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return fromDayNumber(toDayNumber(date)) === date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar date of an instant in a time zone ('UTC' by default). */
export function dateOfInstant(instant: Date | string, timeZone = 'UTC'): string {
  const when = instant instanceof Date ? instant : new Date(instant);
  if (timeZone === 'UTC') return when.toISOString().slice(0, 10);
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(when);
}

export function instantIso(instant: Date | string): string {
  return (instant instanceof Date ? instant : new Date(instant)).toISOString();
}
