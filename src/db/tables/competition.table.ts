import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

export const RACE_PRIORITIES = ['A', 'B', 'C'] as const;
export type RacePriority = (typeof RACE_PRIORITIES)[number];

/** `competition`: a target race of a training config. */
export interface CompetitionTable extends Timestamps {
  id: UuidPk;
  training_config_id: string;
  name: string;
  /** A string in the seed schema; coach writes YYYY-MM-DD. */
  date: string;
  race_type: string | null;
  priority: RacePriority;
  /** HH:MM:SS */
  target_time: string | null;
  bikereg_id: number | null;
  runreg_url: string | null;
}
export type CompetitionRow = Selectable<CompetitionTable>;
export type NewCompetitionRow = Insertable<CompetitionTable>;
export type CompetitionUpdate = Updateable<CompetitionTable>;
