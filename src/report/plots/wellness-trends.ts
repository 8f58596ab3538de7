import type { Facts } from '../../analytics/facts.types.js';
import { BASE_CONFIG, CHART_WIDTH, type PlotSpec, round1, VEGA_LITE_SCHEMA } from './common.js';

const DAYS_SHOWN = 60;

/** HRV, resting heart rate and sleep per day, one small panel each; null without any of them. */
export function wellnessTrendsPlot(facts: Facts): PlotSpec | null {
  const series = facts.wellness.series.slice(-DAYS_SHOWN);
  const values = series.flatMap((p) => [
    ...(p.hrv_ms !== null ? [{ date: p.date, measure: 'HRV (ms)', value: round1(p.hrv_ms) }] : []),
    ...(p.restingHr_bpm !== null ? [{ date: p.date, measure: 'Resting HR (bpm)', value: round1(p.restingHr_bpm) }] : []),
    ...(p.sleep_s !== null ? [{ date: p.date, measure: 'Sleep (h)', value: round1(p.sleep_s / 3600) }] : []),
  ]);
  if (values.length < 2) return null;
  const measures = ['HRV (ms)', 'Resting HR (bpm)', 'Sleep (h)'].filter((m) => values.some((v) => v.measure === m));
  return {
    name: 'wellness-trends',
    title: 'HRV, resting heart rate and sleep',
    description: `daily ${measures.join(', ')} over the last ${series.length} days`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: 'HRV, resting heart rate and sleep',
      config: BASE_CONFIG,
      data: { values },
      facet: { row: { field: 'measure', type: 'nominal', title: null, sort: measures } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: CHART_WIDTH,
        height: 90,
        mark: { type: 'line', point: { size: 12 }, color: '#6a4c93' },
        encoding: {
          x: { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: null, format: '%d %b' } },
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        },
      },
    },
  };
}
