// Shared helpers for benchmark suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const COACH_BIN = join(ROOT, 'bin', 'coach.js');

/** Median wall time in ms of running a command `runs` times (after one warm-up). */
export function timeCommand(command, args, options = {}) {
  return measureCommand(command, args, options).wallMs;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command `runs` times after one warm-up and returns the medians of wall time and of
 * CPU time (user + system, from GNU time when installed). On a shared machine the CPU time is
 * the steadier figure: wall time includes waiting for other processes' turn on the cores.
 */
export function measureCommand(command, args, { runs = 15, env = process.env, input } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'coach-bench-time-'));
  const timeFile = join(scratch, 'time');
  const withTime = existsSync(GNU_TIME);
  const invoke = () => {
    const [cmd, argv] = withTime ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, command, ...args]] : [command, args];
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, argv, { env, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).trim().split('\n').pop()}`);
    const cpuMs = withTime ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').reduce((sum, s) => sum + Number(s) * 1000, 0) : NaN;
    return { wallMs, cpuMs };
  };
  try {
    invoke();
    const samples = Array.from({ length: runs }, invoke);
    return {
      wallMs: percentile(samples.map((s) => s.wallMs), 50),
      wallP95Ms: percentile(samples.map((s) => s.wallMs), 95),
      cpuMs: percentile(samples.map((s) => s.cpuMs), 50),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
