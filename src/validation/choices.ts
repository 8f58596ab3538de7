import { ValidationError } from '../errors.js';
import { shownValue } from './shown-value.js';

export const PRIORITIES = ['A', 'B', 'C'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const AI_MODE_NAMES = ['development', 'standard', 'cost_effective'] as const;
export type AiModeName = (typeof AI_MODE_NAMES)[number];
export const SEXES = ['female', 'male'] as const;
export type SexName = (typeof SEXES)[number];
export const DISCIPLINE_NAMES = ['Running', 'Cycling', 'Swimming'] as const;
export type DisciplineName = (typeof DISCIPLINE_NAMES)[number];

/** Race priority A, B or C; any case in, upper case out. */
export function parsePriority(value: unknown, field = 'priority'): Priority {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(PRIORITIES as readonly string[]).includes(text)) {
    throw new ValidationError(`must be A, B or C, not ${shownValue(value)}`, field);
  }
  return text as Priority;
}

/** development | standard | cost_effective (any case; "cost-effective" accepted). */
export function parseAiMode(value: unknown, field = 'ai_mode'): AiModeName {
  const text = typeof value === 'string' ? value.trim().toLowerCase().replace(/-/g, '_') : '';
  if (!(AI_MODE_NAMES as readonly string[]).includes(text)) {
    throw new ValidationError(`must be one of ${AI_MODE_NAMES.join(', ')}, not ${shownValue(value)}`, field);
  }
  return text as AiModeName;
}

/** Running | Cycling | Swimming, any case in, the schema's spelling out. */
export function parseDiscipline(value: unknown, field = 'discipline'): DisciplineName {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const found = DISCIPLINE_NAMES.find((name) => name.toLowerCase() === text);
  if (!found) throw new ValidationError(`must be Running, Cycling or Swimming, not ${shownValue(value)}`, field);
  return found;
}

/** female | male (any case; f and m accepted): picks the sex-specific TRIMP constants. */
export function parseSex(value: unknown, field = 'sex'): SexName {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const found = SEXES.find((sex) => sex === text || sex[0] === text);
  if (!found) throw new ValidationError(`must be female or male, not ${shownValue(value)}`, field);
  return found;
}

/** A YAML/JSON boolean, or the words people type for one on a command line. */
export function parseBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  throw new ValidationError(`must be true or false, not ${shownValue(value)}`, field);
}
