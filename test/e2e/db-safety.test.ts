import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateWithBackup, parseBackup } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { newAthlete, openStore, stderrLines } from '../robustness/harness.js';
import { runCoach, tempCoachHome } from '../support/cli.js';

/** The embedded database's safety: backup/restore, damaged folders, private files, automatic backups. */
describe('coach db backup / restore (built binary)', () => {
  it('a backup of the embedded database restores row for row into a fresh one and into the server', async () => {
    const home = tempCoachHome();
    const source = await openStore(home, { preferServer: false });
    const athlete = await newAthlete({ home, env: source.env });
    expect((await athlete.run(['race', 'add', '--name', 'Backup Race', '--date', '2027-05-01', '--priority', 'A'])).code).toBe(0);
    const before = await source.fingerprint();
    const file = join(home, 'backup.json');
    const backup = await runCoach(['db', 'backup', file, '--json'], { env: source.env });
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout).backup.rows).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    for (const kind of process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
      const target = await openStore(tempCoachHome({ empty: true }), { preferServer: kind === 'postgres' });
      try {
        const restored = await runCoach(['db', 'restore', file], { env: target.env, timeoutMs: 120_000 });
        expect(restored.code, restored.stderr).toBe(0);
        expect(restored.stderr).toMatch(/^restored \d+ rows from /);
        expect(await target.fingerprint(), kind).toEqual(before);
        // A database with rows is replaced only with --yes.
        const again = await runCoach(['db', 'restore', file], { env: target.env });
        expect(again.code).toBe(1);
        expect(stderrLines(again)).toEqual([expect.stringMatching(/^coach: the database .* has \d+ rows that the restore would replace: run again with --yes/)]);
        expect((await runCoach(['db', 'restore', file, '--yes'], { env: target.env })).code).toBe(0);
        expect(await target.fingerprint()).toEqual(before);
      } finally {
        await target.dispose();
      }
    }
    // Not a backup: one line, nothing changed.
    writeFileSync(join(home, 'nope.json'), '{"hello": 1}');
    const bad = await runCoach(['db', 'restore', join(home, 'nope.json'), '--yes'], { env: source.env });
    expect(bad.code).toBe(1);
    expect(stderrLines(bad)).toEqual(['coach: not a coach backup (made by `coach db backup`)']);
    expect(await source.fingerprint()).toEqual(before);
  }, 600_000);
});

describe('a damaged embedded database (built binary)', () => {
  const cases: Array<[string, (db: string) => void, RegExp]> = [
    ['PG_VERSION missing', (db) => rmSync(join(db, 'PG_VERSION')), /is damaged \(PG_VERSION is missing\) and coach will not create a new database over it: move the folder away/],
    ['a file where the folder should be', (db) => {
      rmSync(db, { recursive: true });
      writeFileSync(db, 'not a database');
    }, /is not a folder \(something else is in its place\)/],
    ['pg_control overwritten', (db) => writeFileSync(join(db, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a)), /cannot be opened \(.+\); it may be damaged: move the folder away/],
  ];
  for (const [name, damage, message] of cases) {
    it(`${name}: one line saying what is wrong and what to do, exit 1, nothing re-initialised`, async () => {
      const home = tempCoachHome();
      const athlete = await newAthlete({ home });
      const db = join(home, 'data', 'db');
      damage(db);
      const entries = statSync(db).isDirectory() ? readdirSync(db).sort() : null;
      const result = await athlete.run(['race', 'list']);
      expect(result.code, result.stderr).toBe(1);
      expect(stderrLines(result)).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/object Object|Aborted\(\)$/);
      // The old data is still there, untouched (no initdb over it).
      if (entries) expect(readdirSync(db).sort()).toEqual(entries);
      else expect(statSync(db).isFile()).toBe(true);
    }, 300_000);
  }

  it('the database folder is 0700 and its files 0600; a missing database is not created to say "no current user"', async () => {
    const home = tempCoachHome({ empty: true });
    const athlete = await newAthlete({ home });
    const db = join(home, 'data', 'db');
    expect(statSync(db).mode & 0o777).toBe(0o700);
    const loose: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && (statSync(p).mode & 0o077) !== 0) loose.push(p);
      }
    };
    walk(db);
    expect(loose).toEqual([]);
    expect(athlete.email).toBeTruthy();

    const empty = tempCoachHome({ empty: true });
    const none = await runCoach(['race', 'list'], { env: { COACH_HOME: empty } });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^coach: no current user/);
    expect(existsSync(join(empty, 'data', 'db'))).toBe(false);
  }, 300_000);
});

describe('automatic backup before a migration (embedded database)', () => {
  it('an existing database with pending migrations is backed up first, with its rows', async () => {
    const home = tempCoachHome({ empty: true });
    const dataDir = join(home, 'data', 'db');
    mkdirSync(join(home, 'data'), { recursive: true });
    const names = Object.keys(migrations);
    let handle = await openDatabase({ dataDir });
    try {
      // An older coach: only the first migration applied, one athlete stored.
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(names[0]!)).error).toBeUndefined();
      await handle.db.insertInto('user').values({ email: 'old@example.com', full_name: 'Old', hashed_password: 'x', is_active: true, is_verified: false } as never).execute();
      const backupDir = join(home, 'data', 'backups');
      const { applied, backup } = await migrateWithBackup(handle.db, 'pglite', backupDir);
      expect([...applied].sort()).toEqual(names.slice(1).sort());
      expect(backup).toMatch(/\/before-\d{4}_[a-z0-9_]+-.*\.json$/);
      const doc = parseBackup((await import('node:fs')).readFileSync(backup!, 'utf8'));
      expect(doc.migrations).toEqual([names[0]]);
      expect(doc.tables.find((t) => t.name === 'user')!.rows).toMatchObject([{ email: 'old@example.com' }]);
      expect(statSync(backup!).mode & 0o777).toBe(0o600);
      // Up to date now: no further backup.
      expect(await migrateWithBackup(handle.db, 'pglite', backupDir)).toEqual({ applied: [] });
      expect(readdirSync(backupDir)).toHaveLength(1);
    } finally {
      await handle.close();
    }
    // A brand-new database is not backed up (nothing to lose; it may also start migrated, from the build's template).
    const fresh = tempCoachHome({ empty: true });
    mkdirSync(join(fresh, 'data'), { recursive: true });
    handle = await openDatabase({ dataDir: join(fresh, 'data', 'db') });
    try {
      const result = await migrateWithBackup(handle.db, 'pglite', join(fresh, 'data', 'backups'));
      expect(result.backup).toBeUndefined();
      expect(existsSync(join(fresh, 'data', 'backups'))).toBe(false);
    } finally {
      await handle.close();
    }
  }, 300_000);
});
