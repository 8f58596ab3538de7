import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { failRunningAnalyses } from '../db/analyses.repository.js';
import { BusyError } from '../errors.js';

export interface AnalysisLock {
  release(): Promise<void>;
}

const heldInProcess = new Set<string>();

const busy = () => new BusyError('another analysis for this athlete is running; wait for it to finish (or resume it later with `coach analyze --resume ID`)');

/**
 * One analysis per user at a time, refused rather than queued.
 * - Postgres server: `pg_try_advisory_lock` on a key derived from the user id, held on a
 *   dedicated connection for the whole run; it is released when that connection ends, so a
 *   killed process never leaves it behind.
 * - Embedded PGlite: only one process can open the database at all (src/db/file-lock.ts);
 *   `coach analyze` opens it without waiting, so a second process gets BusyError at once.
 * In both cases a second run in the same process is refused by an in-process set.
 */
export async function acquireAnalysisLock(db: Kysely<Database>, dialect: 'pglite' | 'postgres', userId: string): Promise<AnalysisLock> {
  if (heldInProcess.has(userId)) throw busy();
  heldInProcess.add(userId);
  if (dialect === 'pglite') {
    return { release: async () => void heldInProcess.delete(userId) };
  }
  const key = `coach-analyze:${userId}`;
  let releaseConnection!: () => void;
  const released = new Promise<void>((resolve) => (releaseConnection = resolve));
  let acquired!: (ok: boolean) => void;
  let failed!: (error: unknown) => void;
  const gotLock = new Promise<boolean>((resolve, reject) => ((acquired = resolve), (failed = reject)));
  const holder = db
    .connection()
    .execute(async (conn) => {
      const row = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as ok`.execute(conn);
      const ok = row.rows[0]?.ok === true;
      acquired(ok);
      if (!ok) return;
      await released;
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    })
    .catch((error) => failed(error));
  let ok: boolean;
  try {
    ok = await gotLock;
  } catch (error) {
    heldInProcess.delete(userId);
    throw error;
  }
  if (!ok) {
    heldInProcess.delete(userId);
    await holder;
    throw busy();
  }
  return {
    release: async () => {
      releaseConnection();
      await holder.catch(() => {});
      heldInProcess.delete(userId);
    },
  };
}

/** What an analysis whose process disappeared (kill -9, SIGKILL by a supervisor, a crash) records. */
export const INTERRUPTED_MESSAGE = 'interrupted: the process running it stopped before it finished';

/**
 * Marks the athlete's `running` analyses failed ("interrupted", resumable with --resume).
 * The caller holds the athlete's analysis lock, so none of them has a live process.
 */
export async function failInterruptedRuns(db: Kysely<Database>, userId: string): Promise<number> {
  return failRunningAnalyses(db, userId, INTERRUPTED_MESSAGE);
}

/**
 * For commands that show analyses (`results list|show`): an analysis left `running` by a
 * process that is gone becomes failed ("interrupted"). On the embedded database this process
 * holds the database, so no analysis runs anywhere else; on a server the athlete's advisory
 * lock tells whether one runs, and a running one is left alone.
 */
export async function markInterruptedRuns(db: Kysely<Database>, dialect: 'pglite' | 'postgres', userId: string): Promise<number> {
  if (heldInProcess.has(userId)) return 0;
  if (dialect === 'pglite') return failInterruptedRuns(db, userId);
  const key = `coach-analyze:${userId}`;
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as ok`.execute(conn);
    if (rows[0]?.ok !== true) return 0;
    try {
      return await failInterruptedRuns(conn, userId);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}
