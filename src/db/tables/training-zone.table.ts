import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

export const DISCIPLINES = ['Running', 'Cycling', 'Swimming'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

/** `training_zones`: the seed's recommended extension, one row per zone. */
export interface TrainingZoneTable extends Timestamps {
  id: UuidPk;
  training_config_id: string;
  discipline: Discipline;
  /** e.g. "Z2" or "Threshold HR" */
  metric_description: string;
  /** e.g. "140-152 bpm", "250 W", "4:30/km" */
  zone_value: string;
}
export type TrainingZoneRow = Selectable<TrainingZoneTable>;
export type NewTrainingZoneRow = Insertable<TrainingZoneTable>;
export type TrainingZoneUpdate = Updateable<TrainingZoneTable>;
