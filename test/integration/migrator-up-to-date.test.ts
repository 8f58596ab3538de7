import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrationsUpToDate } from '../../src/db/migration-check.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { MIGRATION_NAMES } from '../../migrations/names.js';

it('the names list the quick check reads is the migrations list, in the same order', () => {
  expect(MIGRATION_NAMES).toEqual(Object.keys(migrations));
});

// The quick "nothing to migrate" check that spares every command Kysely's migrator.
it('is up to date only when exactly the known migrations are applied', async () => {
  const handle = await openDatabase({ dataDir: 'memory' });
  const db = handle.db;
  try {
    expect(await migrationsUpToDate(db)).toBe(false);
    // Kysely applies migrations in name order; numbers land out of order in the list.
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations).sort());
    expect(await migrationsUpToDate(db)).toBe(true);
    expect(await migrateToLatest(db)).toEqual([]);

    // A pending migration (its row removed) is not "up to date": the migrator runs and says why it cannot apply it again.
    const last = Object.keys(migrations).at(-1)!;
    await sql`delete from kysely_migration where name = ${last}`.execute(db);
    expect(await migrationsUpToDate(db)).toBe(false);
    await sql`insert into kysely_migration (name, timestamp) values (${last}, ${new Date().toISOString()})`.execute(db);
    expect(await migrationsUpToDate(db)).toBe(true);

    // A migration this version does not know (a newer coach migrated the database) goes to the migrator, which reports it.
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', ${new Date().toISOString()})`.execute(db);
    expect(await migrationsUpToDate(db)).toBe(false);
    await expect(migrateToLatest(db)).rejects.toThrow(/9999_from_the_future/);
  } finally {
    await handle.close();
  }
});
