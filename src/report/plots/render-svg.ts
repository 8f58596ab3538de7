import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export interface VegaLibraries {
  vega: Pick<typeof Vega, 'View' | 'parse'>;
  compile: typeof VegaLite.compile;
}

/**
 * Vega and Vega-Lite from their packages' single-file builds (`vega/build/vega.min.js`,
 * `vega-lite/build/vega-lite.min.js`). Through their ES modules the two are ~230 modules
 * (every d3 package and every Vega transform) that cost a process ~170 ms to resolve, read
 * and compile before the first chart; the single files hold the same code of the same
 * versions and load in ~50 ms, and the SVGs are byte-identical (test/unit/report).
 * The files are UMD: loaded as ES modules they attach `vega` and `vegaLite` to globalThis
 * (Vega-Lite finds Vega there); both are taken and the globals removed again.
 * Falls back to the ES modules when the files are missing or do not load that way.
 */
export async function loadVegaFromBundles(): Promise<VegaLibraries | null> {
  const g = globalThis as { vega?: typeof Vega; vegaLite?: typeof VegaLite };
  const previous = { vega: g.vega, vegaLite: g.vegaLite };
  try {
    const require = createRequire(import.meta.url);
    const file = (pkg: string, name: string) => pathToFileURL(join(dirname(require.resolve(pkg)), name)).href;
    g.vega = undefined;
    g.vegaLite = undefined;
    await import(file('vega', 'vega.min.js'));
    const vega = g.vega as typeof Vega | undefined;
    if (typeof vega?.View !== 'function' || typeof vega.parse !== 'function') return null;
    await import(file('vega-lite', 'vega-lite.min.js'));
    const vegaLite = g.vegaLite as typeof VegaLite | undefined;
    if (typeof vegaLite?.compile !== 'function') return null;
    return { vega, compile: vegaLite.compile };
  } catch {
    return null;
  } finally {
    g.vega = previous.vega;
    g.vegaLite = previous.vegaLite;
    if (previous.vega === undefined) delete g.vega;
    if (previous.vegaLite === undefined) delete g.vegaLite;
  }
}

export async function loadVegaFromModules(): Promise<VegaLibraries> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  return { vega, compile };
}

let libraries: Promise<VegaLibraries> | undefined;

/** The libraries charts are drawn with, loaded on first use (a command that draws no chart never pays for Vega). */
export function vegaLibraries(): Promise<VegaLibraries> {
  libraries ??= loadVegaFromBundles().then((bundled) => bundled ?? loadVegaFromModules());
  return libraries;
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string in process (headless Vega view
 * with the 'none' renderer): no browser, no canvas, no network (all data is inline).
 */
export async function renderSvg(spec: TopLevelSpec, libs?: VegaLibraries): Promise<string> {
  const { vega, compile } = libs ?? (await vegaLibraries());
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
