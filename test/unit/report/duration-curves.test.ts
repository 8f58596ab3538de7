import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { MeanMaxPointInput } from '../../../src/analytics/facts-input.js';
import { plotSpecs, renderPlots } from '../../../src/report/plots/index.js';

const point = (duration_s: number, value: number, date: string): MeanMaxPointInput => ({ sport: 'cycling', kind: 'power', duration_s, value, activityId: `a-${date}`, date });

function facts() {
  const thisYear = [60, 300, 1200].map((d) => point(d, 250 + 20000 / d, '2026-11-01'));
  const lastYear = [60, 300, 1200].map((d) => point(d, 240 + 18000 / d, '2025-06-01'));
  return buildFacts({
    today: '2026-11-25', user: { name: 'A' }, config: { activities_days: 28, metrics_days: 28 },
    activities: [], dailyMetrics: [], zones: [], races: [],
    meanMax: { last90d: thisYear, season: thisYear, previousSeason: lastYear, allTime: thisYear },
  });
}

describe('duration curve plots', () => {
  it('plots the last 90 days and this season against the previous season, on a log duration axis', async () => {
    const spec = plotSpecs(facts(), null).find((p) => p.name === 'power-duration-curve')!;
    const values = (spec.spec as { data: { values: Array<{ period: string; duration_s: number; value: number }> } }).data.values;
    expect(new Set(values.map((v) => v.period))).toEqual(new Set(['last 90 days', 'this season', 'previous season']));
    expect(values.find((v) => v.period === 'previous season' && v.duration_s === 300)!.value).toBe(Math.round(240 + 18000 / 300));
    const rendered = (await renderPlots(facts(), null)).find((p) => p.name === 'power-duration-curve')!;
    expect(rendered.svg).toMatch(/^<svg/);
  });

  it('adds nothing for facts without curves (older analyses keep their six charts)', () => {
    const old = { ...facts(), curves: undefined } as unknown as ReturnType<typeof facts>;
    expect(plotSpecs(old, null)).toHaveLength(6);
  });
});
