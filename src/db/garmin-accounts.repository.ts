import { redact } from '../security/secrets.js';
import type { GarminAccountRow } from './tables/garmin-account.table.js';
import { type Db, isUuid } from './in-transaction.js';

/**
 * `garminaccount`: one Garmin Connect login per user (unique index on user_id). Every
 * function takes the owner's id and touches only that user's row, so no id a user can guess
 * reaches another athlete's credentials.
 */
export interface GarminAccountInput {
  email: string;
  /** An envelope from src/garmin/credential-crypto.ts, never the plaintext. */
  encryptedPassword: string;
  activitiesDays: number;
  metricsDays: number;
}

export interface SyncOutcome {
  ok: boolean;
  error?: string;
  at: Date;
}

/** The schema stores the day counts as varchar; they are always decimal strings of whole days. */
function daysText(days: number, field: string): string {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`${field} must be a positive whole number`);
  return String(days);
}

export async function findGarminAccount(db: Db, userId: string): Promise<GarminAccountRow | undefined> {
  if (!isUuid(userId)) return undefined;
  return db.selectFrom('garminaccount').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/**
 * Links (or re-links) the user's Garmin account. Re-linking replaces the credentials and
 * clears the previous sync error; the last successful sync time is kept only when the
 * Garmin email stays the same (a different login is a different data source).
 */
export async function upsertGarminAccount(db: Db, userId: string, input: GarminAccountInput): Promise<GarminAccountRow> {
  if (!isUuid(userId)) throw new RangeError('upsertGarminAccount: not a user id');
  const values = {
    email: input.email,
    encrypted_password: input.encryptedPassword,
    activities_days: daysText(input.activitiesDays, 'activitiesDays'),
    metrics_days: daysText(input.metricsDays, 'metricsDays'),
    // Not connected until a sign-in with these credentials succeeds (`coach garmin link` when
    // Garmin answered, else the next sync).
    is_connected: false,
    sync_error: null,
  };
  return db
    .insertInto('garminaccount')
    .values({ ...values, user_id: userId })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        ...values,
        last_sync: eb
          .case()
          .when('garminaccount.email', '=', input.email)
          .then(eb.ref('garminaccount.last_sync'))
          .else(null)
          .end(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records how a sync went: success sets last_sync and clears the error; failure keeps the
 * last good sync time and stores the error text, redacted. No-op without an account.
 */
export async function recordSyncOutcome(db: Db, userId: string, outcome: SyncOutcome): Promise<GarminAccountRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const set = outcome.ok
    ? { last_sync: outcome.at, sync_error: null, is_connected: true }
    : // Redacted again here: whatever a caller passes, a registered secret never reaches the row.
      { sync_error: redact(outcome.error ?? 'sync failed').slice(0, 2000) };
  return db.updateTable('garminaccount').set(set).where('user_id', '=', userId).returningAll().executeTakeFirst();
}

/**
 * Marks the user's Garmin link as not connected (credentials refused, MFA required), which
 * `recordSyncOutcome` leaves alone on failure. A successful sync sets it back to true there.
 */
export async function markGarminDisconnected(db: Db, userId: string): Promise<void> {
  await db.updateTable('garminaccount').set({ is_connected: false }).where('user_id', '=', userId).execute();
}

/** Removes the user's Garmin account; true when there was one. */
export async function deleteGarminAccount(db: Db, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const result = await db.deleteFrom('garminaccount').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Marks the user's Garmin link connected: a sign-in with its credentials has just succeeded. */
export async function markGarminConnected(db: Db, userId: string): Promise<void> {
  await db.updateTable('garminaccount').set({ is_connected: true }).where('user_id', '=', userId).execute();
}
