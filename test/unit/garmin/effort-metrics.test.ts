import { describe, expect, it } from 'vitest';
import { isPoolSwim } from '../../../src/analytics/sport.js';
import {
  bestHeartRateEfforts, bestSwimEfforts, interpolateToSeconds, lengthDistanceSamples,
} from '../../../src/garmin/effort-metrics.js';
import { summariseFitActivity } from '../../../src/garmin/fit-summary.js';
import { resampleToSeconds } from '../../../src/garmin/power-metrics.js';

const fill = (seconds: number, value: number) => new Array<number>(seconds).fill(value);

describe('best sustained heart rate', () => {
  it('finds the highest 20, 30 and 60 min averages', () => {
    // 10 min at 120, 20 min at 170, 30 min at 150 (one hour)
    const bpm = [...fill(600, 120), ...fill(1200, 170), ...fill(1800, 150)];
    const best = bestHeartRateEfforts(bpm);
    // 20 min: the 170 block
    expect(best['20min']).toBe(170);
    // 30 min: the 170 block plus 10 min of the 150 after it: (1200 x 170 + 600 x 150) / 1800 = 163.33
    expect(best['30min']).toBe(163.3);
    // 60 min: (600 x 120 + 1200 x 170 + 1800 x 150) / 3600 = 151.67
    expect(best['60min']).toBe(151.7);
  });
  it('skips durations longer than the series', () => {
    expect(bestHeartRateEfforts(fill(1500, 150))).toEqual({ '20min': 150 });
    expect(bestHeartRateEfforts([])).toEqual({});
  });
  it('averages over the seconds with a reading, and ignores windows with too many gaps', () => {
    // 50 s without reading in 20 min (4.2 %): averaged over the 1150 readings
    const fewGaps = [...fill(575, 160), ...fill(50, 0), ...fill(575, 170)];
    expect(bestHeartRateEfforts(fewGaps)['20min']).toBe(165);
    // 100 s without reading (8.3 %): no 20 min effort at all
    const manyGaps = [...fill(550, 160), ...fill(100, 0), ...fill(550, 170)];
    expect(bestHeartRateEfforts(manyGaps)).toEqual({});
  });
});

describe('pool swim efforts', () => {
  const start = new Date('2026-03-05T07:00:00Z');
  const at = (s: number) => new Date(start.getTime() + s * 1000);
  // 25 m pool: 16 lengths of 20 s, a 60 s rest, 16 lengths of 25 s
  const lengths = [
    ...Array.from({ length: 16 }, (_, i) => ({ startTime: at(i * 20), totalElapsedTime: 20, lengthType: 'active' })),
    { startTime: at(320), totalElapsedTime: 60, lengthType: 'idle' },
    ...Array.from({ length: 16 }, (_, i) => ({ startTime: at(380 + i * 25), totalElapsedTime: 25, lengthType: 'active' })),
  ];

  it('turns lengths into cumulative distance, flat through rests', () => {
    const samples = lengthDistanceSamples(lengths, 25, start);
    expect(samples[0]).toEqual({ t: 0, value: 0 });
    expect(samples[31]).toEqual({ t: 320, value: 400 });
    // the rest: 400 m from 320 s to 380 s
    expect(samples.filter((s) => s.value === 400).map((s) => s.t)).toEqual([320, 320, 380, 380]);
    expect(samples.at(-1)).toEqual({ t: 780, value: 800 });
    expect(lengthDistanceSamples(lengths, null, start)).toEqual([]);
    expect(lengthDistanceSamples([{ startTime: at(0), totalElapsedTime: 60, lengthType: 'idle' }], 25, start)).toEqual([]);
  });

  it('times 100, 200 and 400 m on the fast block (20 s per 25 m)', () => {
    const best = bestSwimEfforts(interpolateToSeconds(lengthDistanceSamples(lengths, 25, start)));
    // 4, 8 and 16 lengths at 20 s
    expect(best).toEqual({ '100m': 80, '200m': 160, '400m': 320 });
  });

  it('interpolates distance written once per length instead of holding it', () => {
    // A watch writing the distance only at the end of each 20 s length, 10 lengths
    const samples = [{ t: 0, value: 0 }, ...Array.from({ length: 10 }, (_, i) => ({ t: (i + 1) * 20, value: (i + 1) * 25 }))];
    expect(bestSwimEfforts(interpolateToSeconds(samples))['200m']).toBe(160);
    // Held values make a length look instantaneous: 200 m one length too fast (7 x 20 + 1 s)
    expect(bestSwimEfforts(resampleToSeconds(samples, { holdSeconds: Infinity, pauseValue: (v) => v }))['200m']).toBe(141);
  });

  it('has no 400 m effort in a swim shorter than 400 m', () => {
    const short = [{ t: 0, value: 0 }, { t: 300, value: 300 }];
    expect(bestSwimEfforts(interpolateToSeconds(short))).toEqual({ '100m': 100, '200m': 200 });
  });

  it('tells pool swims from open water', () => {
    expect(isPoolSwim('swimming', 'lapSwimming')).toBe(true);
    expect(isPoolSwim('swimming', 'lap_swimming')).toBe(true);
    expect(isPoolSwim('swimming', 'openWater')).toBe(false);
    expect(isPoolSwim('running', 'lap')).toBe(false);
  });

  it('a FIT pool swim stores its swim times and best heart rates in best_efforts', () => {
    const activity = summariseFitActivity(
      {
        fileIdMesgs: [{ type: 'activity', serialNumber: 9, timeCreated: start }],
        sessionMesgs: [{ sport: 'swimming', subSport: 'lapSwimming', startTime: start, poolLength: 25, totalElapsedTime: 780, totalTimerTime: 780, totalDistance: 800 }],
        lengthMesgs: lengths,
        // records carry heart rate only (as many pool swims do); 20 min of it
        recordMesgs: Array.from({ length: 1200 }, (_, s) => ({ timestamp: at(s), heartRate: 140 })),
      },
      { contentHash: 'abc', zones: [] },
    );
    expect(activity.best_efforts).toEqual({ power_w: {}, run_s: {}, hr_bpm: { '20min': 140 }, swim_s: { '100m': 80, '200m': 160, '400m': 320 } });
  });

  it('an open-water swim gets no swim times', () => {
    const activity = summariseFitActivity(
      {
        sessionMesgs: [{ sport: 'swimming', subSport: 'openWater', startTime: start, totalElapsedTime: 600, totalDistance: 600 }],
        recordMesgs: Array.from({ length: 600 }, (_, s) => ({ timestamp: at(s), distance: s })),
      },
      { contentHash: 'abc', zones: [] },
    );
    expect(activity.best_efforts).toBeNull();
  });
});
