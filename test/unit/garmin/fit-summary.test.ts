import { describe, expect, it } from 'vitest';
import { BadFitFileError, decodeFit, fitToActivity } from '../../../src/garmin/fit-import.js';
import {
  RIDE_NO_HR, RIDE_WITH_POWER, RUN_NO_SENSORS, RUN_WITH_HR, SWIM_NO_POWER, encodeSyntheticActivity, truncated, withBadCrc,
} from '../../support/fit-fixtures.js';

describe('FIT summary', () => {
  it('summarises a run with HR: totals, laps, run best efforts, HR zones and a TRIMP histogram', async () => {
    const activity = await fitToActivity(await encodeSyntheticActivity(RUN_WITH_HR), []);
    expect(activity.source).toBe('fit');
    expect(activity.source_id).toBe(`111:${RUN_WITH_HR.start.getTime() / 1000}`);
    expect(activity.sport).toBe('running');
    expect(activity.start_time.toISOString()).toBe(RUN_WITH_HR.start.toISOString());
    expect(activity.elapsed_time_s).toBe(3000);
    expect(activity.distance_m).toBeGreaterThan(9000);
    expect(activity.avg_hr).toBeGreaterThan(100);
    expect(activity.normalized_power).toBeNull();
    const laps = activity.laps as unknown[];
    expect(laps).toHaveLength(5);
    const efforts = activity.best_efforts as { power_w: Record<string, number>; run_s: Record<string, number> };
    expect(Object.keys(efforts.power_w)).toEqual([]);
    expect(efforts.run_s['1km']).toBeGreaterThan(200);
    expect(efforts.run_s['5km']).toBeGreaterThan(efforts.run_s['1km'] * 4);
    // 50 min with HR: best sustained HR over 20 and 30 min (not 60), between the average and the max
    const hr = (activity.best_efforts as { hr_bpm: Record<string, number> }).hr_bpm;
    expect(Object.keys(hr)).toEqual(['20min', '30min']);
    // (a best 30 min can beat the best 20 min when two hard blocks are 30 min apart, so no order between them)
    for (const bpm of Object.values(hr)) {
      expect(bpm).toBeGreaterThanOrEqual(activity.avg_hr!);
      expect(bpm).toBeLessThanOrEqual(activity.max_hr!);
    }
    expect(efforts).not.toHaveProperty('swim_s');
    const zones = activity.hr_time_in_zones as { basis: string; zones: Array<{ seconds: number }> };
    expect(zones.basis).toContain('max HR');
    expect(zones.zones.reduce((a, z) => a + z.seconds, 0)).toBe(3000);
    const load = activity.load_inputs as { hr_seconds_by_bpm: Record<string, number>; hr_seconds: number };
    expect(Object.values(load.hr_seconds_by_bpm).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(load.hr_seconds).toBe(3000);
    expect(activity.raw_summary).toMatchObject({ sport: 'running', fileId: { serialNumber: 111 } });
  });

  it('summarises a ride with power: NP above average, power best efforts, device FTP zones', async () => {
    const activity = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), []);
    expect(activity.sport).toBe('cycling');
    expect(activity.avg_power).toBeGreaterThan(180);
    expect(activity.normalized_power).toBeGreaterThan(activity.avg_power!);
    const efforts = activity.best_efforts as { power_w: Record<string, number> };
    expect(Object.keys(efforts.power_w)).toEqual(['5s', '1min', '5min', '20min', '60min']);
    expect(efforts.power_w['5s']).toBeGreaterThanOrEqual(efforts.power_w['1min']);
    expect(efforts.power_w['20min']).toBeGreaterThanOrEqual(efforts.power_w['60min']);
    const power = activity.power_time_in_zones as { basis: string; zones: Array<{ seconds: number }> };
    expect(power.basis).toContain('250 W (device)');
    expect(power.zones).toHaveLength(7);
    expect(power.zones.reduce((a, z) => a + z.seconds, 0)).toBe(4000);
    expect((activity.hr_time_in_zones as { basis: string }).basis).toContain('max HR 188 bpm (device)');
  });

  it("uses the athlete's zones over the device's", async () => {
    const zones = [{ discipline: 'Cycling', metric_description: 'FTP', zone_value: '200 W' }];
    const activity = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), zones);
    expect((activity.power_time_in_zones as { basis: string }).basis).toBe('Coggan % of FTP 200 W (zones)');
  });

  it('handles missing sensors: no HR, no power, swims', async () => {
    const noHr = await fitToActivity(await encodeSyntheticActivity(RIDE_NO_HR), []);
    expect(noHr.avg_hr).toBeNull();
    expect(noHr.hr_time_in_zones).toBeNull();
    // No HR histogram; the moving power histogram stays for re-scoring power zones later.
    expect(noHr.load_inputs).not.toHaveProperty('hr_seconds_by_bpm');
    expect(noHr.load_inputs).toMatchObject({ np_basis: 'moving', moving_s: 1800 });
    expect(noHr.normalized_power).toBeGreaterThan(0);
    expect(noHr.power_time_in_zones).toBeNull(); // no FTP anywhere
    const swim = await fitToActivity(await encodeSyntheticActivity(SWIM_NO_POWER), []);
    expect(swim.sport).toBe('swimming');
    expect(swim.sub_sport).toBe('lapSwimming');
    expect(swim.power_time_in_zones).toBeNull();
    // A pool swim without lengths: swim times from the records' distance (~1.1 m/s)
    const swimTimes = (swim.best_efforts as { swim_s: Record<string, number> }).swim_s;
    expect(Object.keys(swimTimes)).toEqual(['100m', '200m', '400m']);
    expect(swimTimes['100m']).toBeGreaterThan(60);
    expect(swimTimes['200m']).toBeGreaterThanOrEqual(2 * swimTimes['100m'] - 1);
    expect(swimTimes['400m']).toBeGreaterThanOrEqual(2 * swimTimes['200m'] - 1);
    const bare = await fitToActivity(await encodeSyntheticActivity(RUN_NO_SENSORS), []);
    expect(bare.avg_hr).toBeNull();
    expect(bare.best_efforts).toMatchObject({ run_s: { '1km': expect.any(Number) } });
  });

  it('rejects truncated, bad-CRC and non-FIT input with a one-line reason', async () => {
    const good = await encodeSyntheticActivity(RUN_WITH_HR);
    await expect(decodeFit(truncated(good))).rejects.toThrow(/integrity/);
    await expect(decodeFit(withBadCrc(good))).rejects.toThrow(/integrity/);
    await expect(decodeFit(new TextEncoder().encode('hello'))).rejects.toThrow(BadFitFileError);
    await expect(decodeFit(new Uint8Array(0))).rejects.toThrow(/not a FIT file/);
  });
});
