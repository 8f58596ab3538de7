import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../../src/db/file-lock.js';

/**
 * Runs once before the suite. In CI a Postgres server must be reachable: a suite that
 * silently skipped the server would prove nothing about it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const templateHome = await createTemplateCoachHome();
  // Workers are forked after this and inherit the environment.
  process.env.COACH_TEST_TEMPLATE_HOME = templateHome;
  const teardown = async () => rmSync(templateHome, { recursive: true, force: true });
  await checkServer();
  return teardown;
}

/**
 * Creating an embedded database on disk costs seconds (initdb); copying one costs
 * milliseconds. e2e tests start from a copy of this migrated, empty COACH_HOME.
 */
async function createTemplateCoachHome(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'coach-template-home-'));
  const { openDatabase } = await import('../../src/db/connection.js');
  const { migrateToLatest } = await import('../../src/db/migrator.js');
  const handle = await openDatabase({ dataDir: join(home, 'data', 'db') });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  return home;
}

async function checkServer(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.CI) throw new Error('CI is set but TEST_DATABASE_URL is not: the Postgres server suite cannot be skipped in CI');
    process.stderr.write('[coach tests] TEST_DATABASE_URL not set: running the database suites on PGlite only\n');
    return;
  }
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
    await dropStaleTestDatabases(client);
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but the server is unreachable: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Test databases are named coach_t_<pid>_<hex> / coach_tpl_<pid>_<hex>; drop those whose worker is gone. */
async function dropStaleTestDatabases(client: import('pg').Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "select datname from pg_database where datname ~ '^coach_(t|tpl)_[0-9]+_[0-9a-f]+$'",
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    if (isProcessAlive(pid)) continue;
    await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
  }
}
