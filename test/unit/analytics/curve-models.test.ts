/**
 * Models fitted to the mean-maximal curves (src/analytics/curve-models.ts), checked against
 * published worked examples and a generated history with known CP and W'.
 */
import { describe, expect, it } from 'vitest';
import { criticalPowerModel, criticalSpeedModel, criticalSwimSpeedModel, linearFit, maximalEfforts } from '../../../src/analytics/curve-models.js';
import { MEAN_MAX_DURATIONS, meanMaxOfSeries } from '../../../src/garmin/mean-max.js';

const point = (duration_s: number, value: number, activityId = `a${duration_s}`, date = '2026-11-01') => ({ duration_s, value, activityId, date });

describe('worked examples', () => {
  it('CP model: CP 260 W and AWC (W\') 20 kJ predict 360 W for 200 s (D. Connelly, "CP model parameters from maximal power curve", djconnel.blogspot.com, 2010, the GoldenCheetah CP fit)', () => {
    // Efforts on that athlete's curve, P = CP + W'/t, fitted back by the work-time regression.
    const efforts = [180, 300, 600, 900, 1200].map((t, i) => point(t, 260 + 20000 / t, `ride${i}`));
    const model = criticalPowerModel(efforts);
    expect(model.cp_w).toBe(260);
    expect(model.wPrime_j).toBe(20000);
    expect(260 + model.wPrime_j! / 200).toBe(360);
    expect(model.confidence).toBe('high');
    expect(model.efforts).toHaveLength(5);
    // eFTP: the model's 60-minute power
    expect(model.eFtp_w).toBe(Math.round(260 + 20000 / 3600));
  });

  it('CSS: 400 m in 360 s and 200 m in 170 s give 1.0526 m/s, 95 s per 100 m (calculatorhub.com and dialpace.com CSS worked example; Wakayoshi et al. 1992)', () => {
    // The two-trial CSS is the slope of distance against time through the two swims.
    const fit = linearFit([170, 360], [200, 400]);
    expect(fit.slope).toBeCloseTo(200 / 190, 4);
    expect(100 / fit.slope).toBeCloseTo(95.0, 2);
    // With a third trial on the same line (an 800 m in 360 + 400 / (200/190) = 740 s), the model gives the same CSS.
    const model = criticalSwimSpeedModel([point(170, 200 / 170, 's1'), point(360, 400 / 360, 's2'), point(740, 800 / 740, 's3')]);
    expect(model.paceSecPer100m).toBeCloseTo(95.0, 1);
    expect(model.dPrime_m).toBe(Math.round(200 - (200 / 190) * 170));
  });
});

describe('choosing the maximal efforts', () => {
  it('leaves out curve points that only repeat part of a longer effort (below the work-time hull)', () => {
    // A 5-min effort on the model, and "best 4 min" that is part of it (240 s at P(300)).
    const cp = 250;
    const w = 18000;
    const points = [point(180, cp + w / 180), point(240, cp + w / 300), point(300, cp + w / 300), point(720, cp + w / 720), point(1200, cp + w / 1200)];
    expect(maximalEfforts(points).map((p) => p.duration_s)).toEqual([180, 300, 720, 1200]);
  });

  it('says "too few maximal efforts" instead of fitting one or two', () => {
    const model = criticalPowerModel([point(300, 320), point(360, 310)]);
    expect(model.confidence).toBe('insufficient');
    expect(model.note).toMatch(/^too few maximal efforts/);
    expect(model.cp_w).toBeUndefined();
    const run = criticalSpeedModel([]);
    expect(run.confidence).toBe('insufficient');
  });
});

describe('a generated history with known CP and W\'', () => {
  /** Deterministic noise. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('recovers CP within 3% and W\' within 10% from 90 days of rides with maximal efforts in them', () => {
    const CP = 272;
    const W_PRIME = 22500;
    const rnd = random(7);
    // 30 rides: endurance at 0.65-0.75 CP, 1-s noise of +-25 W; some carry one all-out effort
    // of 3..20 min at P(t) = CP + W'/t (held to within +-1%), the way a test or a race would.
    const effortDurations = [180, 240, 300, 420, 600, 720, 900, 1200];
    const best = new Map<number, { value: number; activityId: string }>();
    for (let ride = 0; ride < 30; ride++) {
      const watts: number[] = [];
      const base = CP * (0.65 + rnd() * 0.1);
      for (let s = 0; s < 5400; s++) watts.push(base + (rnd() - 0.5) * 50);
      if (ride % 3 === 0) {
        const t = effortDurations[(ride / 3) % effortDurations.length];
        const target = (CP + W_PRIME / t) * (1 + (rnd() - 0.5) * 0.02);
        for (let s = 1800; s < 1800 + t; s++) watts[s] = target + (rnd() - 0.5) * 50;
      }
      const curve = meanMaxOfSeries(watts);
      curve.duration_s.forEach((d, i) => {
        const current = best.get(d);
        if (!current || curve.value[i] > current.value) best.set(d, { value: curve.value[i], activityId: `ride${ride}` });
      });
    }
    const points = MEAN_MAX_DURATIONS.filter((d) => best.has(d)).map((d) => point(d, best.get(d)!.value, best.get(d)!.activityId));
    const model = criticalPowerModel(points);
    expect(model.confidence).not.toBe('insufficient');
    expect(Math.abs(model.cp_w! - CP) / CP).toBeLessThan(0.03);
    expect(Math.abs(model.wPrime_j! - W_PRIME) / W_PRIME).toBeLessThan(0.1);
    // Each effort it rests on is a real one, with its activity and date.
    for (const e of model.efforts) expect(e.activityId).toMatch(/^ride\d+$/);
  });
});
