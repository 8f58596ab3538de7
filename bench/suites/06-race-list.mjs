// `coach race list` end to end on the embedded database: a fresh COACH_HOME made with
// `coach init --password-stdin` and a dozen `coach race add`, then the list timed as a user
// runs it (process start, PGlite open on disk, migrations check, query, table). Medians of 5.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COACH_BIN, measureCommand } from '../lib.mjs';

export const name = 'race-list';

const RACES = 12;
const RUNS = 5;

export async function run() {
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-races-'));
  const env = { ...process.env, COACH_HOME: home, NO_COLOR: '1', DATABASE_URL: '' };
  delete env.DATABASE_URL;
  const coach = (args, input) => {
    const result = spawnSync(process.execPath, [COACH_BIN, ...args], { env, input, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`coach ${args[0]} ${args[1] ?? ''} exited ${result.status}: ${result.stderr.trim()}`);
    return result;
  };
  try {
    coach(['init', '--email', 'bench@example.com', '--name', 'Bench Athlete', '--password-stdin'], 'bench-password-123');
    for (let i = 0; i < RACES; i++) {
      const date = new Date(Date.UTC(2026, 2 + i, 1 + i)).toISOString().slice(0, 10);
      coach(['race', 'add', '--name', `Race ${i}`, '--date', date, '--priority', 'ABC'[i % 3], '--target-time', '01:30:00']);
    }
    const table = measureCommand(process.execPath, [COACH_BIN, 'race', 'list'], { runs: RUNS, env });
    const json = measureCommand(process.execPath, [COACH_BIN, 'race', 'list', '--json'], { runs: RUNS, env });
    return [
      { metric: `coach race list, ${RACES} races, PGlite on disk (median of ${RUNS})`, value: table.wallMs, unit: 'ms' },
      { metric: `coach race list, CPU time user+sys (median of ${RUNS})`, value: table.cpuMs, unit: 'ms' },
      { metric: `coach race list --json (median of ${RUNS})`, value: json.wallMs, unit: 'ms' },
      { metric: `coach race list --json, CPU time (median of ${RUNS})`, value: json.cpuMs, unit: 'ms' },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
