#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ with esbuild (run by `npm run build`, after tsc has
// type-checked and emitted dist/src for the bench). Why: unbundled, `coach analyze` loads
// ~970 ES modules, and resolving, reading and compiling them was a third to a half of a run.
// Code splitting keeps every `import()` of the sources a separate chunk, so `coach --help`
// and `coach race list` load only what they use. Packages with native code or WASM, or that
// are loaded from their files at run time, stay external (resolved from node_modules).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'bundle');

/**
 * Native addons and WASM (PGlite), Vega (render-svg loads its single-file builds by path), and
 * CommonJS packages the sources load with `const { name } = await import(pkg)`: with code
 * splitting esbuild gives such a chunk only a default export, so the named one would be
 * undefined (plan export's `ics`). Node's own loader finds the names.
 */
export const EXTERNAL = ['@electric-sql/pglite', '@electric-sql/pglite/*', 'argon2', 'vega', 'vega-lite', 'pg-native', 'ics'];

/**
 * pg asks whether it runs in a Cloudflare Worker when it loads (lib/stream.js): Node 20 has no
 * `navigator`, so it builds a `Response`, which makes Node load its fetch implementation
 * (undici) for nothing: ~15-20 ms of every command on the Postgres server. coach runs on
 * Node only, so the bundle answers no. The build fails if pg's code changes shape.
 */
const nodeOnlyPg = {
  name: 'node-only-pg',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const check = 'if (isCloudflareRuntime()) {';
      if (!source.includes(check)) throw new Error(`bundle: ${args.path} no longer has "${check}"; review the node-only-pg plugin`);
      return { contents: source.replace(check, 'if (false) {'), loader: 'js' };
    });
  },
};

/**
 * zod's `locales` namespace re-exports its ~45 translations of the error messages: ~290 KB of
 * the chunk every analyze loads and compiles. zod itself uses English (`config(en())` when it
 * loads) and nothing in coach or its packages picks another locale, so the bundle keeps `en`
 * only. The build fails if the file stops re-exporting `en` as it does now.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const english = 'export { default as en } from "./en.js";';
      if (!source.includes(english)) throw new Error(`bundle: ${args.path} no longer has '${english}'; review the zod-english-only plugin`);
      return { contents: english + '\n', loader: 'js' };
    });
  },
};

/** CommonJS packages loaded with import() whose uses were checked to take `.default` only (ajv: structured-output.ts). */
const DEFAULT_ONLY = ['yauzl', 'cli-table3', 'pg-boss', 'ajv'];

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Source maps for `coach --debug` (bin/coach.js turns them on only then); the sources stay
  // in src/, so the maps carry only the mappings.
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __coachCreateRequire } from 'node:module'; const require = __coachCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  // Whitespace and syntax only: a tenth less CPU for an offline analyze (less to parse and
  // compile); names stay as written (LangChain reads class names), and --debug maps lines back.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [nodeOnlyPg, zodEnglishOnly],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
// A new CommonJS package behind import() gets only a default export in the bundle (see EXTERNAL):
// stop here until it is made external or its uses are checked and it is added to DEFAULT_ONLY.
const dynamicTargets = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => i.path)));
const unchecked = [...dynamicTargets].map((path) => result.metafile.outputs[path])
  .filter((o) => o.entryPoint?.includes('node_modules/') && o.exports.length === 1 && o.exports[0] === 'default')
  .map((o) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(o.entryPoint)[1])
  .filter((name) => !DEFAULT_ONLY.includes(name));
if (unchecked.length > 0) {
  throw new Error(`bundle: CommonJS behind import(): ${unchecked.join(', ')}; add to EXTERNAL or (if only .default is used) DEFAULT_ONLY in scripts/bundle.mjs`);
}

// What each output file holds and imports: test/unit/startup-imports.test.ts walks it to check
// which packages `coach --help` loads.
writeFileSync(join(OUT, 'metafile.json'), JSON.stringify(result.metafile));
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
process.stderr.write(`bundle: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(bytes / 2 ** 20).toFixed(1)} MB in dist/bundle\n`);
