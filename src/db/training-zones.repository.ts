import type { Discipline, TrainingZoneRow } from './database.js';
import { type Db, inTransaction, isUuid } from './in-transaction.js';
import { ownedConfigIds, ownsConfig } from './training-configs.repository.js';

/**
 * `training_zones` of a training config: per discipline, a metric ("Z2", "Threshold HR")
 * and its value ("140-152 bpm"). Scoped by the owner through the config, like races.
 */
export interface ZoneFields {
  discipline: Discipline;
  metricDescription: string;
  zoneValue: string;
}

export function zoneFieldsOf(row: TrainingZoneRow): ZoneFields {
  return { discipline: row.discipline, metricDescription: row.metric_description, zoneValue: row.zone_value };
}

/**
 * The config's zones by discipline, in the order they were entered (created_at is spaced
 * by a millisecond per row on insert for exactly this).
 */
export async function listZones(
  db: Db,
  userId: string,
  configId: string,
  discipline?: Discipline,
): Promise<TrainingZoneRow[]> {
  if (!isUuid(configId)) return [];
  let query = db
    .selectFrom('training_zones')
    .selectAll()
    .where('training_config_id', '=', configId)
    .where('training_config_id', 'in', ownedConfigIds(db, userId));
  if (discipline) query = query.where('discipline', '=', discipline);
  return query.orderBy('discipline').orderBy('created_at').orderBy('metric_description').execute();
}

async function insertZones(db: Db, configId: string, zones: ZoneFields[]): Promise<void> {
  if (zones.length === 0) return;
  const base = Date.now();
  await db
    .insertInto('training_zones')
    .values(
      zones.map((zone, index) => ({
        training_config_id: configId,
        discipline: zone.discipline,
        metric_description: zone.metricDescription,
        zone_value: zone.zoneValue,
        created_at: new Date(base + index),
        updated_at: new Date(base + index),
      })),
    )
    .execute();
}

/**
 * Sets zones of one discipline: a metric that exists gets the new value, a new metric is
 * added. With `replace`, the discipline's other zones are removed first. Undefined when
 * the config is not the user's.
 */
export async function setZones(
  db: Db,
  userId: string,
  configId: string,
  discipline: Discipline,
  zones: Array<{ metricDescription: string; zoneValue: string }>,
  options: { replace?: boolean } = {},
): Promise<TrainingZoneRow[] | undefined> {
  return inTransaction(db, async (trx) => {
    if (!(await ownsConfig(trx, userId, configId))) return undefined;
    if (options.replace) {
      await trx.deleteFrom('training_zones').where('training_config_id', '=', configId).where('discipline', '=', discipline).execute();
    }
    const fresh: ZoneFields[] = [];
    for (const zone of zones) {
      const updated = options.replace
        ? undefined
        : await trx
            .updateTable('training_zones')
            .set({ zone_value: zone.zoneValue })
            .where('training_config_id', '=', configId)
            .where('discipline', '=', discipline)
            .where('metric_description', '=', zone.metricDescription)
            .executeTakeFirst();
      if (!updated || Number(updated.numUpdatedRows) === 0) fresh.push({ discipline, ...zone });
    }
    await insertZones(trx, configId, fresh);
    return listZones(trx, userId, configId, discipline);
  });
}

/**
 * Removes the discipline's zones (all of them, or only the named metric); returns how many
 * rows went. 0 also when the config is not the user's.
 */
export async function removeZones(
  db: Db,
  userId: string,
  configId: string,
  discipline: Discipline,
  metricDescription?: string,
): Promise<number> {
  if (!isUuid(configId)) return 0;
  let query = db
    .deleteFrom('training_zones')
    .where('training_config_id', '=', configId)
    .where('training_config_id', 'in', ownedConfigIds(db, userId))
    .where('discipline', '=', discipline);
  if (metricDescription !== undefined) query = query.where('metric_description', '=', metricDescription);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Replaces every zone of the config in one transaction (config import). */
export async function replaceAllZones(
  db: Db,
  userId: string,
  configId: string,
  zones: ZoneFields[],
): Promise<TrainingZoneRow[] | undefined> {
  return inTransaction(db, async (trx) => {
    if (!(await ownsConfig(trx, userId, configId))) return undefined;
    await trx.deleteFrom('training_zones').where('training_config_id', '=', configId).execute();
    await insertZones(trx, configId, zones);
    return listZones(trx, userId, configId);
  });
}
