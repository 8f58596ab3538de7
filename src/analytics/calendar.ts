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

/** Day number to 'YYYY-MM-DD' (Hinnant's civil_from_days; no Date, it runs per series day). */
export function fromDayNumber(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
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

export function isValidTimeZone(timeZone: string): boolean {
  try {
    dateOfInstant(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}
