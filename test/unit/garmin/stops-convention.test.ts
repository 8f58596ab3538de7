/**
 * The stops convention (src/garmin/power-metrics.ts): NP over moving seconds, TSS over the
 * same moving time, whatever the device wrote. The figures: 60 min at 213.6 W with
 * FTP 250 scores 73.0; with a 10 min stop in the middle the old code (NP over elapsed time
 * with zeros for the stop, TSS over timer time) scored 67.4.
 */
import { describe, expect, it } from 'vitest';
import { summariseFitActivity } from '../../../src/garmin/fit-summary.js';
import { powerTss } from '../../../src/analytics/session-load.js';

const start = new Date('2026-03-01T08:00:00Z');
const FTP = 250;

/** 70 min of clock, riding 213.6 W except minutes 30-40, which are a stop of the given kind. */
function ride(stop: 'none' | 'auto-pause' | 'standing', deviceNp?: number) {
  const records: Array<Record<string, unknown>> = [];
  const seconds = stop === 'none' ? 3600 : 4200;
  for (let s = 0; s < seconds; s++) {
    const stopped = stop !== 'none' && s >= 1800 && s < 2400;
    if (stopped && stop === 'auto-pause') continue; // the timer stopped: no records
    records.push({ timestamp: new Date(start.getTime() + s * 1000), power: stopped ? 0 : 213.6, speed: stopped ? 0 : 8.5, heartRate: 140 });
  }
  const session = {
    startTime: start,
    sport: 'cycling',
    totalElapsedTime: seconds,
    totalTimerTime: stop === 'standing' ? 4200 : 3600,
    ...(deviceNp ? { normalizedPower: deviceNp } : {}),
  };
  return summariseFitActivity({ recordMesgs: records, sessionMesgs: [session] }, { contentHash: 'h', zones: [] });
}

const tss = (a: ReturnType<typeof ride>) => Math.round(powerTss(a.moving_time_s!, a.normalized_power!, FTP).tss * 10) / 10;

describe('stops convention: NP and TSS over moving time', () => {
  it('scores 60 min of riding the same with or without a 10 min stop (73.0, not 67.4)', () => {
    const straight = ride('none');
    expect(straight.normalized_power).toBeCloseTo(213.6, 1);
    expect(tss(straight)).toBe(73.0);
    const paused = ride('auto-pause');
    expect(paused.moving_time_s).toBe(3600);
    expect(paused.normalized_power).toBeCloseTo(213.6, 1);
    expect(tss(paused)).toBe(73.0);
  });

  it('leaves out a stop recorded with the timer running (speed 0, no power), and moving time follows', () => {
    const standing = ride('standing');
    expect(standing.moving_time_s).toBe(3600);
    expect(standing.normalized_power).toBeCloseTo(213.6, 1);
    expect(tss(standing)).toBe(73.0);
  });

  it("computes NP from the records even when the device wrote its own, so devices agree", () => {
    expect(ride('auto-pause', 205).normalized_power).toBeCloseTo(213.6, 1);
  });

  it("uses the device's NP when the records carry no power", () => {
    const a = summariseFitActivity(
      { recordMesgs: [], sessionMesgs: [{ startTime: start, sport: 'cycling', totalTimerTime: 3600, normalizedPower: 220, avgPower: 200 }] },
      { contentHash: 'h', zones: [] },
    );
    expect(a.normalized_power).toBe(220);
  });

  it('keeps coasting (moving, 0 W) in NP and power time in zones', () => {
    const records: Array<Record<string, unknown>> = [];
    for (let s = 0; s < 1200; s++) records.push({ timestamp: new Date(start.getTime() + s * 1000), power: s % 120 < 60 ? 300 : 0, speed: 9 });
    const a = summariseFitActivity({ recordMesgs: records, sessionMesgs: [{ startTime: start, sport: 'cycling', totalTimerTime: 1200 }] }, { contentHash: 'h', zones: [] });
    expect(a.moving_time_s).toBe(1200);
    expect(a.normalized_power!).toBeGreaterThan(150);
    const load = a.load_inputs as { power_seconds_by_watt: Record<string, number>; np_basis: string };
    expect(load.power_seconds_by_watt['0']).toBe(600);
    expect(load.np_basis).toBe('moving');
  });
});
