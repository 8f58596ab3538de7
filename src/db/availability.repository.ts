import type { Db } from './in-transaction.js';
import type { TrainingConfigAvailabilityRow } from './tables/training-config-availability.table.js';

/** The columns a caller sets (everything but ids and timestamps). */
export type AvailabilityFields = Omit<TrainingConfigAvailabilityRow, 'id' | 'training_config_id' | 'created_at' | 'updated_at'>;

/**
 * `trainingconfig_availability`: one row per training config. Callers pass a config id they
 * already checked the user owns (selectConfig, or the analysis's own config).
 */
export async function findAvailability(db: Db, configId: string): Promise<TrainingConfigAvailabilityRow | undefined> {
  return db.selectFrom('trainingconfig_availability').selectAll().where('training_config_id', '=', configId).executeTakeFirst();
}

/** Stores the config's availability (insert or replace); `null` removes it. */
export async function saveAvailability(db: Db, configId: string, fields: AvailabilityFields | null): Promise<void> {
  if (fields === null) {
    await db.deleteFrom('trainingconfig_availability').where('training_config_id', '=', configId).execute();
    return;
  }
  await db
    .insertInto('trainingconfig_availability')
    .values({ training_config_id: configId, ...fields })
    .onConflict((oc) => oc.column('training_config_id').doUpdateSet(fields))
    .execute();
}
