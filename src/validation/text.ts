import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';

/** Length limits for free text, in characters. */
export const TEXT_LIMITS = {
  name: 200,
  raceType: 100,
  context: 20_000,
  path: 1_000,
  url: 2_000,
  zoneMetric: 100,
  /** The width of `training_zones.zone_value` (varchar(50)). */
  zoneValue: 50,
} as const;

export interface TextRules {
  /** Maximum length in characters (code points). */
  max: number;
  /** Allow newlines and tabs (contexts are paragraphs); other control characters never. */
  multiline?: boolean;
}

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators that break a line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/g;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * Trimmed text that must not be empty. SQL metacharacters and emoji are fine (queries are
 * parameterised); control characters and over-long text are not.
 */
export function parseRequiredText(value: unknown, field: string, rules: TextRules): string {
  const text = parseOptionalText(value, field, rules);
  if (text === null) throw new ValidationError('must not be empty', field);
  return text;
}

/** Like parseRequiredText, but empty or missing means null. */
export function parseOptionalText(value: unknown, field: string, rules: TextRules): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') throw new ValidationError(`must be text, not ${shownValue(value)}`, field);
  // Windows line endings become plain newlines before the checks.
  const text = (rules.multiline ? value.replace(/\r\n/g, '\n') : value).trim();
  if (text === '') return null;
  const pattern = rules.multiline ? CONTROL_EXCEPT_NEWLINE_TAB : CONTROL;
  if (pattern.test(text)) {
    throw new ValidationError(
      rules.multiline ? 'contains control characters (only newlines and tabs are allowed)' : 'contains control characters',
      field,
    );
  }
  // Text that shows nothing (zero-width spaces and joiners, a BOM, soft hyphens) is not a name.
  if (text.replace(INVISIBLE, '').trim() === '') throw new ValidationError('must not be empty (it has only invisible characters)', field);
  // Bidirectional overrides and isolates make a name display as something else (U+202E turns
  // "gpj.exe" around); right-to-left scripts and the plain marks U+200E/U+200F stay allowed.
  if (!rules.multiline && BIDI_OVERRIDE.test(text)) {
    throw new ValidationError('contains bidirectional override characters (U+202A-U+202E, U+2066-U+2069), which disguise text', field);
  }
  const length = Array.from(text).length;
  if (length > rules.max) throw new ValidationError(`too long (${length} characters, at most ${rules.max})`, field);
  return text;
}
