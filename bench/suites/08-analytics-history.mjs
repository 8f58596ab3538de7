// Analytics that keep up with a long history (issue 19):
// 1. buildFacts over five years of synthetic rows (~2000 activities, 1825 days of metrics)
//    plus the mean-maximal curves of four windows, with the usual 28-day analysis window:
//    the load model reads a year (LOAD_HISTORY_DAYS), so five years cost what one does.
//    Median of 30 after 5 warm-ups. Target: < 50 ms.
// 2. The cost of the mean-maximal curves at import: decode + summarise the same FIT files
//    with the curves and without (SummaryContext.meanMax = false), in-process, interleaved
//    pairs, medians. Target: within 1.10x (curves add under 10% of the import).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFacts } from '../../dist/src/analytics/build-facts.js';
import { decodeFit } from '../../dist/src/garmin/fit-import.js';
import { summariseFitActivity } from '../../dist/src/garmin/fit-summary.js';
import { encodeSyntheticActivity } from '../../dist/src/garmin/synthetic-fit.js';
import { MEAN_MAX_DURATIONS } from '../../dist/src/garmin/mean-max.js';
import { fitFiles } from '../floor.mjs';
import { loadAverage, percentile } from '../lib.mjs';
import { syntheticInput } from './03-build-facts.mjs';

export const name = 'analytics-history';

const DATA = process.env.COACH_BENCH_FIT_DIR ?? join(import.meta.dirname, '..', 'data', 'year');

function curveRows(input) {
  // One best point per sport, kind and duration and window, as the repository returns them.
  const rows = [];
  for (const [sport, kind, at] of [['cycling', 'power', (d) => 260 + 20000 / d], ['running', 'speed', (d) => 4 + 200 / d], ['swimming', 'speed', (d) => 1.2 + 20 / d], ['running', 'hr', () => 175], ['cycling', 'hr', () => 170]]) {
    for (const d of MEAN_MAX_DURATIONS) rows.push({ sport, kind, duration_s: d, value: at(d), activityId: input.activities[0].id, date: input.today });
  }
  return rows;
}

async function factsRow() {
  const input = { ...syntheticInput(5 * 365), config: { activities_days: 28, metrics_days: 28 } };
  const curves = curveRows(input);
  input.meanMax = { last90d: curves, season: curves, previousSeason: curves, allTime: curves };
  for (let i = 0; i < 5; i++) buildFacts(input);
  const times = [];
  const cpu = [];
  for (let i = 0; i < 30; i++) {
    const c = process.cpuUsage();
    const start = process.hrtime.bigint();
    buildFacts(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return [
    { metric: `buildFacts, 5 years (${input.activities.length} activities + ${input.dailyMetrics.length} days, curves) (median of 30)`, value: percentile(times, 50), unit: 'ms', target: { max: 50 } },
    { metric: 'buildFacts, 5 years, CPU time (median of 30)', value: percentile(cpu, 50), unit: 'ms' },
  ];
}

async function fitBytes() {
  if (existsSync(DATA)) return fitFiles(DATA).slice(0, 60).map((f) => readFileSync(f));
  // No generated year: a small mix of rides, runs and swims of 40-120 min.
  const out = [];
  for (let i = 0; i < 24; i++) {
    const sport = ['cycling', 'running', 'swimming'][i % 3];
    out.push(await encodeSyntheticActivity({ sport, start: new Date(Date.UTC(2026, 0, 1 + i, 7)), durationS: 2400 + (i % 5) * 1200, seed: i + 1, serialNumber: 1000 + i }));
  }
  return out;
}

async function importPass(files, meanMax) {
  const c = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const bytes of files) summariseFitActivity(await decodeFit(bytes), { contentHash: 'bench', zones: [], meanMax });
  const used = process.cpuUsage(c);
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

async function importRow() {
  const files = await fitBytes();
  await importPass(files, true);
  const withCurves = [];
  const without = [];
  const before = loadAverage();
  for (let i = 0; i < 5; i++) {
    // Interleaved (floor, row, row, floor) so a change in load hits both sides.
    const pair = i % 2 === 0 ? [false, true] : [true, false];
    for (const meanMax of pair) (meanMax ? withCurves : without).push(await importPass(files, meanMax));
  }
  const median = (runs, key) => percentile(runs.map((r) => r[key]), 50);
  return [{
    metric: `FIT import (decode + summarise, ${files.length} files) with mean-max curves`,
    wallMs: median(withCurves, 'wallMs'),
    cpuMs: median(withCurves, 'cpuMs'),
    floor: { name: 'the same without curves', wallMs: median(without, 'wallMs'), cpuMs: median(without, 'cpuMs') },
    load: [before, loadAverage()],
    target: { ratio: 1.1 },
  }];
}

export async function run() {
  return [...(await factsRow()), ...(await importRow())];
}
