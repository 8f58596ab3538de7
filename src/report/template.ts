import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../config/paths.js';

/**
 * A tiny placeholder renderer for the report templates in `templates/report/`:
 * - `{{name}}` inserts `values.name` passed through `escape` (HTML-escaped in HTML reports);
 * - `{{{name}}}` inserts it as is, for fragments coach built and escaped itself.
 * An unknown placeholder is an error, so a typo never prints braces into a report.
 */
export function fillReportTemplate(template: string, values: Record<string, string | number>, escape: (text: string) => string = (t) => t): string {
  return template.replace(/\{\{(\{)?\s*([a-zA-Z0-9_]+)\s*\}?\}\}/g, (match, raw: string | undefined, key: string) => {
    if (!(key in values)) throw new Error(`report template placeholder ${match} has no value`);
    const value = String(values[key]);
    return raw ? value : escape(value);
  });
}

const cache = new Map<string, string>();

export function loadReportTemplate(name: string): string {
  const path = join(templatesDir(), 'report', name);
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]!);
}
