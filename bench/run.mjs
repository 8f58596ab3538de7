#!/usr/bin/env node
// Runs every benchmark suite in bench/suites (or those named on the command line) and prints
// one table of rows, or JSON with --json. A row is a figure, its floor measured in the same run
// (ratios on wall and CPU time), the load average while it ran, its target and a verdict.
// Run with `npm run bench` (builds first). How to add a row: bench/README.md.
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const suitesDir = join(import.meta.dirname, 'suites');
const files = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
  .sort();

const startedAt = new Date().toISOString();
const loadAtStart = loadavg();
const rows = [];
for (const file of files) {
  const suite = await import(pathToFileURL(join(suitesDir, file)).href);
  const suiteName = suite.name ?? file;
  process.stderr.write(`bench: ${suiteName} ...\n`);
  try {
    for (const row of await suite.run()) rows.push(judge({ suite: suiteName, ...row }));
  } catch (error) {
    rows.push({ suite: suiteName, metric: 'error', value: String(error?.message ?? error), unit: '', verdict: 'error' });
  }
}

const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
const load = { start: loadAtStart, end: loadavg() };
if (asJson) {
  process.stdout.write(JSON.stringify({ schemaVersion: 2, startedAt, machine, load, figures: rows }, null, 2) + '\n');
} else {
  const head = ['suite', 'metric', 'value', 'unit', 'CPU ms', 'floor (wall / CPU ms)', 'x wall', 'x CPU', 'load', 'target', 'verdict'];
  const table = [head, ...rows.map((r) => [
    r.suite, r.metric, formatValue(r.value), r.unit ?? '',
    r.cpuMs === undefined ? '' : formatValue(r.cpuMs),
    r.floor ? `${r.floor.name}: ${formatValue(r.floor.wallMs)} / ${formatValue(r.floor.cpuMs)}` : '',
    r.wallRatio === undefined ? '' : formatValue(r.wallRatio), r.cpuRatio === undefined ? '' : formatValue(r.cpuRatio),
    r.load ? r.load.map((l) => l.toFixed(1)).join('-') : '', describeTarget(r.target), r.verdict ?? '',
  ])];
  const widths = head.map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  for (const [index, row] of table.entries()) {
    process.stdout.write(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd() + '\n');
    if (index === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
  const met = rows.filter((r) => r.verdict === 'met').length;
  const judged = rows.filter((r) => r.verdict && r.verdict !== '').length;
  process.stdout.write(`\n${met} of ${judged} judged rows met their targets.\n`);
  process.stdout.write(`machine: node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB; `);
  process.stdout.write(`load average (1/5/15 min) ${fmtLoad(load.start)} at the start, ${fmtLoad(load.end)} at the end\n`);
}

/**
 * Fills in a row's ratios and value from its timings, and its verdict against its target:
 * - `{ ratio: R }`: wall and CPU time each at most R times the floor's (same run);
 * - `{ seconds: S }`: wall and CPU time each at most S seconds;
 * - `{ max: N }` / `{ min: N }`: the row's value at most / at least N.
 * Keys combine; the verdict is `met`, or `not met:` and the checks that failed. A target given
 * as a string is shown as it is, unjudged.
 */
function judge(row) {
  const r = { ...row };
  if (r.wallMs !== undefined && r.value === undefined) {
    r.value = r.wallMs;
    r.unit ??= 'ms wall';
  }
  if (r.floor && r.wallRatio === undefined) r.wallRatio = r.wallMs / r.floor.wallMs;
  if (r.floor && r.cpuRatio === undefined) r.cpuRatio = r.cpuMs / r.floor.cpuMs;
  const t = r.target;
  if (!t || typeof t !== 'object') return r;
  const failed = [];
  const check = (label, value, limit, atMost = true) => {
    if (value === undefined || Number.isNaN(value)) failed.push(`${label} not measured`);
    else if (atMost ? value > limit : value < limit) failed.push(`${label} ${formatValue(value)}`);
  };
  if (t.ratio !== undefined) {
    check('x wall', r.wallRatio, t.ratio);
    check('x CPU', r.cpuRatio, t.ratio);
  }
  if (t.seconds !== undefined) {
    check('wall s', r.wallMs / 1000, t.seconds);
    check('CPU s', r.cpuMs / 1000, t.seconds);
  }
  if (t.max !== undefined) check('value', Number(r.value), t.max);
  if (t.min !== undefined) check('value', Number(r.value), t.min, false);
  r.verdict = failed.length === 0 ? 'met' : `not met: ${failed.join(', ')}`;
  return r;
}

function describeTarget(t) {
  if (!t) return '';
  if (typeof t !== 'object') return String(t);
  const parts = [];
  if (t.ratio !== undefined) parts.push(`<= ${t.ratio}x floor`);
  if (t.seconds !== undefined) parts.push(`<= ${t.seconds} s`);
  if (t.max !== undefined) parts.push(`<= ${t.max}`);
  if (t.min !== undefined) parts.push(`>= ${t.min}`);
  return parts.join(', ');
}

function fmtLoad(values) {
  return values.map((v) => v.toFixed(2)).join(' / ');
}

function formatValue(value) {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
