import type { AttributeSource, Sex } from './tables/athlete-attributes.table.js';
import type { Db } from './in-transaction.js';

export interface StatedSex {
  sex: Sex;
  source: AttributeSource;
}

/** The athlete's sex and who stated it, or null when nobody has. */
export async function findSex(db: Db, userId: string): Promise<StatedSex | null> {
  const row = await db
    .selectFrom('athlete_attributes')
    .select(['sex', 'sex_source'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.sex && row.sex_source ? { sex: row.sex, source: row.sex_source } : null;
}

/**
 * Records the athlete's sex. The athlete's own word always applies; a value from Garmin
 * only fills in or refreshes a Garmin value, never overrides what the athlete said.
 * Returns whether the stored value is now the given one.
 */
export async function recordSex(db: Db, userId: string, sex: Sex, source: AttributeSource): Promise<boolean> {
  const written = await db
    .insertInto('athlete_attributes')
    .values({ user_id: userId, sex, sex_source: source })
    .onConflict((oc) => {
      const update = oc.column('user_id').doUpdateSet({ sex, sex_source: source });
      return source === 'athlete' ? update : update.where('athlete_attributes.sex_source', 'is distinct from', 'athlete');
    })
    .returning('user_id')
    .executeTakeFirst();
  return written !== undefined;
}
