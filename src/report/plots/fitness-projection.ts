import type { Facts } from '../../analytics/facts.types.js';
import type { FitnessProjection } from '../../plan/projection.js';
import { PMC_LINES } from './fitness-fatigue-form.js';
import { BASE_CONFIG, CHART_HEIGHT, CHART_WIDTH, type PlotSpec, round1, VEGA_LITE_SCHEMA } from './common.js';

/** Past days shown before the projection: six weeks give the projection its context. */
const PAST_DAYS = 42;

/**
 * Expected fitness: the last six weeks of CTL / ATL / TSB (solid) and their projection over
 * the plan and on to the A race (dashed), assuming the plan is done; the A race marked.
 */
export function fitnessProjectionPlot(facts: Facts, projection: FitnessProjection): PlotSpec | null {
  if (projection.points.length === 0) return null;
  const past = facts.load.daily.filter((p) => p.date < projection.from).slice(-PAST_DAYS);
  const row = (date: string, measure: string, value: number, when: string) => ({ date, measure, value: round1(value), when });
  const values = [
    ...past.flatMap((d) => [row(d.date, 'Fitness (CTL)', d.ctl, 'done'), row(d.date, 'Fatigue (ATL)', d.atl, 'done'), row(d.date, 'Form (TSB)', d.tsb, 'done')]),
    ...projection.points.flatMap((d) => [row(d.date, 'Fitness (CTL)', d.ctl, 'planned'), row(d.date, 'Fatigue (ATL)', d.atl, 'planned'), row(d.date, 'Form (TSB)', d.tsb, 'planned')]),
  ];
  const race = projection.aRace;
  const last = projection.points.at(-1)!;
  return {
    name: 'fitness-projection',
    title: 'Expected fitness if the plan is done',
    description: `CTL, ATL and TSB projected from ${projection.from} to ${last.date} (${projection.assumption})${
      race ? `; ${race.name} on ${race.date}: CTL ${round1(race.ctl)}, TSB ${round1(race.tsb)}` : ''
    }`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: 'Expected fitness if the plan is done',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      config: BASE_CONFIG,
      layer: [
        { mark: { type: 'rule', color: '#999', strokeDash: [2, 2] }, encoding: { y: { datum: 0 } } },
        {
          data: { values },
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            ...PMC_LINES,
            strokeDash: {
              field: 'when',
              type: 'nominal',
              title: null,
              scale: { domain: ['done', 'planned'], range: [[1, 0], [6, 4]] },
              legend: { orient: 'bottom' },
            },
            detail: { field: 'when' },
          },
        },
        {
          data: { values: [{ date: projection.from, label: 'today' }, ...(race ? [{ date: race.date, label: `${race.name} (A)` }] : [])] },
          layer: [
            { mark: { type: 'rule', color: '#555' }, encoding: { x: { field: 'date', type: 'temporal' } } },
            { mark: { type: 'text', align: 'left', dx: 3, dy: -4, color: '#333' }, encoding: { x: { field: 'date', type: 'temporal' }, y: { value: 8 }, text: { field: 'label' } } },
          ],
        },
      ],
    },
  };
}
