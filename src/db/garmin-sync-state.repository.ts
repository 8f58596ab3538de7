import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Marks the user's Garmin link as not connected (credentials refused, MFA required), which
 * `recordSyncOutcome` leaves alone on failure. A successful sync sets it back to true there.
 */
export async function markGarminDisconnected(db: Db, userId: string): Promise<void> {
  await db.updateTable('garminaccount').set({ is_connected: false }).where('user_id', '=', userId).execute();
}
