import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { listAnalysisResults } from '../db/analyses.repository.js';
import type { Database } from '../db/database.js';
import { listFiles } from '../db/results.repository.js';

/**
 * What is missing from a finished analysis's report, or null when nothing is: the report
 * step's result row, and (when the run writes files) its `analysisfile` rows and the files
 * they point to, at their recorded size. An analysis is only marked completed when this is null.
 */
export async function reportMissing(db: Kysely<Database>, userId: string, analysisId: string, expectFiles: boolean): Promise<string | null> {
  const results = await listAnalysisResults(db, userId, analysisId);
  if (!results.some((r) => r.node_name === 'report')) return 'no report result row';
  if (!expectFiles) return null;
  const files = await listFiles(db, userId, analysisId);
  if (files.length === 0) return 'no report file rows';
  for (const file of files) {
    if (!file.filePath) return `file ${file.filename} has no path`;
    const info = await stat(file.filePath).catch(() => null);
    if (!info?.isFile()) return `file ${file.filePath} is missing`;
    if (file.fileSize !== null && info.size !== Number(file.fileSize)) return `file ${file.filePath} is incomplete`;
  }
  return null;
}
