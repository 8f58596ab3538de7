import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../config/paths.js';

const cache = new Map<string, string>();

/** Reads `templates/<folder>/<name>` once per process. */
export function loadTemplate(folder: 'offline' | 'prompts', name: string): string {
  const path = join(templatesDir(), folder, name);
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

/**
 * Fills `{{name}}` placeholders. An unknown placeholder is an error (a typo in a template
 * must not silently print braces into a report). Lines that end up empty twice in a row collapse.
 */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  const filled = template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_m, key: string) => {
    if (!(key in values)) throw new Error(`template placeholder {{${key}}} has no value`);
    return String(values[key]);
  });
  return filled.replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

export function renderTemplate(folder: 'offline' | 'prompts', name: string, values: Record<string, string | number>): string {
  return fillTemplate(loadTemplate(folder, name), values);
}

/** A number for prose: at most `digits` decimals, no trailing zeros. */
export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}
