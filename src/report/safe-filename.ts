import { isAbsolute, relative, resolve } from 'node:path';

const MAX_LENGTH = 100;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * One path segment built from untrusted text (athlete names, race names, ids): only
 * letters, digits, '.', '-' and '_' survive, runs of anything else become one '-', no
 * leading dots (no hidden files, no '..'), at most 100 characters, never empty. The
 * result can never name another directory: no separators, no NUL, no traversal.
 */
export function safeFilename(text: string, fallback = 'file'): string {
  let name = String(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '');
  if (name.length > MAX_LENGTH) name = name.slice(0, MAX_LENGTH).replace(/[.-]+$/, '');
  if (!name || WINDOWS_RESERVED.test(name)) name = name ? `${fallback}-${name}` : fallback;
  return name;
}

/** `safeFilename(stem)` plus an extension chosen by the caller (never from data). */
export function safeFilenameWithExtension(stem: string, extension: string, fallback = 'file'): string {
  const ext = extension.replace(/^\./, '');
  if (!/^[a-z0-9]{1,8}$/i.test(ext)) throw new Error(`bad file extension: ${extension}`);
  return `${safeFilename(stem, fallback).slice(0, MAX_LENGTH - ext.length - 1)}.${ext}`;
}

/**
 * Joins `name` under `dir` and checks that the result stays inside `dir`; a belt to
 * safeFilename's braces for every path coach writes from data.
 */
export function pathInside(dir: string, name: string): string {
  const base = resolve(dir);
  const full = resolve(base, name);
  const rel = relative(base, full);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || name.includes('\0')) {
    throw new Error(`refusing to write outside ${base}: ${JSON.stringify(name)}`);
  }
  return full;
}
