/**
 * Guards around the embedded database's data directory (used by connection.ts):
 * - never initialise over something that is not an empty folder or a database (PGlite would
 *   silently create a fresh database over a directory whose PG_VERSION went missing);
 * - one-line errors, saying what to do, when the directory cannot be opened;
 * - private files: the folder 0700 and new files 0600 (they hold password hashes and the
 *   encrypted Garmin password).
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

const WHAT_TO_DO = 'move the folder away and restore a backup into a fresh one (`coach db restore FILE`), or move it away to start afresh';

/** Throws when `dataDir` exists but is not an empty folder or an embedded database. */
export function checkEmbeddedDataDir(dataDir: string): void {
  let info;
  try {
    info = lstatSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError(`the embedded database ${dataDir} cannot be read (${(error as NodeJS.ErrnoException).code}); check its permissions`);
  }
  if (!info.isDirectory()) {
    throw new UserError(`the embedded database ${dataDir} is not a folder (something else is in its place): ${WHAT_TO_DO}`);
  }
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new UserError(`the embedded database ${dataDir} is damaged (PG_VERSION is missing) and coach will not create a new database over it: ${WHAT_TO_DO}`);
  }
}

/** What PGlite threw while opening (an Error, a string like "Aborted()", or a plain object). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  return (text && text !== '{}' ? text : 'unknown error').replace(/\s+/g, ' ').slice(0, 160);
}

export function embeddedOpenError(dataDir: string, error: unknown): UserError {
  const wrapped = new UserError(`the embedded database ${dataDir} cannot be opened (${reasonOf(error)}); it may be damaged: ${WHAT_TO_DO}`);
  wrapped.cause = error;
  return wrapped;
}

/** New files of this process are private (PGlite writes its files as the process creates them). */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

/**
 * The folder 0700; on a database made before this rule (0755 folder, 0644 files) every file
 * once becomes 0600 and every folder 0700.
 */
export function protectEmbeddedDir(dataDir: string): void {
  if ((lstatSync(dataDir).mode & 0o077) === 0) return;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        chmodSync(path, 0o700);
      } else if (entry.isFile()) chmodSync(path, 0o600);
    }
  };
  walk(dataDir);
  chmodSync(dataDir, 0o700);
}
