import type { TopLevelSpec } from 'vega-lite';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One chart of the report: a stable name (file name stem), a title and its Vega-Lite spec. */
export interface PlotSpec {
  name: string;
  title: string;
  /** Short text for the HTML alt/aria label and the Markdown report. */
  description: string;
  spec: TopLevelSpec;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 220;

export const SPORT_COLOURS: Record<string, string> = {
  running: '#e4572e',
  cycling: '#2e86ab',
  swimming: '#17bebb',
  strength: '#76b041',
  other: '#a0a0a0',
  rest: '#dddddd',
};

export const BASE_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
} as const;

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** A chart that says "no data" (for a section the facts cannot fill yet), so the report keeps its shape. */
export function noDataPlot(name: string, title: string, why: string): PlotSpec {
  return {
    name,
    title,
    description: `no data: ${why}`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      width: CHART_WIDTH,
      height: 60,
      config: BASE_CONFIG,
      data: { values: [{ text: `no data: ${why}` }] },
      mark: { type: 'text', fontSize: 14, color: '#777' },
      encoding: { text: { field: 'text', type: 'nominal' } },
    },
  };
}
