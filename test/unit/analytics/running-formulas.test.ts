import { describe, expect, it } from 'vitest';
import { formatDuration, fractionOfVo2max, oxygenCost, predictTimeFromVdot, riegel, thresholdPaceFromVdot, vdot } from '../../../src/analytics/running-formulas.js';

describe('Riegel', () => {
  it('T2 = T1 x (D2/D1)^1.06', () => {
    // 5 km in 20:00 -> 10 km: 1200 x 2^1.06 = 1200 x 2.084931 = 2501.9 s
    expect(riegel(1200, 5000, 10000)).toBeCloseTo(2501.92, 1);
    expect(riegel(1200, 5000, 5000)).toBe(1200);
  });
});

describe('Daniels VDOT', () => {
  it('matches the hand computation for 5 km in 20:00', () => {
    // v = 250 m/min; VO2 = -4.60 + 0.182258 x 250 + 0.000104 x 250^2 = -4.6 + 45.5645 + 6.5 = 47.4645
    expect(oxygenCost(250)).toBeCloseTo(47.4645, 4);
    // %max(20) = 0.8 + 0.1894393 e^-0.25556 + 0.2989558 e^-3.86521 = 0.8 + 0.146717 + 0.006266 = 0.952983
    expect(fractionOfVo2max(20)).toBeCloseTo(0.952983, 5);
    // VDOT = 47.4645 / 0.952983 = 49.81 (Daniels' table: 5 km 19:57 at VDOT 50)
    expect(vdot(5000, 1200)).toBeCloseTo(49.81, 2);
  });
  it('predicts times that invert the formula and agree with Daniels\' tables', () => {
    const v = vdot(5000, 1200);
    expect(predictTimeFromVdot(v, 5000)).toBeCloseTo(1200, 3);
    // Daniels' table at VDOT 50: marathon 3:10:49 (11449 s), half 1:31:35 (5495 s)
    expect(Math.abs(predictTimeFromVdot(50, 42195) - 11449)).toBeLessThan(60);
    expect(Math.abs(predictTimeFromVdot(50, 21097.5) - 5495)).toBeLessThan(30);
  });
  it('threshold pace at 88% of VDOT: VDOT 50 -> 4:15/km (255 s)', () => {
    // 0.000104 v^2 + 0.182258 v - (4.6 + 44) = 0 -> v = 235.1 m/min -> 60000 / 235.1 = 255.2 s/km
    expect(thresholdPaceFromVdot(50)).toBeCloseTo(255.2, 1);
  });
});

describe('formatDuration', () => {
  it('formats m:ss and h:mm:ss', () => {
    expect(formatDuration(2530)).toBe('42:10');
    expect(formatDuration(11140)).toBe('3:05:40');
    expect(formatDuration(59.6)).toBe('1:00');
  });
});
