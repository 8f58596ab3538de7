import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamps, UuidPk, WithDefault } from './common.js';

export const AI_MODES = ['development', 'standard', 'cost_effective'] as const;
export type AiMode = (typeof AI_MODES)[number];

/** `trainingconfig`: a training profile; exactly one per user is active (partial unique index). */
export interface TrainingConfigTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  name: string;
  is_active: WithDefault<boolean>;
  analysis_context: string | null;
  planning_context: string | null;
  activities_days: WithDefault<number>;
  metrics_days: WithDefault<number>;
  ai_mode: WithDefault<AiMode>;
  enable_plotting: WithDefault<boolean>;
  hitl_enabled: WithDefault<boolean>;
  skip_synthesis: WithDefault<boolean>;
  output_directory: string | null;
}
export type TrainingConfigRow = Selectable<TrainingConfigTable>;
export type NewTrainingConfigRow = Insertable<TrainingConfigTable>;
export type TrainingConfigUpdate = Updateable<TrainingConfigTable>;
