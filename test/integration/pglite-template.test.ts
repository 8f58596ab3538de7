import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { installedPgliteVersion, seedFromTemplate } from '../../src/db/pglite-template.js';
import { migrations } from '../../migrations/index.js';

/**
 * A new embedded database is a copy of a migrated template data directory (built by
 * scripts/pglite-template.mjs), not an initdb. The template here is the suite's migrated
 * COACH_HOME database (test/support/global-setup.ts) with a stamp, as the build writes it.
 */
describe('PGlite template data directory', () => {
  let scratch: string;
  let template: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'coach-pglite-template-'));
    template = join(scratch, 'template');
    const source = join(process.env.COACH_TEST_TEMPLATE_HOME!, 'data', 'db');
    expect(existsSync(join(source, 'PG_VERSION')), 'global setup made a migrated database').toBe(true);
    mkdirSync(template);
    cpSync(source, join(template, 'data'), { recursive: true });
    writeStamp(template, installedPgliteVersion()!);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function writeStamp(dir: string, pgliteVersion: string) {
    writeFileSync(join(dir, 'stamp.json'), JSON.stringify({ pgliteVersion, migrations: Object.keys(migrations), key: 'test' }));
  }

  it('fills a new data directory that PGlite then opens, migrated, with nothing left beside it', async () => {
    const dataDir = join(scratch, 'home-a', 'db');
    mkdirSync(join(scratch, 'home-a'));
    expect(seedFromTemplate(dataDir, template)).toBe(true);
    expect(readdirSync(join(scratch, 'home-a'))).toEqual(['db']);
    const handle = await openDatabase({ dataDir });
    try {
      const applied = await handle.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied.map((row) => (row as { name: string }).name)).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(handle.db)).toEqual([]);
      await handle.db.insertInto('user').values({ email: 'template@example.com', hashed_password: 'x' }).execute();
      expect(await handle.db.selectFrom('user').select('email').execute()).toEqual([{ email: 'template@example.com' }]);
    } finally {
      await handle.close();
    }
  });

  it('never touches a data directory that has files, nor copies a template another PGlite version made', () => {
    const full = join(scratch, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    expect(seedFromTemplate(full, template)).toBe(false);
    expect(readdirSync(full)).toEqual(['keep.txt']);

    const other = join(scratch, 'other-version');
    mkdirSync(other);
    cpSync(join(template, 'data'), join(other, 'data'), { recursive: true });
    writeStamp(other, '0.0.0-not-installed');
    expect(seedFromTemplate(join(scratch, 'home-b', 'db'), other)).toBe(false);
    expect(existsSync(join(scratch, 'home-b', 'db'))).toBe(false);

    expect(seedFromTemplate(join(scratch, 'home-c', 'db'), join(scratch, 'no-template'))).toBe(false);
  });
});
