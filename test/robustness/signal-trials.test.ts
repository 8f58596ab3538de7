import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { encodeSyntheticActivity } from '../support/fit-fixtures.js';
import { COACH_BIN, tempCoachHome } from '../support/cli.js';
import { newAthlete, openStore, type Athlete, type Store } from './harness.js';

/**
 * Signals at random points of `coach analyze` and `coach garmin import` (SIGINT, SIGTERM,
 * SIGHUP and kill -9), then the invariants: no analysis left `running` once a later command
 * has looked, none `completed` without its report row, file rows and files, every interrupted
 * one resumable to completion, and no duplicate rows (results, files, activities).
 *
 * COACH_FAULT_TRIALS trials per command and database (default 2, to keep `npm test` short;
 * the full run is 20: `COACH_FAULT_TRIALS=20 npx vitest run test/robustness/signal-trials.test.ts`).
 * Runs on PGlite, and on the Postgres server too when TEST_DATABASE_URL is set.
 */
const TRIALS = Math.max(1, Number(process.env.COACH_FAULT_TRIALS ?? 2) || 2);
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'];
const STORES = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

function startAndSignal(args: string[], env: Record<string, string>, delayMs: number, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, ...env })) if (v !== undefined) fullEnv[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [COACH_BIN, ...args], { env: fullEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill(signal), delayMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function analyses(store: Store) {
  return store.withDb(async (db) =>
    (await sql<{ id: string; status: string }>`select id, status from analysis order by created_at`.execute(db)).rows);
}

async function checkCompleted(store: Store, id: string, label: string): Promise<void> {
  const { results, files } = await store.withDb(async (db) => ({
    results: (await sql<{ node_name: string }>`select node_name from analysisresult where analysis_id = ${id}`.execute(db)).rows.map((r) => r.node_name),
    files: (await sql<{ filename: string; file_path: string; file_size: number }>`select filename, file_path, file_size from analysisfile where analysis_id = ${id}`.execute(db)).rows,
  }));
  expect(results, `${label}: report row`).toContain('report');
  expect(new Set(results).size, `${label}: no duplicate results`).toBe(results.length);
  expect(files.map((f) => f.filename), `${label}: report files`).toContain('report.html');
  for (const f of files) expect(statSync(f.file_path).size, `${label}: ${f.file_path}`).toBe(Number(f.file_size));
  expect(readdirSync(dirname(files[0].file_path)).sort(), `${label}: no file without its row`).toEqual(files.map((f) => f.filename).sort());
}

for (const kind of STORES) {
  describe(`signals at random points (${kind}, ${TRIALS} trials each)`, () => {
    it('coach analyze: nothing left running, nothing completed without its report, everything resumable', async () => {
      const home = tempCoachHome();
      const store = await openStore(home, { preferServer: kind === 'postgres' });
      try {
        const athlete: Athlete = await newAthlete({ home, env: store.env });
        for (let trial = 0; trial < TRIALS; trial++) {
          const signal = SIGNALS[Math.floor(Math.random() * SIGNALS.length)]!;
          const delay = Math.round(Math.random() * 2500);
          const label = `trial ${trial}: ${signal} after ${delay} ms`;
          const run = await startAndSignal(['analyze', '--provider', 'offline', '--no-hitl'], athlete.env, delay, signal);
          expect([0, 129, 130, 143, null], `${label}: exit ${run.code}: ${run.stderr}`).toContain(run.code);
          // A later command notices a run whose process is gone.
          const list = await athlete.run(['results', 'list', '--json']);
          expect(list.code, `${label}: ${list.stderr}`).toBe(0);
          const rows = await analyses(store);
          expect(rows.filter((r) => r.status === 'running'), `${label}: left running`).toEqual([]);
          for (const row of rows.filter((r) => r.status === 'failed' || r.status === 'pending')) {
            const resumed = await athlete.run(['analyze', '--resume', row.id.slice(0, 8), '--no-hitl']);
            expect(resumed.code, `${label}: resume: ${resumed.stderr}`).toBe(0);
          }
          for (const row of await analyses(store)) {
            expect(row.status, label).toBe('completed');
            await checkCompleted(store, row.id, label);
          }
        }
      } finally {
        await store.dispose();
      }
    }, 900_000);

    it('coach garmin import: a second import after any signal ends with every activity once', async () => {
      const home = tempCoachHome();
      const store = await openStore(home, { preferServer: kind === 'postgres' });
      try {
        const athlete: Athlete = await newAthlete({ home, env: store.env });
        const dir = join(home, 'fit');
        mkdirSync(dir);
        const files = 8;
        for (let i = 0; i < files; i++) {
          const bytes = await encodeSyntheticActivity({ sport: i % 2 ? 'cycling' : 'running', start: new Date(Date.UTC(2026, 10, 1 + i, 7)), durationS: 900, seed: i + 1 });
          writeFileSync(join(dir, `a${i}.fit`), bytes);
        }
        for (let trial = 0; trial < TRIALS; trial++) {
          const signal = SIGNALS[Math.floor(Math.random() * SIGNALS.length)]!;
          const delay = Math.round(Math.random() * 2000);
          const label = `trial ${trial}: ${signal} after ${delay} ms`;
          await startAndSignal(['garmin', 'import', dir], athlete.env, delay, signal);
          const again = await athlete.run(['garmin', 'import', dir]);
          expect(again.code, `${label}: ${again.stderr}`).toBe(0);
          const { total, duplicates } = await store.withDb(async (db) => ({
            total: Number((await sql<{ n: number }>`select count(*)::int as n from activity`.execute(db)).rows[0].n),
            duplicates: Number((await sql<{ n: number }>`
              select count(*)::int as n from (select 1 from activity group by user_id, source, source_id having count(*) > 1) d`.execute(db)).rows[0].n),
          }));
          expect(total, label).toBe(files);
          expect(duplicates, label).toBe(0);
        }
      } finally {
        await store.dispose();
      }
    }, 900_000);
  });
}
