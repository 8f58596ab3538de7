import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeReportFiles } from '../../../src/report/remove-analysis-files.js';

describe('removeReportFiles', () => {
  it('removes the recorded files and an analysis folder they leave empty, but never a folder with other files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'coach-remove-'));
    const emptied = join(root, 'analysis-1');
    const shared = join(root, 'analysis-2');
    mkdirSync(emptied);
    mkdirSync(shared);
    for (const file of ['report.md', 'report.html']) writeFileSync(join(emptied, file), 'x');
    writeFileSync(join(shared, 'report.md'), 'x');
    writeFileSync(join(shared, 'my-notes.txt'), 'the athlete put this here');

    const failed = await removeReportFiles([
      join(emptied, 'report.md'), join(emptied, 'report.html'), join(shared, 'report.md'), join(root, 'gone', 'already-deleted.md'),
    ]);

    expect(failed).toEqual([]);
    expect(existsSync(emptied)).toBe(false);
    expect(existsSync(join(shared, 'report.md'))).toBe(false);
    expect(existsSync(join(shared, 'my-notes.txt'))).toBe(true);
    expect(existsSync(root)).toBe(true);
  });

  it('returns the paths it could not remove', async () => {
    const root = mkdtempSync(join(tmpdir(), 'coach-remove-'));
    // rm refuses a directory without `recursive`: stands in for a file it may not delete.
    mkdirSync(join(root, 'report.md'));
    expect(await removeReportFiles([join(root, 'report.md')])).toEqual([join(root, 'report.md')]);
  });
});
