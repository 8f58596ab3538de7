import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest, migrationStatus } from '../db/migrator.js';
import { coachPaths } from '../config/paths.js';
import { UserError } from '../errors.js';
import { print, printJson, printTable, say } from './output.js';

export async function migrate(options: { json?: boolean }): Promise<void> {
  const handle = await openDatabase({ lockLabel: 'coach db migrate' });
  try {
    const { migrateWithBackup } = await import('../db/backup.js');
    const { applied, backup } = await migrateWithBackup(handle.db, handle.dialect, join(coachPaths().dataDir, 'backups'));
    if (backup) say(`backed up the database before migrating it: ${backup}`);
    if (options.json) {
      printJson({ database: handle.dialect, location: handle.location, applied });
      return;
    }
    if (applied.length === 0) say(`database is up to date (${handle.dialect}: ${handle.location})`);
    else for (const name of applied) say(`applied ${name}`);
  } finally {
    await handle.close();
  }
}

export async function status(options: { json?: boolean }): Promise<void> {
  const handle = await openDatabase({ lockLabel: 'coach db status' });
  try {
    const migrations = await migrationStatus(handle.db);
    if (options.json) {
      printJson({
        database: handle.dialect,
        location: handle.location,
        migrations: migrations.map((m) => ({ name: m.name, appliedAt: m.executedAt?.toISOString() ?? null })),
      });
      return;
    }
    print(`${handle.dialect}: ${handle.location}`);
    await printTable(
      ['migration', 'applied at'],
      migrations.map((m) => [m.name, m.executedAt ? m.executedAt.toISOString() : 'pending']),
    );
  } finally {
    await handle.close();
  }
}

/** `coach db rescore`: stored activities brought to the current conventions and active zones. */
export async function rescore(options: { json?: boolean }): Promise<void> {
  const { withUser } = await import('./context.js');
  await withUser(async ({ db, user }) => {
    const { rescoreStoredActivities, describeRescore } = await import('../garmin/rescore-service.js');
    const summary = await rescoreStoredActivities(db, user.id);
    if (options.json) printJson({ ...summary });
    else say(describeRescore(summary) ?? `${summary.activities} activities: nothing to re-score`);
  }, 'coach db rescore');
}

/** `coach db backup [FILE]`: every row as JSON, 0600, written atomically. */
export async function backup(file: string | undefined, options: { json?: boolean }): Promise<void> {
  const handle = await openDatabase({ lockLabel: 'coach db backup' });
  try {
    const { writeBackupFile } = await import('../db/backup.js');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const path = file ? resolve(file) : join(coachPaths().dataDir, 'backups', `coach-${stamp}.json`);
    let written;
    try {
      written = await writeBackupFile(handle.db, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code) throw new UserError(`cannot write the backup to ${path}: ${code}`);
      throw error;
    }
    if (options.json) printJson({ backup: { path: written.path, rows: written.rows, bytes: written.bytes, database: handle.dialect } });
    say(`backed up ${written.rows} rows (${handle.dialect}) to ${written.path}`);
  } finally {
    await handle.close();
  }
}

/** `coach db restore FILE [--yes]`: the backup's rows replace the database's, all or nothing. */
export async function restore(file: string, options: { yes?: boolean; json?: boolean }): Promise<void> {
  const path = resolve(file);
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new UserError(`${path} is not a file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { parseBackup, countRows, restoreBackup } = await import('../db/backup.js');
  const parsed = parseBackup(text);
  const handle = await openDatabase({ lockLabel: 'coach db restore' });
  try {
    await migrateToLatest(handle.db);
    const existing = await countRows(handle.db);
    if (existing > 0 && !options.yes) {
      throw new UserError(`the database (${handle.dialect}: ${handle.location}) has ${existing} rows that the restore would replace: run again with --yes (or \`coach db backup\` them first)`);
    }
    const counts = await restoreBackup(handle.db, parsed);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    if (options.json) printJson({ restore: { path, rows, tables: counts, database: handle.dialect } });
    say(`restored ${rows} rows from ${path} (made ${parsed.createdAt}) into ${handle.dialect}: ${handle.location}`);
  } finally {
    await handle.close();
  }
}
