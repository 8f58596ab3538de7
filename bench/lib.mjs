// Shared helpers for benchmark suites: timing a command (wall and CPU time), the floors a row
// is judged against, paired measurements and the load average. How to add a row: bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const COACH_BIN = join(ROOT, 'bin', 'coach.js');
const FLOOR_SCRIPT = join(import.meta.dirname, 'floor.mjs');

/**
 * The floors rows are judged against: the least a process can do for the same job without
 * coach. Each is a command; `measurePaired` runs it interleaved with the row's command.
 */
export const floors = {
  node: () => ({ name: 'node -e 0', command: process.execPath, args: ['-e', '0'] }),
  /** Open the on-disk PGlite database in `dir` with coach's settings and run one query. */
  pglite: (dir, sql = 'SELECT 1') => ({ name: 'bare PGlite open + 1 query', command: process.execPath, args: [FLOOR_SCRIPT, 'pglite', dir, sql] }),
  /** Connect to the server at `url` with `pg` and run one query. */
  pg: (url, sql = 'SELECT 1') => ({ name: 'bare pg connect + 1 query', command: process.execPath, args: [FLOOR_SCRIPT, 'pg', url, sql] }),
  /** Decode every .fit file under `dir` with the FIT SDK (prints what it decoded as JSON). */
  fitDecode: (dir) => ({ name: 'bare FIT SDK decode', command: process.execPath, args: [FLOOR_SCRIPT, 'fit-decode', dir] }),
};

/** Median wall time in ms of running a command `runs` times (after one warm-up). */
export function timeCommand(command, args, options = {}) {
  return measureCommand(command, args, options).wallMs;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command once and returns its wall time, CPU time (user + system of the process and
 * its children, from GNU time when installed) and peak RSS. Throws when it exits non-zero.
 */
export function runOnce(command, args, { env = process.env, input, scratch } = {}) {
  const own = scratch === undefined;
  const dir = scratch ?? mkdtempSync(join(tmpdir(), 'coach-bench-time-'));
  const timeFile = join(dir, 'time');
  const withTime = existsSync(GNU_TIME);
  try {
    const [cmd, argv] = withTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args];
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, argv, { env, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).trim().split('\n').pop()}`);
    let cpuMs = NaN;
    let maxRssMb = NaN;
    if (withTime) {
      const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      cpuMs = (user + sys) * 1000;
      maxRssMb = rssKb / 1024;
    }
    return { wallMs, cpuMs, maxRssMb, stdout: String(result.stdout) };
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a command `runs` times after one warm-up and returns the medians of wall time and of
 * CPU time. On a shared machine the CPU time is the steadier figure: wall time includes
 * waiting for other processes' turn on the cores.
 */
export function measureCommand(command, args, { runs = 15, env = process.env, input } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'coach-bench-time-'));
  try {
    const invoke = () => runOnce(command, args, { env, input, scratch });
    invoke();
    const samples = Array.from({ length: runs }, invoke);
    return {
      wallMs: percentile(samples.map((s) => s.wallMs), 50),
      wallP95Ms: percentile(samples.map((s) => s.wallMs), 95),
      cpuMs: percentile(samples.map((s) => s.cpuMs), 50),
      maxRssMb: percentile(samples.map((s) => s.maxRssMb), 50),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A command and its floor, run in interleaved pairs (floor, command, command, floor, ...) after
 * one warm-up of each, so a change in the machine's load hits both sides alike. Returns a
 * row for the registry: medians of each side and the median of the per-pair ratios.
 * `command` is [executable, ...args]; `floor` is one of `floors` above.
 */
export function measurePaired({ metric, command, floor, runs = 9, env = process.env, input, target, note }) {
  const scratch = mkdtempSync(join(tmpdir(), 'coach-bench-pair-'));
  const load = [loadavg()[0]];
  try {
    const [exe, ...args] = command;
    const side = () => runOnce(exe, args, { env, input, scratch });
    const base = () => runOnce(floor.command, floor.args, { env, scratch });
    side();
    base();
    const pairs = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        const f = base();
        pairs.push({ f, c: side() });
      } else {
        const c = side();
        pairs.push({ f: base(), c });
      }
    }
    load.push(loadavg()[0]);
    const med = (pick) => percentile(pairs.map(pick), 50);
    return {
      metric,
      wallMs: med((p) => p.c.wallMs),
      cpuMs: med((p) => p.c.cpuMs),
      maxRssMb: med((p) => p.c.maxRssMb),
      floor: { name: floor.name, wallMs: med((p) => p.f.wallMs), cpuMs: med((p) => p.f.cpuMs) },
      wallRatio: med((p) => p.c.wallMs / p.f.wallMs),
      cpuRatio: med((p) => p.c.cpuMs / p.f.cpuMs),
      runs,
      load,
      target,
      note,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One-minute load average now: printed with every row, since wall times depend on it. */
export function loadAverage() {
  return loadavg()[0];
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** The Postgres server the server rows use (a throwaway database is made on it per suite). */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs `fn(url)` with a fresh empty database on the server, dropped afterwards. Returns null
 * (and runs nothing) when the server cannot be reached, so suites can print a skipped row.
 */
export async function withServerDatabase(prefix, fn) {
  const { default: pg } = await import('pg');
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const name = `${prefix}_${process.pid}_${Math.random().toString(16).slice(2, 8)}`;
  try {
    await admin(`CREATE DATABASE ${name}`);
  } catch (error) {
    return { skipped: error.message };
  }
  try {
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    return { value: await fn(url.toString()) };
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/**
 * An environment for running coach in a fresh COACH_HOME: no colour, no model providers, and
 * the embedded database unless `databaseUrl` is given.
 */
export function coachEnv(home, { databaseUrl, ...extra } = {}) {
  const env = { ...process.env, COACH_HOME: home, NO_COLOR: '1', ...extra };
  for (const key of ['DATABASE_URL', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GOOGLE_API_KEY', 'OLLAMA_BASE_URL']) delete env[key];
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

/** Runs the built coach once; throws with its last stderr line when it fails. */
export function coach(args, env, input) {
  const result = spawnSync(process.execPath, [COACH_BIN, ...args], { env, input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`coach ${args.slice(0, 2).join(' ')} exited ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
  return result;
}
