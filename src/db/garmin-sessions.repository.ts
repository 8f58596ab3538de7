import type { GarminSessionRow } from './tables/garmin-session.table.js';
import { toJsonOrNull } from './json.js';
import { type Db, isUuid } from './in-transaction.js';

/**
 * `garmin_session`: the encrypted OAuth tokens and the sync progress of the user's Garmin
 * account (one row per account, deleted with it). Every function is scoped by the owner's
 * id through `garminaccount.user_id`.
 */
async function accountId(db: Db, userId: string): Promise<string | undefined> {
  if (!isUuid(userId)) return undefined;
  const row = await db.selectFrom('garminaccount').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row?.id;
}

export async function findGarminSession(db: Db, userId: string): Promise<GarminSessionRow | undefined> {
  if (!isUuid(userId)) return undefined;
  return db
    .selectFrom('garmin_session')
    .innerJoin('garminaccount', 'garminaccount.id', 'garmin_session.garmin_account_id')
    .selectAll('garmin_session')
    .where('garminaccount.user_id', '=', userId)
    .executeTakeFirst();
}

async function upsertSession(db: Db, userId: string, values: Record<string, unknown>): Promise<void> {
  const id = await accountId(db, userId);
  if (!id) return;
  await db
    .insertInto('garmin_session')
    .values({ garmin_account_id: id, ...values } as never)
    .onConflict((oc) => oc.column('garmin_account_id').doUpdateSet(values as never))
    .execute();
}

/** Stores the tokens' envelope (never plaintext) and when the bearer token expires. */
export async function saveGarminTokens(db: Db, userId: string, tokens: { encrypted: string; accessExpiresAt: Date | null }): Promise<void> {
  await upsertSession(db, userId, { encrypted_tokens: tokens.encrypted, access_expires_at: tokens.accessExpiresAt });
}

/** Forgets the tokens (revoked, or a new login replaces them); the sync progress stays. */
export async function clearGarminTokens(db: Db, userId: string): Promise<void> {
  const id = await accountId(db, userId);
  if (!id) return;
  await db.updateTable('garmin_session').set({ encrypted_tokens: null, access_expires_at: null }).where('garmin_account_id', '=', id).execute();
}

export async function saveSyncProgress(db: Db, userId: string, progress: unknown): Promise<void> {
  await upsertSession(db, userId, { sync_progress: toJsonOrNull(progress) });
}
