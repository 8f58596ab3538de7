import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import {
  claimScheduleTick, deleteSchedule, insertSchedule, listSchedules, scheduleAthletes, type ScheduleListRow,
} from '../db/schedules.repository.js';
import { findConfigByName } from '../db/training-configs.repository.js';
import { findUserByEmail } from '../db/users.repository.js';
import { UserError } from '../errors.js';
import { shownValue } from '../validation/index.js';
import { checkCron, checkTimeZone, dateIn, lastTick, localTimeZone, nextTick } from './cron.js';
import { enqueueAnalysis, scheduledKey } from './enqueue.js';
import type { Queue } from './queue.js';

export interface AddScheduleInput {
  cron: string;
  /** One athlete by email, or every athlete with `all`. */
  athleteEmail?: string;
  all?: boolean;
  configName?: string;
  timezone?: string;
}

export interface ScheduleView {
  id: string;
  cron: string;
  timezone: string;
  athlete: string | null;
  all: boolean;
  configName: string | null;
  lastFiredAt: string | null;
  nextRunAt: string;
  createdAt: string;
}

export function scheduleView(row: ScheduleListRow, now = new Date()): ScheduleView {
  return {
    id: row.id,
    cron: row.cron,
    timezone: row.timezone,
    athlete: row.email,
    all: row.user_id === null,
    configName: row.config_name,
    lastFiredAt: row.last_fired_at ? new Date(row.last_fired_at).toISOString() : null,
    nextRunAt: nextTick(row.cron, row.timezone, now).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** `coach schedule add`: validates everything before writing anything. */
export async function addSchedule(db: Kysely<Database>, input: AddScheduleInput): Promise<ScheduleView> {
  const cron = checkCron(input.cron);
  const timezone = checkTimeZone(input.timezone ?? localTimeZone());
  if (Boolean(input.athleteEmail) === Boolean(input.all)) throw new UserError('give exactly one of --athlete EMAIL or --all');
  let userId: string | null = null;
  if (input.athleteEmail) {
    const user = await findUserByEmail(db, input.athleteEmail);
    if (!user) throw new UserError(`no athlete with email "${shownValue(input.athleteEmail, 80)}" in this database`);
    userId = user.id;
    if (input.configName && !(await findConfigByName(db, user.id, input.configName))) {
      throw new UserError(`${user.email} has no training config named "${shownValue(input.configName, 80)}"`);
    }
  }
  const row = await insertSchedule(db, { userId, cron, timezone, configName: input.configName?.trim() || null });
  // The first tick to fire is the next one: a schedule added at 10:00 for 03:00 starts tomorrow.
  await claimScheduleTick(db, row.id, lastTick(cron, timezone, new Date()));
  const [listed] = (await listSchedules(db)).filter((s) => s.id === row.id);
  return scheduleView(listed);
}

export async function schedulesList(db: Kysely<Database>): Promise<ScheduleView[]> {
  const now = new Date();
  return (await listSchedules(db)).map((row) => scheduleView(row, now));
}

export async function removeSchedule(db: Kysely<Database>, id: string): Promise<void> {
  const deleted = await deleteSchedule(db, id);
  if (deleted === 0) throw new UserError(`no schedule ${shownValue(id, 40)} (see \`coach schedule list\`)`);
  if (deleted < 0) throw new UserError(`${shownValue(id, 40)} matches ${-deleted} schedules: give more of the id`);
}

/**
 * Fires every schedule whose latest cron tick has not been fired yet: one job per athlete,
 * keyed by schedule + athlete + the tick's day, in the same transaction as the claim of the
 * tick. Any number of workers may call this at once; each tick is claimed by exactly one, and
 * the key makes a second enqueue for the same day a no-op anyway. Returns the jobs created.
 */
export async function fireDueSchedules(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, queue: Queue, now = new Date()): Promise<number> {
  let created = 0;
  for (const schedule of await listSchedules(handle.db)) {
    const tick = lastTick(schedule.cron, schedule.timezone, now);
    if (schedule.last_fired_at && new Date(schedule.last_fired_at) >= tick) continue;
    const runDate = dateIn(tick, schedule.timezone);
    created += await inTransaction(handle.db, async (trx) => {
      if (!(await claimScheduleTick(trx, schedule.id, tick))) return 0;
      let n = 0;
      for (const athlete of await scheduleAthletes(trx, schedule)) {
        const key = scheduledKey(schedule.id, athlete.id, runDate);
        const job = await enqueueAnalysis(handle, queue, {
          key, userId: athlete.id, email: athlete.email, configName: schedule.config_name, runDate, scheduleId: schedule.id,
        }, trx as unknown as Kysely<Database>);
        if (job.created) n++;
      }
      return n;
    });
  }
  return created;
}
