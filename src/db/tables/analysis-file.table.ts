import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamps, UuidPk, WithDefault } from './common.js';

export const FILE_TYPES = ['plot', 'report', 'data'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** `analysisfile`: a file written for an analysis (plot, report, data export). */
export interface AnalysisFileTable extends Timestamps {
  id: UuidPk;
  analysis_id: string;
  filename: string;
  file_type: FileType;
  mime_type: string | null;
  file_size: number | null;
  file_path: string | null;
  is_public: WithDefault<boolean>;
  download_count: WithDefault<number>;
}
export type AnalysisFileRow = Selectable<AnalysisFileTable>;
export type NewAnalysisFileRow = Insertable<AnalysisFileTable>;
export type AnalysisFileUpdate = Updateable<AnalysisFileTable>;
