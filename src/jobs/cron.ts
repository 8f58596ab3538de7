import parser from 'cron-parser';
import { UserError } from '../errors.js';
import { shownValue } from '../validation/index.js';

/**
 * Cron expressions of schedules: the five classic fields (minute hour day-of-month month
 * day-of-week), read in the schedule's IANA time zone. cron-parser does the parsing; it also
 * takes a sixth (seconds) field, which coach refuses: a schedule fires at most once a minute.
 */
export function checkCron(expression: string): string {
  const cron = expression.trim().replace(/\s+/g, ' ');
  const fields = cron.split(' ').filter(Boolean);
  if (fields.length !== 5) {
    throw new UserError(`--cron must have 5 fields (minute hour day month weekday), e.g. "0 3 * * *" (got "${shownValue(expression, 60)}")`);
  }
  try {
    parser.parseExpression(cron);
  } catch (error) {
    throw new UserError(`--cron "${shownValue(expression, 60)}" is not a valid cron expression: ${(error as Error).message}`);
  }
  return cron;
}

export function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new UserError(`--tz "${shownValue(zone, 60)}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The latest tick of `cron` at or before `now`. */
export function lastTick(cron: string, timezone: string, now: Date): Date {
  // cron-parser's prev() is strictly before currentDate; a tick at exactly `now` counts.
  return parser.parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: timezone }).prev().toDate();
}

export function nextTick(cron: string, timezone: string, now: Date): Date {
  return parser.parseExpression(cron, { currentDate: now, tz: timezone }).next().toDate();
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: the day a nightly job is for. */
export function dateIn(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
