// `coach race list` end to end, as a user runs it (process start, database open, migrations
// check, query, table), against its floor in interleaved pairs: on the embedded database a
// bare PGlite open of the same data directory + one query; on the server a bare `pg`
// connect + one query on the same database. Targets: PGlite <= 1.05x; server <= 1.5x and
// under 0.25 s (on a quiet machine: read the load column).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coach, COACH_BIN, coachEnv, floors, measurePaired, withServerDatabase } from '../lib.mjs';

export const name = 'race-list';

const RACES = 12;
const SQL = 'SELECT * FROM competition';

function seed(env) {
  coach(['init', '--email', 'bench@example.com', '--name', 'Bench Athlete', '--password-stdin'], env, 'bench-password-123');
  for (let i = 0; i < RACES; i++) {
    const date = new Date(Date.UTC(2026, 2 + i, 1 + i)).toISOString().slice(0, 10);
    coach(['race', 'add', '--name', `Race ${i}`, '--date', date, '--priority', 'ABC'[i % 3], '--target-time', '01:30:00'], env);
  }
}

export async function run() {
  const rows = [];
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-races-'));
  try {
    const env = coachEnv(home);
    seed(env);
    const floor = floors.pglite(join(home, 'data', 'db'), SQL);
    rows.push(
      measurePaired({ metric: `coach race list, ${RACES} races, PGlite on disk`, command: [process.execPath, COACH_BIN, 'race', 'list'], floor, env, target: { ratio: 1.05 } }),
      measurePaired({ metric: 'coach race list --json, PGlite on disk', command: [process.execPath, COACH_BIN, 'race', 'list', '--json'], floor, env, runs: 5 }),
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const serverHome = mkdtempSync(join(tmpdir(), 'coach-bench-races-server-'));
  try {
    const server = await withServerDatabase('coach_bench_races', async (url) => {
      const env = coachEnv(serverHome, { databaseUrl: url });
      seed(env);
      return measurePaired({
        metric: `coach race list, ${RACES} races, Postgres server`, command: [process.execPath, COACH_BIN, 'race', 'list'],
        floor: floors.pg(url, SQL), env, target: { ratio: 1.5, seconds: 0.25 },
      });
    });
    rows.push(server.skipped ? { metric: 'coach race list, Postgres server', value: `skipped: ${server.skipped}`, unit: '' } : server.value);
  } finally {
    rmSync(serverHome, { recursive: true, force: true });
  }
  return rows;
}
