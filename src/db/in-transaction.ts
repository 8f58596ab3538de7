import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs `fn` in a transaction: a new one on a plain connection, or the caller's when `db`
 * already is one (Kysely cannot nest), so repository functions compose into bigger
 * all-or-nothing writes such as `coach config import`.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}

/** A malformed id is "not found", never a database error (uuid columns reject it). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** True for a Postgres unique-constraint violation (both pg and PGlite report code 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  return !constraint || e.constraint === constraint || Boolean(e.message?.includes(constraint));
}
