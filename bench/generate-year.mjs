#!/usr/bin/env node
// Writes a realistic training year of FIT activity files into bench/data/year/ (gitignored):
// about 400 activities (runs, rides, swims; with and without power or HR), several hours of
// 1 Hz records every week, written with Garmin's Encoder via the built src/garmin/synthetic-fit.js.
// Deterministic: the same seed writes the same files. Usage:
//   node bench/generate-year.mjs [--out DIR] [--weeks 52]
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');

export const DEFAULT_OUT = join(ROOT, 'bench', 'data', 'year');

/** The plan of one year: what to record on which day. Pure, so the bench can count it. */
export function yearPlan({ weeks = 52, start = new Date('2025-01-06T00:00:00Z') } = {}) {
  const plan = [];
  let seed = 1;
  const at = (week, day, hour) => new Date(start.getTime() + ((week * 7 + day) * 24 + hour) * 3_600_000);
  for (let week = 0; week < weeks; week++) {
    const build = 1 + 0.3 * Math.sin((week / 52) * Math.PI * 2); // a season of load
    const minutes = (m) => Math.round(m * build) * 60;
    // Mon swim, Tue run (intervals), Wed ride (power), Thu run, Fri easy ride (no HR strap),
    // Sat long ride (power + HR), Sun long run; one extra short run every other week.
    plan.push({ sport: 'swimming', start: at(week, 0, 6.5), durationS: minutes(40), withHeartRate: true, withPower: false, serialNumber: 3_900_000_001 });
    plan.push({ sport: 'running', start: at(week, 1, 6), durationS: minutes(50), withHeartRate: true, withPower: false, serialNumber: 3_900_000_001 });
    plan.push({ sport: 'cycling', start: at(week, 2, 17), durationS: minutes(75), withHeartRate: true, withPower: true, targetPower: 210, deviceFtp: 250, deviceMaxHr: 188, serialNumber: 3_900_000_002 });
    plan.push({ sport: 'running', start: at(week, 3, 6), durationS: minutes(45), withHeartRate: true, withPower: false, serialNumber: 3_900_000_001 });
    plan.push({ sport: 'cycling', start: at(week, 4, 17), durationS: minutes(60), withHeartRate: false, withPower: true, targetPower: 170, serialNumber: 3_900_000_002 });
    plan.push({ sport: 'cycling', start: at(week, 5, 8), durationS: minutes(150), withHeartRate: true, withPower: true, targetPower: 190, deviceFtp: 250, deviceMaxHr: 188, serialNumber: 3_900_000_002 });
    plan.push({ sport: 'running', start: at(week, 6, 8), durationS: minutes(80), withHeartRate: true, withPower: false, serialNumber: 3_900_000_001 });
    if (week % 2 === 0) plan.push({ sport: 'running', start: at(week, 4, 12), durationS: minutes(25), withHeartRate: false, withPower: false, serialNumber: 3_900_000_003 });
  }
  return plan.map((spec) => ({ ...spec, seed: seed++ }));
}

export async function generateYear({ out = DEFAULT_OUT, weeks = 52, log = () => {} } = {}) {
  const { encodeSyntheticActivity } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'garmin', 'synthetic-fit.js')).href);
  rmSync(out, { recursive: true, force: true });
  const plan = yearPlan({ weeks });
  let bytes = 0;
  let seconds = 0;
  for (const [index, spec] of plan.entries()) {
    // Month folders, like a device's or an archive's layout: the import walks them recursively.
    const month = spec.start.toISOString().slice(0, 7);
    const dir = join(out, month);
    mkdirSync(dir, { recursive: true });
    const file = await encodeSyntheticActivity(spec);
    writeFileSync(join(dir, `${spec.start.toISOString().replace(/[:.]/g, '-')}_${spec.sport}.fit`), file);
    bytes += file.length;
    seconds += spec.durationS;
    if (index % 50 === 0) log(`generate-year: ${index}/${plan.length}`);
  }
  return { files: plan.length, bytes, recordSeconds: seconds, hoursPerWeek: seconds / 3600 / weeks };
}

export function countFitFiles(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name.endsWith('.fit')) n++;
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const result = await generateYear({ out: option('--out', DEFAULT_OUT), weeks: Number(option('--weeks', 52)), log: (t) => process.stderr.write(t + '\n') });
  process.stdout.write(JSON.stringify(result) + '\n');
}
