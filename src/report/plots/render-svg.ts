import type { TopLevelSpec } from 'vega-lite';

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string in process (headless Vega
 * view with the 'none' renderer): no browser, no canvas, no network (all data is inline).
 * Vega loads on first use (~150 ms of start-up), so a command that draws no chart never pays for it.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
