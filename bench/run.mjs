#!/usr/bin/env node
// Runs every benchmark suite in bench/suites (or those named on the command line) and prints
// one table of figures, or JSON with --json. Figures, not pass/fail: targets are shown beside
// them so a regression is visible. Run with `npm run bench` (builds first).
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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

const rows = [];
for (const file of files) {
  const suite = await import(pathToFileURL(join(suitesDir, file)).href);
  process.stderr.write(`bench: ${suite.name ?? file} ...\n`);
  try {
    for (const figure of await suite.run()) rows.push({ suite: suite.name ?? file, ...figure });
  } catch (error) {
    rows.push({ suite: suite.name ?? file, metric: 'error', value: String(error?.message ?? error), unit: '' });
  }
}

const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
if (asJson) {
  process.stdout.write(JSON.stringify({ schemaVersion: 1, machine, figures: rows }, null, 2) + '\n');
} else {
  const head = ['suite', 'metric', 'value', 'unit', 'target'];
  const table = [head, ...rows.map((r) => [r.suite, r.metric, formatValue(r.value), r.unit ?? '', r.target ?? ''])];
  const widths = head.map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  for (const [index, row] of table.entries()) {
    process.stdout.write(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ') + '\n');
    if (index === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
  process.stdout.write(`\nmachine: node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB\n`);
}

function formatValue(value) {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
