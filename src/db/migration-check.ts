import type { Kysely } from 'kysely';
import { MIGRATION_NAMES } from '../../migrations/names.js';

/** Postgres's SQLSTATE for a relation that does not exist. */
const UNDEFINED_TABLE = '42P01';

/**
 * True when exactly the known migrations have been applied: the usual case for every
 * command after the first. One small query instead of Kysely's migrator, which
 * introspects the whole catalogue twice and takes a lock and a transaction (~50 ms per
 * command on PGlite). Anything else (a fresh database, a pending migration, one this
 * version does not know) goes through the migrator, which applies or reports it.
 */
export async function migrationsUpToDate(db: Kysely<any>): Promise<boolean> {
  let applied: { name: string }[];
  try {
    applied = await db.selectFrom('kysely_migration').select('name').execute();
  } catch (error) {
    // No migration table yet (undefined_table): a database nothing was applied to. One query
    // for the usual case instead of asking the catalogue first.
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return false;
    throw error;
  }
  return applied.length === MIGRATION_NAMES.length && MIGRATION_NAMES.every((name) => applied.some((row) => row.name === name));
}
