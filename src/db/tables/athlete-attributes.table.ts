import type { Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

export type Sex = 'female' | 'male';
/** Who said so: the athlete's own word wins over what Garmin reports. */
export type AttributeSource = 'athlete' | 'garmin';

/** `athlete_attributes`: what the seed's `user` row has no column for (migration 0003). */
export interface AthleteAttributesTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  sex: Sex | null;
  sex_source: AttributeSource | null;
}
export type AthleteAttributesRow = Selectable<AthleteAttributesTable>;
