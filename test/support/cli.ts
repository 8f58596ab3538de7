import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built launcher; `npm test` builds first (pretest). */
export const COACH_BIN = resolve(import.meta.dirname, '../../bin/coach.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * A fresh COACH_HOME, so every e2e test has its own embedded database and config. By default
 * it starts as a copy of a migrated, empty embedded database made once per run (global
 * setup), because creating one costs seconds; `{ empty: true }` gives a bare directory.
 */
export function tempCoachHome(options: { empty?: boolean; prefix?: string } | string = {}): string {
  const { empty = false, prefix = 'coach-e2e-' } = typeof options === 'string' ? { prefix: options } : options;
  const home = mkdtempSync(join(tmpdir(), prefix));
  const template = process.env.COACH_TEST_TEMPLATE_HOME;
  if (!empty && template && existsSync(template)) cpSync(template, home, { recursive: true });
  return home;
}

/**
 * Runs the real `coach` binary as a child process, without a TTY, with a clean environment
 * (no DATABASE_URL unless given, no colours), and collects its output.
 */
export function runCoach(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  // Garmin's hosts default to a closed local port: a test never reaches the real Garmin
  // (`coach garmin link` signs in); tests of Garmin pass their fake server's URL.
  const garminHosts = { GARMIN_SSO_BASE_URL: 'https://127.0.0.1:9', GARMIN_CONNECT_BASE_URL: 'https://127.0.0.1:9' };
  for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, ...garminHosts, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [COACH_BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
