import type { Facts } from '../../analytics/facts.types.js';
import { BASE_CONFIG, CHART_HEIGHT, CHART_WIDTH, type PlotSpec, round1, SPORT_COLOURS, VEGA_LITE_SCHEMA } from './common.js';

const WEEKS_SHOWN = 16;

/** Weekly training load stacked by sport; null when no week has load. */
export function weeklyLoadPlot(facts: Facts): PlotSpec | null {
  const weeks = facts.load.weeks.slice(-WEEKS_SHOWN);
  const values = weeks.flatMap((w) =>
    Object.entries(w.bySport).map(([sport, s]) => ({ week: w.weekStart, sport, load: round1(s?.load ?? 0) })),
  ).filter((v) => v.load > 0);
  if (values.length === 0) return null;
  const sports = Object.keys(SPORT_COLOURS).filter((s) => values.some((v) => v.sport === s));
  return {
    name: 'weekly-load',
    title: 'Weekly load by sport',
    description: `training load per week by sport, ${weeks.length} weeks from ${weeks[0]!.weekStart}`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: 'Weekly load by sport',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      config: BASE_CONFIG,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: 'week starting', sort: weeks.map((w) => w.weekStart), axis: { labelAngle: -45 } },
        y: { field: 'load', type: 'quantitative', title: 'load points', stack: 'zero' },
        color: {
          field: 'sport',
          type: 'nominal',
          title: null,
          scale: { domain: sports, range: sports.map((s) => SPORT_COLOURS[s]!) },
          legend: { orient: 'bottom' },
        },
      },
    },
  };
}
