import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COACH_BIN, tempCoachHome } from '../support/cli.js';
import { newAthlete, openStore, stderrLines, type Athlete, type Store } from './harness.js';

/**
 * Faults during `coach analyze`, against the built binary: a second analysis of the same
 * athlete, SIGINT, a model provider that answers 429/500/garbage, an output folder that
 * cannot be written, and (on the Postgres server) the database connection killed mid-run.
 */

interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  done: Promise<number | null>;
  /** Resolves when stderr has matched the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

function start(args: string[], env: Record<string, string | undefined>): Running {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, ...env })) if (v !== undefined) fullEnv[k] = v;
  const child = spawn(process.execPath, [COACH_BIN, ...args], { env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end();
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    done: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    waitFor(pattern, timeoutMs = 240_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in: ${running.stderr}`)), timeoutMs);
        const check = () => {
          if (pattern.test(running.stderr)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stderr!.on('data', check);
        child.on('close', () => {
          clearTimeout(timer);
          if (pattern.test(running.stderr)) resolve();
          else reject(new Error(`exited before ${pattern}: ${running.stderr}`));
        });
        check();
      });
    },
  };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (running.stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (running.stderr += c));
  return running;
}

async function analysisRows(store: Store) {
  return store.withDb(async (db) =>
    (await sql<{ id: string; status: string; error_message: string | null; retry_count: number; current_node: string | null }>`
      select id, status, error_message, retry_count, current_node from analysis order by created_at`.execute(db)).rows,
  );
}

describe('two analyses of one athlete at once (built binary)', () => {
  it('while one runs, the other refuses with exit 75 and one line, and writes no analysis', async () => {
    // A model provider that never answers keeps the first analysis busy for as long as needed.
    const pending: Array<import('node:http').ServerResponse> = [];
    const hanging = createServer((req, res) => {
      req.resume();
      pending.push(res);
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const home = tempCoachHome();
    const store = await openStore(home);
    try {
      const athlete = await newAthlete({ home, env: { ...store.env, OLLAMA_BASE_URL: url } });
      const first = start(['analyze', '--provider', 'ollama', '--no-hitl'], athlete.env);
      await first.waitFor(/load_data done/);
      const second = await athlete.run(['analyze', '--provider', 'offline', '--no-hitl']);
      expect(second.code, second.stderr).toBe(75);
      expect(stderrLines(second)).toHaveLength(1);
      // The server refuses through the athlete's advisory lock; the embedded database admits
      // one process at a time, so there the refusal is the database lock's (same exit 75).
      expect(second.stderr).toMatch(
        store.kind === 'postgres'
          ? /^coach: another analysis for this athlete is running; wait for it to finish/
          : /^coach: the embedded database is in use by another coach process, pid \d+ \(coach analyze\); try again when it has finished\n$/,
      );
      first.child.kill('SIGINT');
      expect(await first.done, first.stderr).toBe(130);
      const rows = await analysisRows(store);
      expect(rows, 'only the first analysis exists').toHaveLength(1);
      expect(rows[0].status).not.toBe('running');
    } finally {
      for (const res of pending) res.destroy();
      hanging.close();
      await store.dispose();
    }
  }, 600_000);
});

/** A model provider that never answers: keeps an analysis inside its expert step for as long as needed. */
async function hangingProvider() {
  const pending: Array<import('node:http').ServerResponse> = [];
  const server = createServer((req, res) => {
    req.resume();
    pending.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      for (const res of pending) res.destroy();
      server.close();
    },
  };
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  describe(`${signal} during coach analyze (built binary)`, () => {
    it(`exits ${code}, records the interruption, keeps the checkpoint, and --resume (8-character id) finishes the analysis`, async () => {
      const home = tempCoachHome();
      const store = await openStore(home);
      const hanging = await hangingProvider();
      try {
        const athlete = await newAthlete({ home, env: { ...store.env, OLLAMA_BASE_URL: hanging.url } });
        // The experts wait on the provider, so the signal lands inside a step, never in the report.
        const run = start(['analyze', '--provider', 'ollama', '--no-hitl'], athlete.env);
        await run.waitFor(/load_data done/);
        run.child.kill(signal);
        expect(await run.done, run.stderr).toBe(code);
        expect(stderrLines(run).at(-1)).toMatch(new RegExp(`^coach: analysis [0-9a-f-]{36} interrupted \\(${signal}\\); resume with`));
        const [row] = await analysisRows(store);
        expect(row.status).toBe('failed');
        expect(row.error_message).toBe('interrupted');
        const checkpoints = await store.withDb(async (db) => {
          const { rows } = await sql<{ name: string }>`
            select schemaname || '.' || tablename as name from pg_tables where tablename like '%checkpoint%' and schemaname not in ('pg_catalog', 'information_schema')`.execute(db);
          let n = 0;
          for (const { name } of rows) n += Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db)).rows[0].n);
          return n;
        });
        expect(checkpoints, 'checkpoint rows kept').toBeGreaterThan(0);
        // The id as `results list` shows it; another provider finishes the run.
        const resumed = await athlete.run(['analyze', '--resume', row.id.slice(0, 8), '--provider', 'offline', '--no-hitl']);
        expect(resumed.code, resumed.stderr).toBe(0);
        // Nodes finished before the interruption are not run again, and progress counts them.
        expect(resumed.stderr).not.toMatch(/load_data done/);
        expect(resumed.stderr).toMatch(/report done \(100%\)/);
        expect(resumed.stderr).not.toMatch(/__metadata__/);
        const after = await analysisRows(store);
        expect(after).toHaveLength(1);
        expect(after[0].status).toBe('completed');
        await expectCompleteReport(store, after[0].id);
      } finally {
        hanging.close();
        await store.dispose();
      }
    }, 600_000);
  });
}

