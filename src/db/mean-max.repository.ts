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

/** A period of activities by start time: [from, to); `from` null is "from the first". */
export interface MeanMaxPeriod {
  from: Date | null;
  to: Date;
}

/**
 * The user's mean-maximal curve over activities starting in [from, to): per sport, kind and
 * duration the highest value and its activity (the earliest on a tie), ordered by sport,
 * kind and duration.
 */
export async function meanMaxBest(db: Db, userId: string, range: MeanMaxPeriod): Promise<MeanMaxBest[]> {
  return (await meanMaxBestByPeriod(db, userId, { range })).range;
}

/**
 * `meanMaxBest` for several periods at once (an analysis asks for four): one query reads the
 * curves of the activities in the union of the periods, and the best points are picked here.
 * Why not in SQL: a `distinct on` over the unnested points sorts every point of every curve
 * (~19,000 for a year), which on PGlite's WASM cost ~0.2 s of CPU per period; reading the
 * ~700 curves as array text and picking in JS costs ~30 ms for all four.
 */
export async function meanMaxBestByPeriod<K extends string>(db: Db, userId: string, periods: Record<K, MeanMaxPeriod>): Promise<Record<K, MeanMaxBest[]>> {
  const list = Object.values(periods) as MeanMaxPeriod[];
  const result = Object.fromEntries(Object.keys(periods).map((k) => [k, []])) as unknown as Record<K, MeanMaxBest[]>;
  if (list.length === 0) return result;
  const to = new Date(Math.max(...list.map((p) => p.to.getTime())));
  const from = list.some((p) => p.from === null) ? null : new Date(Math.min(...list.map((p) => p.from!.getTime())));
  // The arrays as text: the drivers' array parsers cost more than the query (PGlite's ~40 ms here).
  const rows = await sql<{ sport: string; kind: MeanMaxKind; duration_s: string; value: string; activity_id: string; start_time: Date | string }>`
    select m.sport, m.kind, m.duration_s::text as duration_s, m.value::text as value, a.id as activity_id, a.start_time
    from activity_mean_max m
    join activity a on a.id = m.activity_id
    where a.user_id = ${userId}
      and a.start_time < ${to}
      and (${from}::timestamptz is null or a.start_time >= ${from}::timestamptz)
  `.execute(db);
  const curves = rows.rows.map((r) => ({
    sport: r.sport, kind: r.kind, activityId: r.activity_id, startTime: new Date(r.start_time),
    durations: parseArray(r.duration_s), values: parseArray(r.value),
  }));
  for (const key of Object.keys(periods) as K[]) {
    const period = periods[key];
    // Best per sport and kind, then per duration: the string key is built once per curve,
    // not once per point (~19,000 points a year, four periods).
    const bestBySeries = new Map<string, Map<number, MeanMaxBest>>();
    for (const c of curves) {
      const t = c.startTime.getTime();
      if (t >= period.to.getTime() || (period.from !== null && t < period.from.getTime())) continue;
      const series = `${c.sport}\u0000${c.kind}`;
      let best = bestBySeries.get(series);
      if (!best) bestBySeries.set(series, (best = new Map()));
      for (let i = 0; i < c.durations.length; i++) {
        const duration = c.durations[i]!;
        const value = c.values[i]!;
        // A missing or non-finite point is no best (none is stored: src/garmin/mean-max.ts).
        if (!Number.isFinite(duration) || !Number.isFinite(value)) continue;
        const held = best.get(duration);
        if (held && !isBetter(value, c.startTime, c.activityId, held)) continue;
        best.set(duration, { sport: c.sport, kind: c.kind, duration_s: duration, value, activity_id: c.activityId, start_time: c.startTime });
      }
    }
    result[key] = [...bestBySeries.values()].flatMap((best) => [...best.values()])
      .sort((a, b) => compareText(a.sport, b.sport) || compareText(a.kind, b.kind) || a.duration_s - b.duration_s);
  }
  return result;
}

/** Higher value wins; on a tie the earlier activity (then the smaller id, so the pick is stable). */
function isBetter(value: number, startTime: Date, activityId: string, held: MeanMaxBest): boolean {
  if (value !== held.value) return value > held.value;
  if (startTime.getTime() !== held.start_time.getTime()) return startTime.getTime() < held.start_time.getTime();
  return activityId < held.activity_id;
}

/** Sports and kinds are lower-case ASCII words: code-unit order is the database's order. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A Postgres array literal of numbers ('{1,2.5,NULL}') as numbers (NULL as NaN). */
function parseArray(text: string): number[] {
  const inner = text.slice(1, -1);
  if (inner === '') return [];
  return inner.split(',').map((v) => (v === 'NULL' ? Number.NaN : Number(v)));
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
