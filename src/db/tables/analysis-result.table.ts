import type { Insertable, Selectable, Updateable } from 'kysely';
import type { NullableJsonb, Timestamps, UuidPk, WithDefault } from './common.js';

export const RESULT_TYPES = ['summary', 'plan', 'plot', 'recommendation'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/** `analysisresult`: what one workflow node produced. */
export interface AnalysisResultTable extends Timestamps {
  id: UuidPk;
  analysis_id: string;
  node_name: string;
  result_type: ResultType;
  title: string | null;
  content: string | null;
  data: NullableJsonb<unknown>;
  file_path: string | null;
  tokens_used: WithDefault<number>;
  /** seconds */
  processing_time: number | null;
}
export type AnalysisResultRow = Selectable<AnalysisResultTable>;
export type NewAnalysisResultRow = Insertable<AnalysisResultTable>;
export type AnalysisResultUpdate = Updateable<AnalysisResultTable>;
