import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Kysely, PostgresDialect } from 'kysely';
import { coachPaths } from '../config/paths.js';
import { UserError } from '../errors.js';
import { redact } from '../security/secrets.js';
import type { Database } from './database.js';
import { checkEmbeddedDataDir, embeddedOpenError, protectEmbeddedDir, restrictNewFiles } from './embedded-dir.js';
import { acquireFileLock, type FileLock } from './file-lock.js';
import { seedFromTemplate } from './pglite-template.js';
import { PG_OID, parseBytea, parseDate, parseNumber, serializeBytea } from './type-parsers.js';

export type DialectName = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where it lives: a directory for PGlite ('memory' when in memory), a redacted URL for a server. */
  location: string;
  /** The embedded instance, for PGlite only (tests clone it). */
  pglite?: import('@electric-sql/pglite').PGlite;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; defaults to the user's data directory. 'memory' keeps it in memory. */
  dataDir?: string;
  /** How long to wait for another coach process to release the embedded database. */
  lockWaitMs?: number;
  /** Shown to a second process that finds the database busy. */
  lockLabel?: string;
  /** In-memory PGlite only: start from this dump (`dumpDataDir()`), e.g. a migrated template in tests. */
  loadDataDir?: Blob;
  /** Server only: the pool's cap (default POOL_MAX); `coach worker` sizes it to its concurrency. */
  poolMax?: number;
}

/**
 * The seed's pool is "size 5 with max overflow 10" (SQLAlchemy). node-postgres has one cap,
 * so the pool may grow to 5 + 10 connections and closes idle ones after 10 s.
 */
const POOL_MAX = 15;

/**
 * PGlite starts Postgres with its stock 128 MB of shared buffers, which WASM memory holds
 * for the life of the process (about 300 MB RSS before a single row). One CLI process is
 * the only client, and the data directory's files sit in the OS page cache anyway, so
 * 16 MB is plenty: RSS drops by ~130 MB and start-up by ~120 ms (bench suites 02 and 03).
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=1MB'];

/**
 * V8 compiles PGlite's ~9 MB WASM twice at start-up: Liftoff (baseline) and then TurboFan
 * for the whole module on background threads, which costs ~0.6 s of CPU in every process
 * and ~70 MB of code. A coach process runs for seconds, so that work never pays back:
 * with Liftoff only, a short command takes 0.53 s instead of 0.8 s (half the CPU), offline
 * analyze 1.6 s instead of 2.3 s, and a year's import the same wall time with 65 MB less
 * peak RSS. Must run before the module is compiled; it only affects WebAssembly.
 */
function preferBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) return openPostgres(url, options.poolMax ?? POOL_MAX);
  return openPglite(options);
}

async function openPostgres(url: string, poolMax: number): Promise<DatabaseHandle> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UserError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === PG_OID.INT8 || oid === PG_OID.NUMERIC) return parseNumber;
      if (oid === PG_OID.DATE) return parseDate;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolMax, idleTimeoutMillis: 10_000, types });
  // A dropped server connection (restart, pg_terminate_backend, network) must not crash the
  // process with an unhandled 'error' event: the pool reports idle clients here, and every
  // client gets its own listener for when it dies while checked out (e.g. the analysis lock's
  // long-held connection). The query in flight fails with a proper error instead, and the
  // pool opens a fresh connection for the next one, so failures can still be recorded.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new UserError(`cannot connect to the database server: ${redact((error as Error).message)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redact(url), close: () => db.destroy() };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ?? coachPaths().databaseDir;
  const inMemory = dataDir === 'memory';
  let lock: FileLock | undefined;
  if (!inMemory) {
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o700 });
    lock = await acquireFileLock(`${dataDir}.lock`, {
      waitMs: options.lockWaitMs ?? Number(process.env.COACH_DB_LOCK_WAIT_MS ?? 30_000),
      label: options.lockLabel ?? 'coach',
    });
  }
  try {
    preferBaselineWasmCompiler();
    const [{ PGlite, types }, { PGliteDialect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('kysely-pglite-dialect'),
    ]);
    const parsers = {
      [types.INT8]: parseNumber,
      [types.NUMERIC]: parseNumber,
      [types.DATE]: parseDate,
      [types.BYTEA]: parseBytea,
    };
    // Typed as returning text, but PGlite hands a serializer's result to its wire protocol,
    // which sends a Uint8Array as a binary parameter (the checkpointer tests cover the round trip).
    const serializers = { [types.BYTEA]: serializeBytea } as unknown as Record<number, (value: unknown) => string>;
    const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS];
    if (!inMemory) {
      checkEmbeddedDataDir(dataDir);
      restrictNewFiles();
      // A new database is a copy of the build's migrated template, not an initdb (pglite-template.ts).
      seedFromTemplate(dataDir);
    }
    let pglite: import('@electric-sql/pglite').PGlite;
    try {
      pglite = inMemory
        ? await PGlite.create({ parsers, serializers, startParams, loadDataDir: options.loadDataDir })
        : await PGlite.create(dataDir, { parsers, serializers, startParams });
    } catch (error) {
      throw inMemory ? error : embeddedOpenError(dataDir, error);
    }
    if (!inMemory) protectEmbeddedDir(dataDir);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      dialect: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      pglite,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
