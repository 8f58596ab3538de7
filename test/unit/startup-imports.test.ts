import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `coach --help` must not load LangGraph, pg, PGlite or other heavy modules. Walk the static
 * import graph of the built entry point (dynamic import() is where heavy modules belong) and
 * list every package it reaches.
 */
const DIST_MAIN = resolve(import.meta.dirname, '../../dist/src/cli/main.js');
const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
const HEAVY = ['pg', '@electric-sql/pglite', 'kysely-pglite-dialect', 'kysely', '@langchain/langgraph', '@langchain/core',
  '@garmin/fitsdk', 'argon2', '@inquirer/prompts', 'ora', 'yauzl', 'vega', 'vega-lite', 'cli-table3'];

function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else if (!specifier.startsWith('node:')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
  };
  visit(entry);
  return packages;
}

describe('start-up import graph', () => {
  it('reaches no heavy package statically from the CLI entry point', () => {
    expect(existsSync(DIST_MAIN), 'run `npm run build` first').toBe(true);
    const reached = staticPackages(DIST_MAIN);
    expect(reached.has('commander')).toBe(true);
    expect([...reached].filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
