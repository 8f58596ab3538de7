import { UserError } from '../errors.js';
import { inTransaction, isUniqueViolation, type Db } from '../db/in-transaction.js';
import type { UserRow } from '../db/tables/user.table.js';
import { createConfig } from '../db/training-configs.repository.js';
import { recordSex } from '../db/athlete-attributes.repository.js';
import { findUserByEmail, insertUser } from '../db/users.repository.js';
import { registerSecret } from '../security/secrets.js';
import { parseEmail, parseOptionalText, parseRequiredText, parseSex, type SexName, TEXT_LIMITS } from '../validation/index.js';
import { checkPasswordPolicy, decoyPasswordHash, hashPassword, verifyPassword } from './password.js';

/**
 * Accounts: registration and login. Rows stop here; callers get a `PublicUser`, which has
 * no password hash, so nothing downstream can print or export one by accident.
 */
export interface PublicUser {
  id: string;
  email: string;
  fullName: string | null;
  isActive: boolean;
  isVerified: boolean;
  athleteContext: string | null;
  planningContext: string | null;
  createdAt: string;
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    isActive: row.is_active,
    isVerified: row.is_verified,
    athleteContext: row.athlete_context,
    planningContext: row.planning_context,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface NewAccount {
  email: string;
  fullName: string;
  password: string;
  athleteContext?: string | null;
  planningContext?: string | null;
  /** Optional: the sex-specific constants of heart-rate load (TRIMP) need it. */
  sex?: string | null;
}

/** The name of the training config every new athlete starts with. */
export const FIRST_CONFIG_NAME = 'main';

/** Checks every field without touching the database; returns the normalised values. */
export function validateNewAccount(account: NewAccount): Required<Omit<NewAccount, 'sex'>> & { sex: SexName | null } {
  registerSecret(account.password);
  return {
    email: parseEmail(account.email, 'email'),
    fullName: parseRequiredText(account.fullName, 'name', { max: TEXT_LIMITS.name }),
    password: checkPasswordPolicy(account.password),
    athleteContext: parseOptionalText(account.athleteContext, 'athlete context', { max: TEXT_LIMITS.context, multiline: true }),
    planningContext: parseOptionalText(account.planningContext, 'planning context', { max: TEXT_LIMITS.context, multiline: true }),
    sex: account.sex == null ? null : parseSex(account.sex, 'sex'),
  };
}

function duplicateEmail(email: string): UserError {
  return new UserError(`an account for ${email} already exists (use \`coach login --email ${email}\`)`);
}

/**
 * Registers an athlete: the user row (argon2id hash; not active or verified until a
 * verification step exists) and an active training config named `main` with the schema's
 * defaults, in one transaction, so a fresh athlete can run `coach analyze` at once and a
 * failure leaves nothing behind.
 */
export async function createUser(db: Db, account: NewAccount): Promise<{ user: PublicUser; configId: string }> {
  const valid = validateNewAccount(account);
  // Hash outside the transaction: it takes tens of milliseconds and needs no database.
  if (await findUserByEmail(db, valid.email)) throw duplicateEmail(valid.email);
  const hashedPassword = await hashPassword(valid.password);
  try {
    return await inTransaction(db, async (trx) => {
      const row = await insertUser(trx, {
        email: valid.email,
        full_name: valid.fullName,
        hashed_password: hashedPassword,
        is_active: false,
        is_verified: false,
        athlete_context: valid.athleteContext,
        planning_context: valid.planningContext,
      });
      if (valid.sex) await recordSex(trx, row.id, valid.sex, 'athlete');
      const config = await createConfig(trx, row.id, { name: FIRST_CONFIG_NAME, activate: true });
      return { user: toPublicUser(row), configId: config.id };
    });
  } catch (error) {
    // Another process registered the same address between our check and the insert.
    if (isUniqueViolation(error)) throw duplicateEmail(valid.email);
    throw error;
  }
}

/** The same message for an unknown email and a wrong password: it tells an attacker nothing. */
export const WRONG_LOGIN_MESSAGE = 'wrong email or password';

export async function verifyLogin(db: Db, email: string, password: string): Promise<PublicUser> {
  registerSecret(password);
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
  const row = normalised ? await findUserByEmail(db, normalised) : undefined;
  if (!row) {
    // Spend the same time as a real check, so timing does not reveal which emails exist.
    await verifyPassword(await decoyPasswordHash(), password);
    throw new UserError(WRONG_LOGIN_MESSAGE);
  }
  if (!(await verifyPassword(row.hashed_password, password))) throw new UserError(WRONG_LOGIN_MESSAGE);
  return toPublicUser(row);
}
