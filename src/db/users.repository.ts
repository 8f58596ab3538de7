import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { isUuid } from './in-transaction.js';
import type { NewUserRow, UserRow, UserUpdate } from './tables/user.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * `user`. Commands only ever pass the current user's own id (from `withUser`), so every
 * write here is scoped by `id = userId`: there is no function that changes "some user".
 */

/** Emails are stored lower-cased and trimmed so the unique index means "one account per address". */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  // A malformed id is "not found", not a database error.
  if (!isUuid(id)) return undefined;
  return db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db
    .insertInto('user')
    .values({ ...user, email: normaliseEmail(user.email) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface UserProfilePatch {
  fullName?: string | null;
  athleteContext?: string | null;
  planningContext?: string | null;
}

/** Changes the user's own profile fields; undefined when no such user. */
export async function updateUserProfile(db: Db, userId: string, patch: UserProfilePatch): Promise<UserRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const columns: UserUpdate = {};
  if (patch.fullName !== undefined) columns.full_name = patch.fullName;
  if (patch.athleteContext !== undefined) columns.athlete_context = patch.athleteContext;
  if (patch.planningContext !== undefined) columns.planning_context = patch.planningContext;
  if (Object.keys(columns).length === 0) return findUserById(db, userId);
  return db.updateTable('user').set(columns).where('id', '=', userId).returningAll().executeTakeFirst();
}

/** Replaces the user's own password hash (argon2id, see src/users/password.ts). */
export async function updatePasswordHash(db: Db, userId: string, hashedPassword: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const result = await db.updateTable('user').set({ hashed_password: hashedPassword }).where('id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('user').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
