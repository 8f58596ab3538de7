/**
 * Shared by the robustness and security suites: an athlete's COACH_HOME made with the built
 * binary, a transcript of every command run in it, and a fingerprint of every table (row
 * count and a hash of the rows) to prove a refused command wrote nothing.
 *
 * Where the rows live: with TEST_DATABASE_URL (CI), the commands run against a throwaway
 * database on that server (DATABASE_URL), so a fingerprint is one cheap query and can be taken
 * around every single case. Without it they run on the embedded PGlite of the home, whose
 * fingerprint needs the database opened in this process (seconds), so callers take it around
 * a group of cases instead (see `perCaseFingerprints`).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { coachPaths } from '../../src/config/paths.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import type { Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { runCoach, tempCoachHome, type CliResult, type RunOptions } from '../support/cli.js';

export interface Transcript extends CliResult {
  args: string[];
}

export interface Athlete {
  home: string;
  email: string;
  /** Environment of every command: COACH_HOME, and DATABASE_URL when on the server. */
  env: Record<string, string>;
  transcript: Transcript[];
  run(args: string[], options?: RunOptions): Promise<CliResult>;
}

export type Fingerprint = Record<string, { rows: number; hash: string }>;

export interface Store {
  kind: 'postgres' | 'pglite';
  /** True when a fingerprint is cheap enough to take around every case. */
  perCaseFingerprints: boolean;
  env: Record<string, string>;
  fingerprint(): Promise<Fingerprint>;
  /** The database of the store, opened (PGlite: only while no coach process runs). */
  withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A store for one home: a throwaway server database when TEST_DATABASE_URL is set, else the home's PGlite. */
export async function openStore(home: string, { preferServer = true } = {}): Promise<Store> {
  if (serverUrl && preferServer) {
    // Named like the harness's test databases so a crashed run's leftovers are swept.
    const name = `coach_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString() });
    await migrateToLatest(handle.db);
    return {
      kind: 'postgres',
      perCaseFingerprints: true,
      env: { COACH_HOME: home, DATABASE_URL: url.toString() },
      fingerprint: () => fingerprintOf(handle.db),
      withDb: (fn) => fn(handle.db),
      async dispose() {
        await handle.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const withDb = async <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
    const handle: DatabaseHandle = await openDatabase({ dataDir: coachPaths({ COACH_HOME: home }).databaseDir, lockWaitMs: 60_000 });
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  };
  return {
    kind: 'pglite',
    perCaseFingerprints: false,
    env: { COACH_HOME: home },
    fingerprint: () => withDb(fingerprintOf),
    withDb,
    dispose: async () => {},
  };
}

/** Row count and an md5 of all rows (in id order) of every table of the schema. */
export async function fingerprintOf(db: Kysely<Database>): Promise<Fingerprint> {
  const { rows: tables } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' order by tablename`.execute(db);
  const out: Fingerprint = {};
  for (const { tablename } of tables) {
    const { rows } = await sql<{ n: number; hash: string }>`
      select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash
      from ${sql.table(tablename)} t`.execute(db);
    out[tablename] = { rows: Number(rows[0].n), hash: rows[0].hash };
  }
  return out;
}

/** Every row of every table, for grepping a "dump" of the database. */
export async function dumpRows(db: Kysely<Database>): Promise<string> {
  const { rows: tables } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const { rows } = await sql`select * from ${sql.table(tablename)}`.execute(db);
    parts.push(`-- ${tablename}\n${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

/** `coach init` of a new athlete (flags + --password-stdin), recording every command. */
export async function newAthlete(options: {
  home?: string;
  env?: Record<string, string>;
  email?: string;
  name?: string;
  password?: string;
  extraArgs?: string[];
}): Promise<Athlete> {
  const home = options.home ?? tempCoachHome();
  const email = options.email ?? `athlete-${randomBytes(3).toString('hex')}@example.com`;
  const transcript: Transcript[] = [];
  const env = { COACH_HOME: home, ...options.env };
  const run = async (args: string[], runOptions: RunOptions = {}): Promise<CliResult> => {
    const result = await runCoach(args, { timeoutMs: 120_000, ...runOptions, env: { ...env, ...runOptions.env } });
    transcript.push({ args, ...result });
    return result;
  };
  const init = await run(['init', '--email', email, '--name', options.name ?? 'Ada Athlete', '--password-stdin', ...(options.extraArgs ?? [])], {
    input: options.password ?? 'correct horse battery staple',
  });
  if (init.code !== 0) throw new Error(`coach init failed (${init.code}): ${init.stderr}`);
  return { home, email, env, transcript, run };
}

/** Every regular file under a directory (recursively), absolute paths. */
export function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries.map((entry) => join(dir, entry)).filter((path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/** The lines of stderr, without empty ones. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}
