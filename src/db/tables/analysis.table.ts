import type { Insertable, Selectable, Updateable } from 'kysely';
import type { NullableJsonb, NullableTimestamp, Timestamps, UuidPk, WithDefault } from './common.js';

export const ANALYSIS_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

/** `analysis`: one run of the LangGraph workflow. */
export interface AnalysisTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  training_config_id: string;
  status: WithDefault<AnalysisStatus>;
  analysis_type: string | null;
  workflow_id: string | null;
  current_node: string | null;
  progress_percentage: WithDefault<number>;
  summary: string | null;
  recommendations: string | null;
  weekly_plan: NullableJsonb<unknown>;
  start_date: NullableTimestamp;
  end_date: NullableTimestamp;
  data_summary: NullableJsonb<unknown>;
  total_tokens: WithDefault<number>;
  estimated_cost: string | null;
  error_message: string | null;
  retry_count: WithDefault<number>;
}
export type AnalysisRow = Selectable<AnalysisTable>;
export type NewAnalysisRow = Insertable<AnalysisTable>;
export type AnalysisUpdate = Updateable<AnalysisTable>;
