import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';

/**
 * An email address, trimmed and lower-cased. Deliberately simple (one @, a dot in the
 * domain, no spaces or control characters): the mail server is the real judge.
 */
export function parseEmail(value: unknown, field = 'email'): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (text.length > 254 || !/^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+\.[^\s@\u0000-\u001f\u007f.]+$/.test(text)) {
    throw new ValidationError(`not an email address: ${shownValue(value)}`, field);
  }
  return text;
}