/** A completed analysis has its report row, one result per node at most, and every recorded file on disk. */
async function expectCompleteReport(store: Store, analysisId: string): Promise<void> {
  const { results, files } = await store.withDb(async (db) => ({
    results: (await sql<{ node_name: string }>`select node_name from analysisresult where analysis_id = ${analysisId}`.execute(db)).rows,
    files: (await sql<{ filename: string; file_path: string; file_size: number }>`select filename, file_path, file_size from analysisfile where analysis_id = ${analysisId}`.execute(db)).rows,
  }));
  const names = results.map((r) => r.node_name);
  expect(names).toContain('report');
  expect(new Set(names).size, 'no duplicate node results').toBe(names.length);
  expect(files.map((f) => f.filename)).toContain('report.html');
  for (const f of files) expect(statSync(f.file_path).size, f.file_path).toBe(Number(f.file_size));
  // No file on disk without its row.
  const dir = dirname(files[0].file_path);
  expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.filename).sort());
}

describe('a model provider that fails (built binary, local fake Ollama)', () => {
  let server: Server;
  let url = '';
  let mode: '429' | '500' | 'garbage' = '429';
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        return res.end('{"model": "llama3.1", "message": {"role": "assistant", "content": "\u0000\u0001 <<<not json\n');
      }
      res.writeHead(Number(mode), { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: mode === '429' ? 'rate limited' : 'internal error' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const failure of ['429', '500', 'garbage'] as const) {
    it(`${failure}: retried, then status failed with a message, exit 1, one line`, async () => {
      mode = failure;
      requests = 0;
      const home = tempCoachHome();
      const store = await openStore(home);
      try {
        const athlete = await newAthlete({ home, env: { ...store.env, OLLAMA_BASE_URL: url } });
        const result = await athlete.run(['analyze', '--provider', 'ollama', '--no-hitl']);
        expect(result.code, result.stderr).toBe(1);
        const errorLines = stderrLines(result).filter((l) => l.startsWith('coach: ') && !/ done \(\d+%\)$/.test(l));
        expect(errorLines, result.stderr).toHaveLength(1);
        expect(result.stderr).not.toMatch(/^\s+at /m);
        expect(requests, 'the provider was asked more than once').toBeGreaterThan(1);
        const [row] = await analysisRows(store);
        expect(row.status).toBe('failed');
        expect(row.error_message).toBeTruthy();
        expect(row.retry_count).toBeGreaterThan(0);
        expect(errorLines[0]).toContain(row.id);
      } finally {
        await store.dispose();
      }
    }, 600_000);
  }
});

