import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/db/connection.js';
import type { Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/**
 * Real databases for tests, never mocks. Every suite written with `describeEachDatabase`
 * runs on embedded PGlite always and on the Postgres server when TEST_DATABASE_URL is set.
 * Each test starts from a freshly migrated, empty database:
 * - PGlite: one migrated in-memory instance per test file, emptied before each test;
 * - Postgres: a migrated template database per worker, `CREATE DATABASE ... TEMPLATE` per test.
 */
export interface TestDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** For tests that start the CLI as a process against the same server database. */
  url?: string;
  destroy(): Promise<void>;
}

export interface DatabaseTarget {
  name: DialectName;
  create(): Promise<TestDatabase>;
  /** Drops templates; called once after the suite. */
  dispose(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

function pgliteTarget(): DatabaseTarget {
  // Starting PGlite costs about a second, so one migrated instance serves a whole test file
  // and every test starts from empty tables (TRUNCATE ... RESTART IDENTITY CASCADE).
  let shared: DatabaseHandle | undefined;
  let tables: string[] = [];
  return {
    name: 'pglite',
    async create() {
      if (!shared) {
        shared = await openDatabase({ dataDir: 'memory' });
        await migrateToLatest(shared.db);
        const result = await sql<{ tablename: string }>`
          select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(shared.db);
        tables = result.rows.map((row) => `"${row.tablename}"`);
      }
      await sql.raw(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`).execute(shared.db);
      return { db: shared.db, dialect: 'pglite', destroy: async () => {} };
    },
    async dispose() {
      await shared?.close();
      shared = undefined;
    },
  };
}

function postgresTarget(url: string): DatabaseTarget {
  let templateName: string | undefined;
  const created: string[] = [];
  return {
    name: 'postgres',
    async create() {
      if (!templateName) {
        templateName = uniqueName('coach_tpl');
        await adminQuery(`CREATE DATABASE ${templateName}`);
        const handle = await openDatabase({ url: withDatabaseName(url, templateName) });
        await migrateToLatest(handle.db);
        await handle.close();
      }
      const name = uniqueName('coach_t');
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
      created.push(name);
      const testUrl = withDatabaseName(url, name);
      // The real connection module, so tests see production's type parsers.
      const handle = await openDatabase({ url: testUrl });
      return {
        db: handle.db,
        dialect: 'postgres',
        url: testUrl,
        async destroy() {
          await handle.close();
          await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
    async dispose() {
      if (templateName) await adminQuery(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      templateName = undefined;
    },
  };
}

export const databaseTargets: DatabaseTarget[] = [pgliteTarget(), ...(serverUrl ? [postgresTarget(serverUrl)] : [])];

// Once per test file, after every suite in it (including tests outside describeEachDatabase).
afterAll(async () => {
  await Promise.all(databaseTargets.map((target) => target.dispose()));
});

/**
 * `describe` once per database target; `getDb()` inside a test returns that test's own
 * freshly migrated database.
 */
export function describeEachDatabase(
  title: string,
  body: (context: { getDb: () => Kysely<Database>; getTestDatabase: () => TestDatabase; target: DatabaseTarget }) => void,
): void {
  for (const target of databaseTargets) {
    describe(`${title} [${target.name}]`, () => {
      let current: TestDatabase | undefined;
      beforeEach(async () => {
        current = await target.create();
      });
      afterEach(async () => {
        await current?.destroy();
        current = undefined;
      });
      body({
        getDb: () => {
          if (!current) throw new Error('getDb() called outside a test');
          return current.db;
        },
        getTestDatabase: () => {
          if (!current) throw new Error('getTestDatabase() called outside a test');
          return current;
        },
        target,
      });
    });
  }
}
