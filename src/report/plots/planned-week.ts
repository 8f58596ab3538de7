import type { PlanView } from '../report-input.js';
import { BASE_CONFIG, CHART_HEIGHT, CHART_WIDTH, type PlotSpec, SPORT_COLOURS, VEGA_LITE_SCHEMA } from './common.js';

/** The planned week: load (or minutes when no load is planned) per day, coloured by sport. */
export function plannedWeekPlot(plan: PlanView | null): PlotSpec | null {
  if (!plan || plan.days.length === 0) return null;
  const useLoad = plan.days.some((d) => (d.plannedLoad ?? 0) > 0);
  const values = plan.days.map((d) => ({
    day: `${weekday(d.date)} ${d.date.slice(5)}`,
    sport: d.sport || 'other',
    value: (useLoad ? d.plannedLoad : d.duration_min) ?? 0,
    title: d.title,
    intensity: d.intensity,
  }));
  const sports = [...new Set(values.map((v) => v.sport))];
  return {
    name: 'planned-week',
    title: 'Planned week',
    description: `planned ${useLoad ? 'load' : 'minutes'} per day from ${plan.days[0]!.date}`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: 'Planned week',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      config: BASE_CONFIG,
      data: { values },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'day', type: 'ordinal', title: null, sort: values.map((v) => v.day), axis: { labelAngle: 0 } },
            y: { field: 'value', type: 'quantitative', title: useLoad ? 'planned load' : 'planned minutes' },
            color: {
              field: 'sport',
              type: 'nominal',
              title: null,
              scale: { domain: sports, range: sports.map((s) => SPORT_COLOURS[s] ?? '#a0a0a0') },
              legend: { orient: 'bottom' },
            },
          },
        },
        {
          mark: { type: 'text', dy: -6, fontSize: 10 },
          encoding: {
            x: { field: 'day', type: 'ordinal', sort: values.map((v) => v.day) },
            y: { field: 'value', type: 'quantitative' },
            text: { field: 'intensity', type: 'nominal' },
          },
        },
      ],
    },
  };
}

function weekday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? '' : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!;
}