describe('an output folder that cannot be written (built binary)', () => {
  it('fails with a clear message; the analysis is failed and no file row points to a missing file', async () => {
    const home = tempCoachHome();
    const store = await openStore(home);
    try {
      const athlete = await newAthlete({ home, env: store.env });
      // A read-only folder stops a normal user; root ignores permissions, so as root the
      // output folder is a path under a regular file (ENOTDIR), which stops everyone.
      const locked = mkdtempSync(join(tmpdir(), 'coach-locked-'));
      chmodSync(locked, 0o500);
      writeFileSync(join(locked, '..', `${locked.split('/').pop()}-file`), 'a file, not a folder');
      const target = process.getuid?.() === 0 ? join(`${locked}-file`, 'reports') : join(locked, 'reports');
      expect((await athlete.run(['config', 'edit', 'main', '--output-directory', target])).code).toBe(0);
      const result = await athlete.run(['analyze', '--provider', 'offline', '--no-hitl']);
      expect(result.code, result.stderr).not.toBe(0);
      const last = stderrLines(result).at(-1)!;
      expect(last).toMatch(/^coach: /);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      const [row] = await analysisRows(store);
      expect(row.status).toBe('failed');
      expect(row.error_message).toBeTruthy();
      const files = await store.withDb(async (db) => (await sql<{ n: number }>`select count(*)::int as n from analysisfile`.execute(db)).rows[0].n);
      expect(files).toBe(0);
    } finally {
      await store.dispose();
    }
  }, 600_000);
});

describe('an output folder under /proc (built binary)', () => {
  it('is refused at once with one line (mkdir -p there never returns), the analysis failed, no file rows', async () => {
    const home = tempCoachHome();
    const store = await openStore(home);
    try {
      const athlete = await newAthlete({ home, env: store.env });
      expect((await athlete.run(['config', 'edit', 'main', '--output-directory', '/proc/self'])).code).toBe(0);
      const result = await athlete.run(['analyze', '--provider', 'offline', '--no-hitl'], { timeoutMs: 120_000 });
      expect(result.code, result.stderr).toBe(1);
      expect(stderrLines(result).at(-1)).toMatch(/^coach: analysis [0-9a-f-]{36} failed: .*cannot write the report files: \/proc\/self\/[0-9a-f-]+ is not an ordinary folder \(it is under \/proc\)/);
      const [row] = await analysisRows(store);
      expect(row.status).toBe('failed');
      const files = await store.withDb(async (db) => (await sql<{ n: number }>`select count(*)::int as n from analysisfile`.execute(db)).rows[0].n);
      expect(files).toBe(0);
    } finally {
      await store.dispose();
    }
  }, 600_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('the database connection dropped mid-analysis (Postgres server)', () => {
  it('status ends failed with a message, and --resume completes it', async () => {
    const home = tempCoachHome();
    const store = await openStore(home);
    try {
      const athlete: Athlete = await newAthlete({ home, env: store.env });
      const run = start(['analyze', '--provider', 'offline', '--no-hitl'], athlete.env);
      await run.waitFor(/load_data done/);
      const dbName = new URL(store.env.DATABASE_URL).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
      } finally {
        await admin.end();
      }
      const code = await run.done;
      const rows = await analysisRows(store);
      expect(rows).toHaveLength(1);
      if (code === 0) {
        // The pool reconnected and the run finished: acceptable, nothing half-written.
        expect(rows[0].status).toBe('completed');
        return;
      }
      expect(code).toBe(1);
      expect(rows[0].status).toBe('failed');
      expect(rows[0].error_message).toBeTruthy();
      const resumed = await athlete.run(['analyze', '--resume', rows[0].id, '--provider', 'offline', '--no-hitl']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect((await analysisRows(store))[0].status).toBe('completed');
    } finally {
      await store.dispose();
    }
  }, 600_000);
});
