import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { UserError } from '../errors.js';

export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Migration numbers are assigned per feature and land in any order: a database that
    // already ran 0008 still gets 0005 when it arrives (each migration is independent).
    allowUnorderedMigrations: true,
  });
}

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
  const known = Object.keys(migrations);
  return applied.length === known.length && known.every((name) => applied.some((row) => row.name === name));
}

/** Applies every pending migration. Returns the names applied now (empty when up to date). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await migrationsUpToDate(db)) return [];
  const result: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new UserError(`database migration ${failed?.migrationName ?? ''} failed: ${message}`.replace('  ', ' '));
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus[]> {
  const infos = await migratorFor(db).getMigrations();
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt ?? null }));
}
