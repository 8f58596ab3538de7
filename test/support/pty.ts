import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { COACH_BIN } from './cli.js';

const DRIVER = resolve(import.meta.dirname, 'pty-driver.py');

/** The pseudo-terminal tests need python3 (its `pty` module); they are skipped without it. */
export const hasPython = spawnSync('python3', ['--version']).status === 0;

/** One prompt: wait until `waitFor` shows (a string is matched literally), then type `type` as given ("\r" is Enter). */
export interface TerminalStep {
  waitFor: string | RegExp;
  type: string;
}

export interface TerminalOptions {
  env?: Record<string, string | undefined>;
  /** Seconds to wait for each prompt (default 120: PGlite starts slowly on a loaded machine). */
  stepTimeoutS?: number;
  /** Seconds the command may run after the last step before it is killed as hung (default 120). */
  exitTimeoutS?: number;
}

export interface TerminalResult {
  /** Exit code; null when the command was killed (a prompt never came, or it hung). */
  code: number | null;
  /** Everything the terminal showed, without escape sequences. */
  transcript: string;
  /** Index of the step whose prompt never came, or null when every prompt came. */
  failedStep: number | null;
  /** The command was still running exitTimeoutS after the last step. */
  timedOut: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Runs the built `coach` in a pseudo-terminal (test/support/pty-driver.py) and answers its
 * prompts like a person at the keyboard. The environment is clean as in runCoach (no colours,
 * no DATABASE_URL) and has no CI variable, which would make coach treat the terminal as a pipe.
 */
export function runCoachInTerminal(args: string[], steps: TerminalStep[], options: TerminalOptions = {}): Promise<TerminalResult> {
  const env: Record<string, string> = {};
  // As in runCoach: Garmin's hosts default to a closed local port, never the real Garmin.
  const garminHosts = { GARMIN_SSO_BASE_URL: 'https://127.0.0.1:9', GARMIN_CONNECT_BASE_URL: 'https://127.0.0.1:9' };
  for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, CI: undefined, ...garminHosts, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const stepTimeout = options.stepTimeoutS ?? 120;
  const exitTimeout = options.exitTimeoutS ?? 120;
  const script = {
    // Python's `re` reads these JavaScript sources the same way for the patterns tests use.
    steps: steps.map((s) => [typeof s.waitFor === 'string' ? escapeRegExp(s.waitFor) : s.waitFor.source, s.type]),
    stepTimeout,
    exitTimeout,
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', [DRIVER, process.execPath, COACH_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A last resort in case the driver itself wedges: every wait inside it is bounded.
    const budgetMs = (stepTimeout * (steps.length + 1) + exitTimeout + 30) * 1000;
    const timer = setTimeout(() => child.kill('SIGKILL'), budgetMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolvePromise(JSON.parse(stdout) as TerminalResult);
      } catch {
        reject(new Error(`pty driver failed: ${stderr || stdout}`));
      }
    });
    child.stdin.end(JSON.stringify(script));
  });
}
