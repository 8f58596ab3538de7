import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';

/** Ten years: more history than anyone extracts, small enough to catch typos like 20000. */
export const MAX_DAYS = 3650;

/**
 * A whole number of days, 1..3650. Accepts a number or a string of digits (flags arrive as
 * strings, YAML gives numbers); rejects 0, -1, 1.5, "abc", "1e3" and huge values.
 */
export function parsePositiveDays(value: unknown, field = 'days'): number {
  const days = parseWholeNumber(value);
  if (days === undefined || days < 1 || days > MAX_DAYS) {
    throw new ValidationError(`not a whole number of days from 1 to ${MAX_DAYS}: ${shownValue(value)}`, field);
  }
  return days;
}

/** A positive integer id that fits a Postgres integer column (e.g. a BikeReg event id). */
export function parsePositiveId(value: unknown, field = 'id'): number {
  const id = parseWholeNumber(value);
  if (id === undefined || id < 1 || id > 2_147_483_647) {
    throw new ValidationError(`not a positive whole number: ${shownValue(value)}`, field);
  }
  return id;
}

function parseWholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^\+?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
