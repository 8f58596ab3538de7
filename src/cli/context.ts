import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { readCurrentUser } from '../config/current-user.js';
import { coachPaths } from '../config/paths.js';
import { type DatabaseHandle, openDatabase } from '../db/connection.js';
import type { Database } from '../db/database.js';
import { migrationsUpToDate } from '../db/migration-check.js';
import type { UserRow } from '../db/tables/user.table.js';
import { findUserByEmail, findUserById } from '../db/users.repository.js';
import { UserError } from '../errors.js';

/** Options every command accepts (defined on the program). */
export interface GlobalOptions {
  debug?: boolean;
}

/**
 * Opens the database (PGlite by default, DATABASE_URL for a server), brings the schema up
 * to date, runs `fn` and always closes the connection. This module is loaded only by the
 * commands' actions (never at start-up, so `coach --help` stays instant), and each of them
 * opens the database: so what it needs is imported here, statically. Every dynamic import
 * is a bundle chunk of its own, and each chunk costs a command ~0.5 ms to load; the database
 * engines themselves (PGlite, pg) still load only when opened.
 */
export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>, label = 'coach'): Promise<T> {
  const handle = await openDatabase({ lockLabel: label });
  try {
    if (!(await migrationsUpToDate(handle.db))) {
      // Rare (a new coach version): the backup module loads only then.
      const { migrateWithBackup } = await import('../db/backup.js');
      const { backup } = await migrateWithBackup(handle.db, handle.dialect, join(coachPaths().dataDir, 'backups'));
      if (backup) process.stderr.write(`coach: backed up the database before migrating it: ${backup}\n`);
    }
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export interface UserContext {
  handle: DatabaseHandle;
  db: Kysely<Database>;
  user: UserRow;
}

/** Like withDatabase, for commands that act as the current user (see `coach login`). */
export async function withUser<T>(fn: (ctx: UserContext) => Promise<T>, label = 'coach'): Promise<T> {
  // Before opening the database: without a current user there is nothing to do, and a
  // missing embedded database must not be created (seconds, hundreds of MB) just to say so.
  const current = readCurrentUser();
  if (!current) throw new UserError('no current user: run `coach init` (or `coach login --email ...`) first');
  return withDatabase(async (handle) => {
    const user = current.userId
      ? await findUserById(handle.db, current.userId)
      : await findUserByEmail(handle.db, current.email);
    if (!user) {
      throw new UserError(`the current user ${current.email} is not in this database: run \`coach init\` or \`coach login\``);
    }
    return fn({ handle, db: handle.db, user });
  }, label);
}
