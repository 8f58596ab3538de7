import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';
import { TEXT_LIMITS } from './text.js';

/**
 * A target finish time HH:MM:SS as the seed schema stores it: hours 0-23, minutes and
 * seconds below 60 (so 25:00:00 is rejected). Returned with two-digit hours: 3:15:00 -> 03:15:00.
 */
export function parseTargetTime(value: unknown, field = 'target_time'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^([01]?\d|2[0-3]):([0-5]\d):([0-5]\d)$/.exec(text);
  if (!match) {
    throw new ValidationError(`not a time HH:MM:SS (hours below 24, minutes and seconds below 60): ${shownValue(value)}`, field);
  }
  // 00:00:00 is a time, but no finish takes no time.
  if (Number(match[1]) + Number(match[2]) + Number(match[3]) === 0) throw new ValidationError('a target time must be longer than 00:00:00', field);
  return `${match[1].padStart(2, '0')}:${match[2]}:${match[3]}`;
}

/** An http(s) URL such as a RunReg event page. */
export function parseHttpUrl(value: unknown, field = 'url'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname || /[\s\u0000-\u001f\u007f]/.test(text)) {
    throw new ValidationError(`not an http(s) URL: ${shownValue(value)}`, field);
  }
  if (text.length > TEXT_LIMITS.url) throw new ValidationError(`too long (at most ${TEXT_LIMITS.url} characters)`, field);
  return text;
}
