import type { Facts, MeanMaxCurveFacts } from '../../analytics/facts.types.js';
import { BASE_CONFIG, CHART_HEIGHT, CHART_WIDTH, type PlotSpec, round1, VEGA_LITE_SCHEMA } from './common.js';

const PERIODS = [
  ['last90d', 'last 90 days', '#2e86ab'],
  ['season', 'this season', '#e4572e'],
  ['previousSeason', 'previous season', '#a0a0a0'],
] as const;

interface CurveView {
  sport: MeanMaxCurveFacts['sport'];
  kind: MeanMaxCurveFacts['kind'];
  name: string;
  title: string;
  axis: string;
  /** From the stored value (W, m/s, bpm) to what the chart shows. */
  show: (value: number) => number;
  /** Pace: faster is lower, so the axis is reversed (faster up). */
  reverse?: boolean;
  minDuration: number;
}

const VIEWS: CurveView[] = [
  { sport: 'cycling', kind: 'power', name: 'power-duration-curve', title: 'Power duration curve (cycling)', axis: 'best average power (W)', show: (w) => Math.round(w), minDuration: 1 },
  {
    sport: 'running', kind: 'speed', name: 'pace-duration-curve', title: 'Pace duration curve (running)', axis: 'best average pace (s/km)',
    show: (mps) => Math.round(1000 / mps), reverse: true, minDuration: 10,
  },
  {
    sport: 'swimming', kind: 'speed', name: 'swim-pace-duration-curve', title: 'Pace duration curve (pool swimming)', axis: 'best average pace (s/100 m)',
    show: (mps) => round1(100 / mps), reverse: true, minDuration: 30,
  },
];

/**
 * Mean-maximal (duration) curves: the last 90 days and this season against the previous
 * season, duration on a log axis. One chart per curve the facts have; none for facts
 * without curves (older analyses), so the report's five charts keep their shape.
 */
export function durationCurvePlots(facts: Facts): PlotSpec[] {
  const plots: PlotSpec[] = [];
  for (const view of VIEWS) {
    const curve = facts.curves?.curves.find((c) => c.sport === view.sport && c.kind === view.kind);
    if (!curve) continue;
    const values = PERIODS.flatMap(([key, label]) =>
      curve[key].filter((p) => p.duration_s >= view.minDuration).map((p) => ({ duration_s: p.duration_s, value: view.show(p.value), period: label, date: p.date })),
    );
    if (values.length === 0) continue;
    const shown = PERIODS.filter(([, label]) => values.some((v) => v.period === label));
    plots.push({
      name: view.name,
      title: view.title,
      description: `${view.axis} by duration: ${shown.map(([, label]) => label).join(', ')}`,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title: view.title,
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        config: BASE_CONFIG,
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'duration_s', type: 'quantitative', title: 'duration (s, log scale)', scale: { type: 'log' } },
          y: { field: 'value', type: 'quantitative', title: view.axis, scale: { zero: false, ...(view.reverse ? { reverse: true } : {}) } },
          color: {
            field: 'period',
            type: 'nominal',
            title: null,
            scale: { domain: shown.map(([, label]) => label), range: shown.map(([, , colour]) => colour) },
            legend: { orient: 'bottom' },
          },
          tooltip: [{ field: 'period' }, { field: 'duration_s' }, { field: 'value' }, { field: 'date' }],
        },
      },
    });
  }
  return plots;
}
