import type { AnalysisScheduleRow } from './tables/analysis-job.table.js';
import { type Db, isUuid } from './in-transaction.js';

/** `analysis_schedule`: cron schedules of analyses (migration 0008). */
export interface ScheduleListRow extends AnalysisScheduleRow {
  /** The athlete's email; null for an every-athlete schedule. */
  email: string | null;
}

export async function insertSchedule(
  db: Db,
  input: { userId: string | null; cron: string; timezone: string; configName: string | null },
): Promise<AnalysisScheduleRow> {
  return db
    .insertInto('analysis_schedule')
    .values({ user_id: input.userId, cron: input.cron, timezone: input.timezone, config_name: input.configName })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listSchedules(db: Db): Promise<ScheduleListRow[]> {
  return db
    .selectFrom('analysis_schedule')
    .leftJoin('user', 'user.id', 'analysis_schedule.user_id')
    .selectAll('analysis_schedule')
    .select('user.email')
    .orderBy('analysis_schedule.created_at')
    .orderBy('analysis_schedule.id')
    .execute();
}

/** Deletes the schedule whose id is `id` (or starts with it, as `list` shows 8 characters); the number deleted. */
export async function deleteSchedule(db: Db, id: string): Promise<number> {
  const matches = await findSchedulesByPrefix(db, id);
  if (matches.length !== 1) return matches.length === 0 ? 0 : -matches.length;
  const result = await db.deleteFrom('analysis_schedule').where('id', '=', matches[0].id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function findSchedulesByPrefix(db: Db, id: string): Promise<{ id: string }[]> {
  const prefix = id.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) return [];
  if (isUuid(prefix)) return db.selectFrom('analysis_schedule').select('id').where('id', '=', prefix).execute();
  return db.selectFrom('analysis_schedule').select('id').where((eb) => eb.cast('id', 'text'), 'like', `${prefix}%`).execute();
}

/**
 * Claims cron tick `tick` of a schedule: true for exactly one caller across all workers (the
 * row update is atomic), false when the tick was already fired.
 */
export async function claimScheduleTick(db: Db, scheduleId: string, tick: Date): Promise<boolean> {
  const result = await db
    .updateTable('analysis_schedule')
    .set({ last_fired_at: tick })
    .where('id', '=', scheduleId)
    .where((eb) => eb.or([eb('last_fired_at', 'is', null), eb('last_fired_at', '<', tick)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The athletes a schedule covers: its own, or every athlete that has a training config (the
 * seed's is_active is an account flag coach does not set, so it is not a filter here).
 */
export async function scheduleAthletes(db: Db, schedule: { user_id: string | null }): Promise<{ id: string; email: string }[]> {
  let query = db
    .selectFrom('user')
    .select(['user.id', 'user.email'])
    .where((eb) => eb.exists(eb.selectFrom('trainingconfig').select('trainingconfig.id').whereRef('trainingconfig.user_id', '=', 'user.id')))
    .orderBy('user.email');
  if (schedule.user_id) query = query.where('user.id', '=', schedule.user_id);
  return query.execute();
}
