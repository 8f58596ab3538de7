import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { NewUserRow, UserRow } from './tables/user.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Emails are stored lower-cased and trimmed so the unique index means "one account per address". */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  // A malformed id is "not found", not a database error.
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
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
