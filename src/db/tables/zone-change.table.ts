import type { Selectable } from 'kysely';
import type { Timestamps, UuidPk } from './common.js';

/** `zone_change`: a zone value changed by coach, with when, why and the evidence (migration 0011_zone_changes). */
export interface ZoneChangeTable extends Timestamps {
  id: UuidPk;
  training_config_id: string;
  discipline: string;
  metric_description: string;
  old_value: string | null;
  new_value: string;
  source: string;
  evidence: string | null;
  changed_at: Timestamps['created_at'];
}
export type ZoneChangeRow = Selectable<ZoneChangeTable>;
