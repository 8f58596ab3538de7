import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { toJsonOrNull } from './json.js';
import type { ActivityRow } from './tables/activity.table.js';
import { inTransaction } from './in-transaction.js';
import { storeMeanMax, type MeanMaxCurveData } from './mean-max.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One activity as ingest produces it: the table's columns minus what the database fills
 * (id, owner, timestamps), plain values, jsonb columns as objects (stringified here). Ingest
 * always hashes what it imports, so the content hash is required.
 */
export type ActivityData = Omit<ActivityRow, 'id' | 'user_id' | 'created_at' | 'updated_at' | 'content_hash'> & {
  content_hash: string;
  /** Mean-maximal curves from the records (FIT imports), stored in `activity_mean_max`. */
  mean_max?: MeanMaxCurveData[];
};

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
  const { mean_max: curves, ...columns } = activity;
  if (!curves || curves.length === 0) return (await upsertRow(db, userId, columns)).outcome;
  // The row and its curves together: a second statement, so one transaction.
  return inTransaction(db, async (trx) => {
    const { outcome, id } = await upsertRow(trx, userId, columns);
    const activityId = id ?? (await findActivityBySourceId(trx, userId, columns.source_id))?.id;
    // Unchanged rows get curves only if they have none (imported before curves were kept).
    if (activityId) await storeMeanMax(trx, activityId, curves, { replace: outcome !== 'unchanged' });
    return outcome;
  });
}

async function upsertRow(db: Db, userId: string, activity: Omit<ActivityData, 'mean_max'>): Promise<{ outcome: UpsertOutcome; id: string | null }> {
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
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirst();
  if (!row) return { outcome: 'unchanged', id: null };
  return { outcome: row.inserted ? 'inserted' : 'updated', id: row.id };
}

const NEARBY_COLUMNS = ['id', 'source', 'source_id', 'sport', 'name', 'garmin_training_load'] as const;
export type NearbyActivity = Pick<ActivityRow, (typeof NEARBY_COLUMNS)[number]>;

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
    .select(NEARBY_COLUMNS)
    .where('user_id', '=', userId)
    .where('start_time', '>=', new Date(start.getTime() - windowS * 1000))
    .where('start_time', '<=', new Date(start.getTime() + windowS * 1000))
    .where('source_id', '<>', exceptSourceId)
    .execute();
}

/** The user's FIT activities starting between the instants (inclusive): one query for a sync's whole window. */
export async function listFitActivitiesBetween(db: Db, userId: string, from: Date, to: Date): Promise<Array<NearbyActivity & { start_time: Date }>> {
  return db
    .selectFrom('activity')
    .select([...NEARBY_COLUMNS, 'start_time'])
    .where('user_id', '=', userId)
    .where('source', '=', 'fit')
    .where('start_time', '>=', from)
    .where('start_time', '<=', to)
    .execute() as Promise<Array<NearbyActivity & { start_time: Date }>>;
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

/**
 * The content hashes of the user's activities from one source: an import checks a file's
 * hash against these before decoding it, so an unchanged file costs a read and a hash.
 */
export async function listContentHashes(db: Db, userId: string, source: ActivityRow['source']): Promise<Set<string>> {
  const rows = await db
    .selectFrom('activity')
    .select('content_hash')
    .where('user_id', '=', userId)
    .where('source', '=', source)
    .where('content_hash', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.content_hash!));
}

/**
 * Connect summaries whose original file Connect does not have (404: a manual entry, an
 * activity without a device file): the mark lives in the summary's `raw_summary` under
 * `coach_original_file`, so sync stops asking for it. The content hash is the summary's as
 * Garmin sent it, so an unchanged summary keeps the mark; a changed one (re-upload) clears it.
 */
export async function markNoOriginalFile(db: Db, userId: string, sourceId: string, at: Date): Promise<void> {
  const mark = JSON.stringify({ coach_original_file: { status: 'none', checkedAt: at.toISOString() } });
  await db
    .updateTable('activity')
    .set({ raw_summary: sql`coalesce(raw_summary, '{}'::jsonb) || ${mark}::jsonb` } as never)
    .where('user_id', '=', userId)
    .where('source', '=', 'connect')
    .where('source_id', '=', sourceId)
    .execute();
}

/** Of these Connect activity ids, those marked as having no original file (markNoOriginalFile). */
export async function listNoOriginalFile(db: Db, userId: string, sourceIds: readonly string[]): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('activity')
    .select('source_id')
    .where('user_id', '=', userId)
    .where('source', '=', 'connect')
    .where('source_id', 'in', [...sourceIds])
    .where(sql<boolean>`raw_summary -> 'coach_original_file' ->> 'status' = 'none'`)
    .execute();
  return new Set(rows.map((row) => row.source_id));
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

const RESCORE_COLUMNS = [
  'id', 'source', 'sport', 'normalized_power', 'elapsed_time_s', 'moving_time_s', 'max_hr',
  'hr_time_in_zones', 'power_time_in_zones', 'load_inputs', 'raw_summary',
] as const;
export type RescoreColumns = Pick<ActivityRow, (typeof RESCORE_COLUMNS)[number]>;

/** What re-scoring reads of each of the user's activities (src/garmin/rescore.ts), oldest first. */
export async function listActivitiesForRescore(db: Db, userId: string): Promise<RescoreColumns[]> {
  return db.selectFrom('activity').select(RESCORE_COLUMNS).where('user_id', '=', userId).orderBy('start_time').execute();
}

/** Writes re-derived metrics of one activity; its content hash stays (the source did not change). */
export async function updateActivityDerived(
  db: Db,
  userId: string,
  id: string,
  patch: { normalized_power?: number | null; hr_time_in_zones?: unknown; power_time_in_zones?: unknown; load_inputs?: unknown },
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (patch.normalized_power !== undefined) set.normalized_power = patch.normalized_power;
  for (const column of ['hr_time_in_zones', 'power_time_in_zones', 'load_inputs'] as const) {
    if (patch[column] !== undefined) set[column] = toJsonOrNull(patch[column]);
  }
  await db.updateTable('activity').set(set as never).where('user_id', '=', userId).where('id', '=', id).execute();
}
