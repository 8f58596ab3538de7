import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The dates coach accepts: races, activities and plans of living athletes. */
const EARLIEST = '1970-01-01';
const LATEST = '2100-12-31';

/** True for a calendar date written YYYY-MM-DD that coach accepts (1970-2100; 2027-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return isRealDate(text) && text >= EARLIEST && text <= LATEST;
}

/** True for any real date written YYYY-MM-DD (years 0001-9999). */
function isRealDate(text: string): boolean {
  const match = DATE_SHAPE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** A calendar date as 'YYYY-MM-DD'; anything else is a ValidationError naming `field`. */
export function parseCalendarDate(value: unknown, field = 'date'): string {
  const text = typeof value === 'string' ? value.trim() : value instanceof Date ? undefined : value;
  if (typeof text !== 'string' || !isRealDate(text)) {
    throw new ValidationError(`not a date (YYYY-MM-DD): ${shownValue(value)}`, field);
  }
  // A real date, but not one a training calendar holds: say so instead of "not a date".
  if (text < EARLIEST) throw new ValidationError(`too far in the past (dates start at ${EARLIEST}): ${text}`, field);
  if (text > LATEST) throw new ValidationError(`too far in the future (dates end at ${LATEST}): ${text}`, field);
  return text;
}

/** Today in the local time zone as 'YYYY-MM-DD' (what an athlete calls "today"). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const toUtc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}
