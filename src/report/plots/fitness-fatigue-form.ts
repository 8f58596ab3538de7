import type { Facts } from '../../analytics/facts.types.js';
import { BASE_CONFIG, CHART_HEIGHT, CHART_WIDTH, type PlotSpec, round1, VEGA_LITE_SCHEMA } from './common.js';

/** Days of the performance-management chart: about four months reads well on a page. */
const DAYS_SHOWN = 120;

/** The three PMC lines by date, in the colours both PMC charts (past and projected) share. */
export const PMC_LINES = {
  x: { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: null, format: '%d %b' } },
  y: { field: 'value', type: 'quantitative', title: 'load points' },
  color: {
    field: 'measure',
    type: 'nominal',
    title: null,
    scale: { domain: ['Fitness (CTL)', 'Fatigue (ATL)', 'Form (TSB)'], range: ['#2e86ab', '#e4572e', '#76b041'] },
    legend: { orient: 'bottom' },
  },
} as const;

/** Fitness (CTL), fatigue (ATL) and form (TSB) over time; null without any load history. */
export function fitnessFatigueFormPlot(facts: Facts): PlotSpec | null {
  const daily = facts.load.daily.slice(-DAYS_SHOWN);
  if (daily.length < 2 || daily.every((d) => d.load === 0 && d.ctl === 0 && d.atl === 0)) return null;
  const values = daily.flatMap((d) => [
    { date: d.date, measure: 'Fitness (CTL)', value: round1(d.ctl) },
    { date: d.date, measure: 'Fatigue (ATL)', value: round1(d.atl) },
    { date: d.date, measure: 'Form (TSB)', value: round1(d.tsb) },
  ]);
  return {
    name: 'fitness-fatigue-form',
    title: 'Fitness, fatigue and form',
    description: `CTL, ATL and TSB per day from ${daily[0]!.date} to ${daily.at(-1)!.date}`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: 'Fitness, fatigue and form',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      config: BASE_CONFIG,
      data: { values },
      layer: [
        { mark: { type: 'rule', color: '#999', strokeDash: [2, 2] }, encoding: { y: { datum: 0 } } },
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: PMC_LINES,
        },
      ],
    },
  };
}
