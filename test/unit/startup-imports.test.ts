import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `coach --help` must not load LangGraph, pg, PGlite or other heavy modules. The CLI is one
 * esbuild bundle split into chunks (scripts/bundle.mjs); its metafile says which source files
 * each output file holds and which files it imports. Walk the static imports from the entry
 * (a dynamic import() is a separate chunk, loaded only when a command runs it) and list every
 * package whose code is in a reached chunk or that a reached chunk imports as an external.
 */
const BUNDLE = resolve(import.meta.dirname, '../../dist/bundle');
const ENTRY = 'dist/bundle/main.js';
const HEAVY = ['pg', '@electric-sql/pglite', 'kysely-pglite-dialect', 'kysely', '@langchain/langgraph', '@langchain/core',
  '@garmin/fitsdk', 'argon2', '@inquirer/prompts', 'ora', 'yauzl', 'vega', 'vega-lite', 'cli-table3', 'ajv', 'langsmith', 'zod'];

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
}

function packageOf(path: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1];
  if (path.startsWith('node:') || path.startsWith('.') || path.startsWith('/')) return undefined;
  return path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
}

/** Packages reached from `entry` through the given kinds of import (static ones by default). */
function reachedPackages(meta: Metafile, entry: string, kinds = ['import-statement']): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const output = meta.outputs[file];
    if (!output) throw new Error(`${file} is not in the bundle's metafile`);
    for (const input of Object.keys(output.inputs)) {
      const name = packageOf(input);
      if (name) packages.add(name);
    }
    for (const imported of output.imports) {
      if (!kinds.includes(imported.kind)) continue;
      if (imported.external) {
        const name = packageOf(imported.path);
        if (name) packages.add(name);
      } else visit(imported.path);
    }
  };
  visit(entry);
  return packages;
}

describe('start-up import graph', () => {
  const metafile = resolve(BUNDLE, 'metafile.json');

  it('reaches no heavy package statically from the CLI entry point', () => {
    expect(existsSync(metafile), 'run `npm run build` first').toBe(true);
    const reached = reachedPackages(JSON.parse(readFileSync(metafile, 'utf8')) as Metafile, ENTRY);
    expect(reached.has('commander')).toBe(true);
    expect([...reached].filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('sees the heavy packages through dynamic imports (the walk is not vacuous)', () => {
    const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile;
    const everything = reachedPackages(meta, ENTRY, ['import-statement', 'dynamic-import']);
    for (const name of ['kysely', '@langchain/langgraph', '@electric-sql/pglite', 'pg', 'argon2']) expect(everything.has(name), name).toBe(true);
  });
});
