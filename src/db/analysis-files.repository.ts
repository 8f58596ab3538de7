import { sql } from 'kysely';
import type { FileType } from './tables/analysis-file.table.js';
import { type Db, inTransaction, isUuid } from './in-transaction.js';

export interface NewAnalysisFile {
  filename: string;
  fileType: FileType;
  mimeType: string;
  fileSize: number;
  filePath: string;
}

/**
 * Records files written for the user's analysis, one `analysisfile` row each, in one
 * transaction. A file name recorded before for the same analysis is replaced, so writing
 * the report again does not duplicate rows. Returns 0 (and writes nothing) when the
 * analysis is not the user's.
 */
export async function recordAnalysisFiles(db: Db, userId: string, analysisId: string, files: NewAnalysisFile[]): Promise<number> {
  if (!isUuid(userId) || !isUuid(analysisId)) return 0;
  return inTransaction(db, async (trx) => {
    const owned = await trx.selectFrom('analysis').select('id').where('id', '=', analysisId).where('user_id', '=', userId).executeTakeFirst();
    if (!owned || files.length === 0) return 0;
    await trx
      .deleteFrom('analysisfile')
      .where('analysis_id', '=', analysisId)
      .where('filename', 'in', files.map((f) => f.filename))
      .execute();
    await trx
      .insertInto('analysisfile')
      .values(
        files.map((f) => ({
          analysis_id: analysisId,
          filename: f.filename,
          file_type: f.fileType,
          mime_type: f.mimeType,
          file_size: f.fileSize,
          file_path: f.filePath,
          is_public: false,
          download_count: 0,
        })),
      )
      .execute();
    return files.length;
  });
}

/**
 * Counts one download of the user's analysis files of the given names (an export of that
 * format). Returns how many rows changed; another user's analysis changes nothing.
 */
export async function incrementDownloadCount(db: Db, userId: string, analysisId: string, filenames: string[]): Promise<number> {
  if (!isUuid(userId) || !isUuid(analysisId) || filenames.length === 0) return 0;
  const result = await db
    .updateTable('analysisfile')
    .set({ download_count: sql`download_count + 1`, updated_at: new Date() })
    .where('analysis_id', '=', analysisId)
    .where('filename', 'in', filenames)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('analysis').select('analysis.id').where('analysis.id', '=', analysisId).where('analysis.user_id', '=', userId)),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The brief's name for recordAnalysisFiles (same owner check: scoped by the user). */
export const insertAnalysisFiles = recordAnalysisFiles;
