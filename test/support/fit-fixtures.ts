/**
 * FIT files for tests, written with Garmin's Encoder (src/garmin/synthetic-fit.ts), plus the
 * broken variants bad input produces: truncated, bad CRC, not FIT at all.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSyntheticActivity, truncated, withBadCrc, type SyntheticActivity } from '../../src/garmin/synthetic-fit.js';

export { encodeSyntheticActivity, truncated, withBadCrc };

export const RUN_WITH_HR: SyntheticActivity = {
  sport: 'running', start: new Date('2026-03-02T06:30:00Z'), durationS: 3000, withHeartRate: true, withPower: false, serialNumber: 111, seed: 1,
};
export const RIDE_WITH_POWER: SyntheticActivity = {
  sport: 'cycling', start: new Date('2026-03-03T16:00:00Z'), durationS: 4000, withHeartRate: true, withPower: true,
  targetPower: 220, serialNumber: 222, seed: 2, deviceFtp: 250, deviceMaxHr: 188,
};
export const RIDE_NO_HR: SyntheticActivity = {
  sport: 'cycling', start: new Date('2026-03-04T16:00:00Z'), durationS: 1800, withHeartRate: false, withPower: true, serialNumber: 222, seed: 3,
};
export const SWIM_NO_POWER: SyntheticActivity = {
  sport: 'swimming', start: new Date('2026-03-05T07:00:00Z'), durationS: 1500, withHeartRate: true, withPower: false, serialNumber: 333, seed: 4,
};
export const RUN_NO_SENSORS: SyntheticActivity = {
  sport: 'running', start: new Date('2026-03-06T07:00:00Z'), durationS: 1200, withHeartRate: false, withPower: false, serialNumber: 111, seed: 5,
};

export const ALL_GOOD = [RUN_WITH_HR, RIDE_WITH_POWER, RIDE_NO_HR, SWIM_NO_POWER, RUN_NO_SENSORS];

/**
 * Writes a folder tree: good files (one in a subfolder), a truncated file, a bad-CRC file and
 * a text file named .fit. Returns paths and the number of good activities.
 */
export async function writeFitFolder(root: string): Promise<{ good: number; bad: string[] }> {
  mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
  const encoded = await Promise.all(ALL_GOOD.map((spec) => encodeSyntheticActivity(spec)));
  encoded.forEach((bytes, index) => {
    const dir = index === 1 ? join(root, 'nested', 'deeper') : root;
    writeFileSync(join(dir, `activity-${index}.fit`), bytes);
  });
  const bad = [join(root, 'truncated.fit'), join(root, 'nested', 'bad-crc.fit'), join(root, 'notes.fit')];
  writeFileSync(bad[0], truncated(encoded[0]));
  writeFileSync(bad[1], withBadCrc(encoded[2]));
  writeFileSync(bad[2], 'this is not a FIT file\n');
  return { good: ALL_GOOD.length, bad };
}
