import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { UserError } from '../errors.js';
import { migrationsUpToDate } from './migration-check.js';

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
