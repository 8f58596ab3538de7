import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { toJsonOrNull } from './json.js';
import type { ActivityRow, ActivitySource } from './tables/activity.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One activity as ingest produces it: plain values, jsonb columns as objects (stringified here). */
export interface ActivityData {
  source: ActivitySource;
  source_id: string;
  content_hash: string;
  name: string | null;
  sport: string;
  sub_sport: string | null;
  start_time: Date;
  elapsed_time_s: number | null;
  moving_time_s: number | null;
  distance_m: number | null;
  ascent_m: number | null;
  descent_m: number | null;
  avg_hr: number | null;
  max_hr: number | null;
  avg_power: number | null;
  max_power: number | null;
  normalized_power: number | null;
  avg_speed_mps: number | null;
  max_speed_mps: number | null;
  avg_cadence: number | null;
  calories: number | null;
  aerobic_training_effect: number | null;
  anaerobic_training_effect: number | null;
  garmin_training_load: number | null;
  hr_time_in_zones: unknown;
  power_time_in_zones: unknown;
  laps: unknown;
  best_efforts: unknown;
  load_inputs: unknown;
  raw_summary: unknown;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

const JSON_COLUMNS = ['hr_time_in_zones', 'power_time_in_zones', 'laps', 'best_efforts', 'load_inputs', 'raw_summary'] as const;
const VALUE_COLUMNS = [
  'source', 'content_hash', 'name', 'sport', 'sub_sport', 'start_time', 'elapsed_time_s', 'moving_time_s',
  'distance_m', 'ascent_m', 'descent_m', 'avg_hr', 'max_hr', 'avg_power', 'max_power', 'normalized_power',
  'avg_speed_mps', 'max_speed_mps', 'avg_cadence', 'calories', 'aerobic_training_effect',
  'anaerobic_training_effect', 'garmin_training_load', ...JSON_COLUMNS,
] as const;

/**
 * Inserts the activity, or updates the user's row with the same source_id when the content
 * hash differs; an identical re-import writes nothing. One statement, so it is atomic.
 */
export async function upsertActivity(db: Db, userId: string, activity: ActivityData): Promise<UpsertOutcome> {
  const values = {
    ...activity,
    user_id: userId,
    ...Object.fromEntries(JSON_COLUMNS.map((column) => [column, toJsonOrNull(activity[column])])),
  } as Parameters<ReturnType<Db['insertInto']>['values']>[0] & Record<string, unknown>;
  const row = await db
    .insertInto('activity')
    .values(values as never)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'source_id'])
        .doUpdateSet({
          ...Object.fromEntries(VALUE_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)])),
          // A source without a name or Garmin's load (a FIT file) keeps what another source gave.
          name: sql`coalesce(excluded.name, activity.name)`,
          garmin_training_load: sql`coalesce(excluded.garmin_training_load, activity.garmin_training_load)`,
        } as never)
        .where(sql<boolean>`activity.content_hash is distinct from excluded.content_hash`),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirst();
  if (!row) return 'unchanged';
  return row.inserted ? 'inserted' : 'updated';
}

export interface NearbyActivity {
  id: string;
  source: ActivitySource;
  source_id: string;
  sport: string;
  name: string | null;
  garmin_training_load: number | null;
}

/** The user's activities starting within `windowS` seconds of `start`, other than `exceptSourceId`. */
export async function findActivitiesStartingNear(
  db: Db,
  userId: string,
  start: Date,
  exceptSourceId: string,
  windowS = 60,
): Promise<NearbyActivity[]> {
  return db
    .selectFrom('activity')
    .select(['id', 'source', 'source_id', 'sport', 'name', 'garmin_training_load'])
    .where('user_id', '=', userId)
    .where('start_time', '>=', new Date(start.getTime() - windowS * 1000))
    .where('start_time', '<=', new Date(start.getTime() + windowS * 1000))
    .where('source_id', '<>', exceptSourceId)
    .execute();
}

export async function deleteActivitiesByIds(db: Db, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('activity').where('user_id', '=', userId).where('id', 'in', ids).execute();
}

/** Fills a name or Garmin's training load the row lacks (never overwrites). */
export async function fillActivityGaps(
  db: Db,
  userId: string,
  id: string,
  values: { name: string | null; garmin_training_load: number | null },
): Promise<void> {
  await db
    .updateTable('activity')
    .set({
      name: sql`coalesce(activity.name, ${values.name})`,
      garmin_training_load: sql`coalesce(activity.garmin_training_load, ${values.garmin_training_load}::double precision)`,
    } as never)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        sql<boolean>`(activity.name is null and ${values.name}::varchar is not null)`,
        sql<boolean>`(activity.garmin_training_load is null and ${values.garmin_training_load}::double precision is not null)`,
      ]),
    )
    .execute();
}

export async function countActivities(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('activity')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findActivityBySourceId(db: Db, userId: string, sourceId: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activity').selectAll().where('user_id', '=', userId).where('source_id', '=', sourceId).executeTakeFirst();
}

export async function listActivities(db: Db, userId: string, options: { since?: Date } = {}): Promise<ActivityRow[]> {
  let query = db.selectFrom('activity').selectAll().where('user_id', '=', userId);
  if (options.since) query = query.where('start_time', '>=', options.since);
  return query.orderBy('start_time').execute();
}

/**
 * The zones of the user's active training config, used to bucket HR and power at import.
 * (A read of H-config's table kept here so ingest does not depend on the config module.)
 */
export async function listActiveZonesForImport(
  db: Db,
  userId: string,
): Promise<Array<{ discipline: string; metric_description: string; zone_value: string }>> {
  return db
    .selectFrom('training_zones')
    .innerJoin('trainingconfig', 'trainingconfig.id', 'training_zones.training_config_id')
    .select(['training_zones.discipline', 'training_zones.metric_description', 'training_zones.zone_value'])
    .where('trainingconfig.user_id', '=', userId)
    .where('trainingconfig.is_active', '=', true)
    .orderBy('training_zones.discipline')
    .execute();
}
