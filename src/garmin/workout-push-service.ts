/**
 * `coach garmin push`: the plan's week (week 1 of the newest completed analysis's version 2
 * plan) as workouts in Garmin Connect, each scheduled on its date so it syncs to the watch.
 *
 * Idempotent through `garmin_workout_push` (one row per plan session): a session pushed before
 * is updated in place (PUT) and re-scheduled, a new one is created, and a workout whose
 * session left the plan is deleted from Connect. Each row is written right after the Connect
 * call it records succeeded, never before, so a push cut off half-way leaves a record that
 * matches Connect and the next push carries on from it. The workout bodies are the ones
 * `coach plan export --format garmin` writes (src/plan/export/garmin-workout.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findGarminAccount } from '../db/garmin-accounts.repository.js';
import {
  deleteWorkoutPush, listWorkoutPushes, recordPushedWorkout, recordPushSchedule,
} from '../db/garmin-workout-pushes.repository.js';
import type { GarminWorkoutPushRow } from '../db/tables/garmin-workout-push.table.js';
import { findLatestPlan } from '../db/plans.repository.js';
import { selectConfig } from '../config/select-config.js';
import { UserError } from '../errors.js';
import { garminWorkout, type GarminWorkout } from '../plan/export/garmin-workout.js';
import { exportableSessions, NO_STRUCTURED_PLAN, structuredPlanOf } from '../plan/stored-plan.js';
import { registerSecret } from '../security/secrets.js';
import { clientOptionsFromEnv, GarminConnectClient, GarminUnavailableError, type ConnectClientOptions } from './connect-client.js';
import { decryptSecret } from './credential-crypto.js';
import { databaseTokenStore } from './token-store.js';

export interface PushOptions {
  /** The training config whose plan is pushed (default: the active one). */
  configName?: string;
  /** Work out the changes, call nothing. */
  dryRun?: boolean;
  /** Take every workout coach pushed off Connect. */
  remove?: boolean;
  client?: ConnectClientOptions;
  onProgress?(text: string): void;
}

export interface PushChange {
  action: 'create' | 'update' | 'remove';
  sessionId: string;
  /** The session's date (create/update) or the date it was scheduled on (remove). */
  date: string | null;
  title: string | null;
  /** Connect's ids once known (after the push; the existing ones for a dry run). */
  workoutId: string | null;
  scheduleId: string | null;
}

export interface PushResult {
  analysisId: string | null;
  weekStart: string | null;
  dryRun: boolean;
  changes: PushChange[];
  /** HTTP requests made to Garmin (0 for a dry run). */
  requests: number;
}

interface PlannedChange extends PushChange {
  row?: GarminWorkoutPushRow;
  body?: GarminWorkout;
}

const WORKOUT_PATH = '/workout-service/workout';
const SCHEDULE_PATH = '/workout-service/schedule';

const idOf = (value: unknown): string | null =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '') ? String(value) : null;

