import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { BusyError } from '../errors.js';

/**
 * An exclusive lock file next to the embedded database. PGlite opens its data directory
 * from one process only; two coach processes on the same directory would corrupt it, so a
 * second process waits for the first (a cron job and an interactive run) and gives up with a
 * clear message after `waitMs`. A lock left by a process that no longer exists is taken over.
 */
export interface FileLock {
  release(): void;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { pid: number; command: string } | undefined {
  try {
    const [pid, command = ''] = readFileSync(path, 'utf8').split('\n');
    const parsed = Number(pid);
    return Number.isInteger(parsed) && parsed > 0 ? { pid: parsed, command } : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(path: string, label: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n${label}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function acquireFileLock(path: string, options: { waitMs: number; label: string }): Promise<FileLock> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (tryCreate(path, options.label)) break;
    const holder = readHolder(path);
    if (holder && holder.pid === process.pid) {
      throw new BusyError('the embedded database is already open in this process');
    }
    if (!holder || !isProcessAlive(holder.pid)) {
      // Stale: its owner died without cleaning up.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const what = holder.command ? ` (${holder.command})` : '';
      throw new BusyError(
        `the embedded database is in use by another coach process, pid ${holder.pid}${what}; try again when it has finished`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const holder = readHolder(path);
    if (holder?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { release };
}
