#!/usr/bin/env node
// Builds dist/pglite-template (run by `npm run build`, after tsc): a PGlite data directory made
// by initdb and migrated to this build's migrations, which coach copies as every new embedded
// database instead of running initdb (src/db/pglite-template.ts: ~690 MB peak memory -> the
// memory of opening a database). Rebuilt only when PGlite's version or a compiled migration
// changes (the stamp's key), since initdb takes seconds of CPU.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const dist = (path) => import(pathToFileURL(join(DIST, path)).href);

const { installedPgliteVersion, readTemplateStamp, templateDir } = await dist('src/db/pglite-template.js');
const { migrations } = await dist('migrations/index.js');

const pgliteVersion = installedPgliteVersion();
if (!pgliteVersion) throw new Error('pglite-template: cannot find the installed @electric-sql/pglite');
const hash = createHash('sha256').update(pgliteVersion);
const migrationsDir = join(DIST, 'migrations');
for (const file of readdirSync(migrationsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).sort()) {
  hash.update(file).update(readFileSync(join(migrationsDir, file)));
}
const key = hash.digest('hex');
const target = templateDir();
if (readTemplateStamp(target)?.key === key) {
  process.stderr.write('pglite-template: up to date\n');
  process.exit(0);
}

// The old template goes first: openDatabase would otherwise copy it instead of running initdb.
rmSync(target, { recursive: true, force: true });
const staging = `${target}.new-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  const { openDatabase } = await dist('src/db/connection.js');
  const { migrateToLatest } = await dist('src/db/migrator.js');
  const handle = await openDatabase({ dataDir: join(staging, 'data'), lockLabel: 'npm run build' });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  rmSync(join(staging, 'data.lock'), { force: true });
  const stamp = { pgliteVersion, migrations: Object.keys(migrations), key };
  writeFileSync(join(staging, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  renameSync(staging, target);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
process.stderr.write(`pglite-template: built (PGlite ${pgliteVersion}, ${Object.keys(migrations).length} migrations)\n`);
if (!existsSync(join(target, 'data', 'PG_VERSION'))) throw new Error('pglite-template: no PG_VERSION in the template');
