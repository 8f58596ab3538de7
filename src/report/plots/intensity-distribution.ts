import type { Facts } from '../../analytics/facts.types.js';
import { BASE_CONFIG, CHART_WIDTH, type PlotSpec, round1, VEGA_LITE_SCHEMA } from './common.js';

/**
 * Where the time went by intensity: the athlete's five zones when set, otherwise the
 * three-zone (polarized) split; null without zoned time.
 */
export function intensityDistributionPlot(facts: Facts): PlotSpec | null {
  const five = facts.intensity.fiveZone_pct;
  const three = facts.intensity.polarized_pct;
  let values: Array<{ zone: string; pct: number }>;
  let basis: string;
  if (five && five.some((p) => p > 0)) {
    values = five.map((pct, i) => ({ zone: `Z${i + 1}`, pct: round1(pct) }));
    basis = 'five zones';
  } else if (three && three.z1 + three.z2 + three.z3 > 0) {
    values = [
      { zone: 'Z1 low', pct: round1(three.z1) },
      { zone: 'Z2 threshold', pct: round1(three.z2) },
      { zone: 'Z3 high', pct: round1(three.z3) },
    ];
    basis = 'three zones';
  } else {
    return null;
  }
  const title = `Intensity distribution (${facts.intensity.model})`;
  return {
    name: 'intensity-distribution',
    title,
    description: `percent of time per intensity zone (${basis}, ${facts.intensity.basis} based)`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      width: CHART_WIDTH,
      height: 40 * values.length,
      config: BASE_CONFIG,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', color: '#2e86ab' },
          encoding: {
            y: { field: 'zone', type: 'ordinal', title: null, sort: values.map((v) => v.zone) },
            x: { field: 'pct', type: 'quantitative', title: '% of zoned time', scale: { domain: [0, 100] } },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4 },
          encoding: {
            y: { field: 'zone', type: 'ordinal', sort: values.map((v) => v.zone) },
            x: { field: 'pct', type: 'quantitative' },
            text: { field: 'pct', type: 'quantitative', format: '.1f' },
          },
        },
      ],
    },
  };
}
