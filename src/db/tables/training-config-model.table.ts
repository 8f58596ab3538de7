import type { Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

/** `trainingconfig_model`: a model chosen for a role or node of a training config (migration 0012). */
export interface TrainingConfigModelTable extends Timestamps {
  id: UuidPk;
  training_config_id: string;
  /** experts | synthesis | planners, or one model node (weekly_planner, ...). */
  role: string;
  model: string;
}
export type TrainingConfigModelRow = Selectable<TrainingConfigModelTable>;