export async function pushPlanToGarmin(db: Kysely<Database>, userId: string, options: PushOptions = {}): Promise<PushResult> {
  const account = await findGarminAccount(db, userId);
  if (!account) throw new UserError('no Garmin account linked: run `coach garmin link` first');
  const pushed = await listWorkoutPushes(db, userId);

  // The changes, all worked out (and every body built) before the first call to Connect.
  let analysisId: string | null = null;
  let weekStart: string | null = null;
  const changes: PlannedChange[] = [];
  const kept = new Set<string>();
  if (!options.remove) {
    const config = await selectConfig(db, userId, options.configName);
    const stored = await findLatestPlan(db, userId, config.id);
    if (!stored) throw new UserError(NO_STRUCTURED_PLAN);
    const plan = structuredPlanOf(stored.plan);
    analysisId = stored.analysisId;
    weekStart = plan.weekStart;
    const sessions = exportableSessions(plan);
    if (sessions.length === 0) throw new UserError(`nothing to push: the plan's week from ${plan.weekStart} has no sessions`);
    for (const session of sessions) {
      const row = pushed.find((r) => r.session_id === session.id);
      kept.add(session.id);
      changes.push({
        action: row ? 'update' : 'create', sessionId: session.id, date: session.date, title: session.title,
        workoutId: row?.workout_id ?? null, scheduleId: row?.schedule_id ?? null, row, body: garminWorkout(session),
      });
    }
  }
  for (const row of pushed) {
    if (kept.has(row.session_id)) continue;
    changes.push({ action: 'remove', sessionId: row.session_id, date: row.scheduled_date, title: null, workoutId: row.workout_id, scheduleId: row.schedule_id, row });
  }
  const result = (requests: number): PushResult => ({
    analysisId, weekStart, dryRun: Boolean(options.dryRun), requests,
    changes: changes.map(({ row: _row, body: _body, ...change }) => change),
  });
  if (options.dryRun || changes.length === 0) return result(0);

  const password = await decryptSecret(account.encrypted_password);
  registerSecret(password);
  const client = new GarminConnectClient(
    { email: account.email, password },
    { tokenStore: databaseTokenStore(db, userId), ...clientOptionsFromEnv(), ...options.client },
  );

  let done = 0;
  try {
    options.onProgress?.('signing in to Garmin Connect ...');
    await client.login();
    for (const change of changes) {
      options.onProgress?.(`${change.action} ${change.date ?? ''} ${change.title ?? change.sessionId}`.replace(/\s+/g, ' '));
      if (change.action === 'remove') await removeWorkout(db, userId, client, change);
      else await putWorkout(db, userId, client, change);
      done++;
    }
  } catch (error) {
    // Say how far it got: the rows hold what was done, and the next push finishes the rest.
    if (error instanceof UserError && done > 0) {
      error.message = `${error.message} (${done} of ${changes.length} changes made; push again to finish)`;
    }
    throw error;
  }
  return result(client.requests);
}

/** Creates (or updates in place) one session's workout, then puts it on the calendar on its date. */
async function putWorkout(db: Kysely<Database>, userId: string, client: GarminConnectClient, change: PlannedChange): Promise<void> {
  let workoutId = change.row?.workout_id ?? null;
  let scheduleId = change.row?.schedule_id ?? null;
  if (workoutId !== null) {
    const updated = await client.sendJson('PUT', `${WORKOUT_PATH}/${encodeURIComponent(workoutId)}`, { ...change.body, workoutId: Number(workoutId) || workoutId });
    // Deleted in Connect meanwhile (404): make it again.
    if (updated === null) workoutId = scheduleId = null;
  }
  if (workoutId === null) {
    const created = await client.sendJson<{ workoutId?: unknown }>('POST', WORKOUT_PATH, change.body);
    workoutId = idOf(created?.workoutId);
    if (workoutId === null) throw new GarminUnavailableError('Garmin Connect created a workout but returned no workout id');
    await recordPushedWorkout(db, userId, change.sessionId, workoutId);
  }
  // Re-scheduled every time: the date may have moved, or the entry been deleted in Connect.
  if (scheduleId !== null) {
    await client.sendJson('DELETE', `${SCHEDULE_PATH}/${encodeURIComponent(scheduleId)}`);
    await recordPushSchedule(db, userId, change.sessionId, null, null);
  }
  const scheduled = await client.sendJson<{ workoutScheduleId?: unknown; id?: unknown }>('POST', `${SCHEDULE_PATH}/${encodeURIComponent(workoutId)}`, { date: change.date });
  scheduleId = idOf(scheduled?.workoutScheduleId) ?? idOf(scheduled?.id);
  if (scheduleId === null) throw new GarminUnavailableError('Garmin Connect scheduled a workout but returned no schedule id');
  await recordPushSchedule(db, userId, change.sessionId, scheduleId, change.date);
  change.workoutId = workoutId;
  change.scheduleId = scheduleId;
}

/** Takes one pushed workout off the calendar and out of Connect (already gone there counts as done). */
async function removeWorkout(db: Kysely<Database>, userId: string, client: GarminConnectClient, change: PlannedChange): Promise<void> {
  const row = change.row!;
  if (row.schedule_id !== null) {
    await client.sendJson('DELETE', `${SCHEDULE_PATH}/${encodeURIComponent(row.schedule_id)}`);
    await recordPushSchedule(db, userId, row.session_id, null, null);
  }
  await client.sendJson('DELETE', `${WORKOUT_PATH}/${encodeURIComponent(row.workout_id)}`);
  await deleteWorkoutPush(db, userId, row.session_id);
}
