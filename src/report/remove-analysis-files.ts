import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Removes the report files of deleted analyses (the paths their analysisfile rows recorded),
 * then each analysis folder if that left it empty: a folder holding anything else (a file the
 * athlete put there) stays. Returns the paths that could not be removed; a file already gone
 * counts as removed.
 */
export async function removeReportFiles(paths: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const path of paths) {
    try {
      await rm(path, { force: true });
    } catch {
      failed.push(path);
    }
  }
  for (const folder of new Set(paths.map((path) => dirname(path)))) {
    await rmdir(folder).catch(() => {}); // not empty, or already gone: leave it
  }
  return failed;
}
