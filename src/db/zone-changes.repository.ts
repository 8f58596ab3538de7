import type { Db } from './in-transaction.js';
import type { ZoneChangeRow } from './tables/zone-change.table.js';

export interface ZoneChangeData {
  discipline: string;
  metricDescription: string;
  oldValue: string | null;
  newValue: string;
  source: string;
  evidence: string | null;
}

/** Records zone changes coach made (the config must be the user's: callers check it). */
export async function recordZoneChanges(db: Db, configId: string, changes: ZoneChangeData[]): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto('zone_change')
    .values(
      changes.map((c) => ({
        training_config_id: configId,
        discipline: c.discipline,
        metric_description: c.metricDescription,
        old_value: c.oldValue,
        new_value: c.newValue,
        source: c.source,
        evidence: c.evidence,
      })),
    )
    .execute();
}

/** The config's recorded zone changes, newest first. */
export async function listZoneChanges(db: Db, configId: string): Promise<ZoneChangeRow[]> {
  return db.selectFrom('zone_change').selectAll().where('training_config_id', '=', configId).orderBy('changed_at', 'desc').execute();
}
