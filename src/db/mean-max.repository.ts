import { sql } from 'kysely';
import type { Db } from './in-transaction.js';
import type { MeanMaxKind } from './tables/activity-mean-max.table.js';

/** One activity's curve of one kind, as the import computes it (src/garmin/mean-max.ts). */
export interface MeanMaxCurveData {
  sport: string;
  kind: MeanMaxKind;
  duration_s: number[];
  value: number[];
}

/** Postgres array literals: the same text for pg and PGlite (neither guesses the array type). */
const intArray = (values: number[]) => `{${values.map((v) => Math.round(v)).join(',')}}`;
const floatArray = (values: number[]) => `{${values.join(',')}}`;

/**
 * Stores an activity's curves. `replace`: its old curves go first (a new version of the
 * activity); otherwise only kinds it has no curve of are added.
 */
export async function storeMeanMax(db: Db, activityId: string, curves: MeanMaxCurveData[], options: { replace: boolean }): Promise<void> {
  if (options.replace) await db.deleteFrom('activity_mean_max').where('activity_id', '=', activityId).execute();
  if (curves.length === 0) return;
  await db
    .insertInto('activity_mean_max')
    .values(
      curves.map((c) => ({
        activity_id: activityId,
        sport: c.sport,
        kind: c.kind,
        duration_s: sql`${intArray(c.duration_s)}::integer[]`,
        value: sql`${floatArray(c.value)}::double precision[]`,
      })) as never,
    )
    .onConflict((oc) => oc.columns(['activity_id', 'kind']).doNothing())
    .execute();
}

/** The best value of one sport, kind and duration over a period, with the activity it came from. */
export interface MeanMaxBest {
  sport: string;
  kind: MeanMaxKind;
  duration_s: number;
  value: number;
  activity_id: string;
  start_time: Date;
}

/**
 * The user's mean-maximal curve over activities starting in [from, to): per sport, kind and
 * duration the highest value and its activity (the earliest on a tie). One query.
 */
export async function meanMaxBest(db: Db, userId: string, range: { from: Date | null; to: Date }): Promise<MeanMaxBest[]> {
  const rows = await sql<MeanMaxBest>`
    select distinct on (m.sport, m.kind, p.duration_s)
      m.sport, m.kind, p.duration_s, p.value, a.id as activity_id, a.start_time
    from activity_mean_max m
    join activity a on a.id = m.activity_id
    cross join lateral unnest(m.duration_s, m.value) as p(duration_s, value)
    where a.user_id = ${userId}
      and a.start_time < ${range.to}
      and (${range.from}::timestamptz is null or a.start_time >= ${range.from}::timestamptz)
    order by m.sport, m.kind, p.duration_s, p.value desc, a.start_time
  `.execute(db);
  return rows.rows.map((r) => ({ ...r, duration_s: Number(r.duration_s), value: Number(r.value), start_time: new Date(r.start_time) }));
}

/**
 * meanMaxBest for several periods in one query (one round trip instead of one per period):
 * the same rows per period, keyed by the period's name.
 */
export async function meanMaxBestByPeriod<K extends string>(
  db: Db,
  userId: string,
  periods: Record<K, { from: Date | null; to: Date }>,
): Promise<Record<K, MeanMaxBest[]>> {
  const names = Object.keys(periods) as K[];
  const result = Object.fromEntries(names.map((n) => [n, [] as MeanMaxBest[]])) as Record<K, MeanMaxBest[]>;
  if (names.length === 0) return result;
  const values = sql.join(names.map((n) => sql`(${n}::text, ${periods[n].from}::timestamptz, ${periods[n].to}::timestamptz)`));
  const rows = await sql<MeanMaxBest & { period: K }>`
    select distinct on (w.period, m.sport, m.kind, p.duration_s)
      w.period, m.sport, m.kind, p.duration_s, p.value, a.id as activity_id, a.start_time
    from (values ${values}) as w(period, from_ts, to_ts)
    join activity a on a.user_id = ${userId} and a.start_time < w.to_ts and (w.from_ts is null or a.start_time >= w.from_ts)
    join activity_mean_max m on m.activity_id = a.id
    cross join lateral unnest(m.duration_s, m.value) as p(duration_s, value)
    order by w.period, m.sport, m.kind, p.duration_s, p.value desc, a.start_time
  `.execute(db);
  for (const r of rows.rows) {
    result[r.period]?.push({ sport: r.sport, kind: r.kind, duration_s: Number(r.duration_s), value: Number(r.value), activity_id: r.activity_id, start_time: new Date(r.start_time) });
  }
  return result;
}

/** How many of the user's activities have no curve (imported before curves were kept). */
export async function countActivitiesWithoutCurves(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('activity')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('source', '=', 'fit')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('activity_mean_max').select('activity_mean_max.id').whereRef('activity_mean_max.activity_id', '=', 'activity.id'))),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
