import type { UserRow } from './database.js';
import type { Db } from './in-transaction.js';

/**
 * The athlete part of the `user` row (full name, athlete context) as the YAML config file
 * reads and writes it. Scoped by id like every repository; the account part (email,
 * password) belongs to the users repository.
 */
export async function updateAthleteProfile(
  db: Db,
  userId: string,
  profile: { fullName?: string | null; athleteContext?: string | null },
): Promise<UserRow | undefined> {
  const set: { full_name?: string | null; athlete_context?: string | null } = {};
  if (profile.fullName !== undefined) set.full_name = profile.fullName;
  if (profile.athleteContext !== undefined) set.athlete_context = profile.athleteContext;
  if (Object.keys(set).length === 0) return db.selectFrom('user').selectAll().where('id', '=', userId).executeTakeFirst();
  return db.updateTable('user').set(set).where('id', '=', userId).returningAll().executeTakeFirst();
}
