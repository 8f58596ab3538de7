import { ValidationError } from '../errors.js';

/**
 * Account passwords: policy and argon2id hashing.
 *
 * Parameters follow the OWASP Password Storage Cheat Sheet's first argon2id configuration:
 * m = 19456 KiB (19 MiB), t = 2 iterations, p = 1 lane. That costs roughly 30-60 ms per hash
 * on a laptop core: slow for an attacker with a stolen table, unnoticeable at `coach login`.
 * The encoded hash carries its parameters (`$argon2id$v=19$m=19456,p=1,t=2$...`), so raising
 * them later still verifies old hashes.
 *
 * argon2 is a native module: it is imported lazily so `coach --help` never loads it.
 */
export const ARGON2_PARAMETERS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 8;
/** argon2 accepts more, but nobody types a password this long; it bounds the work per login. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The password policy: at least 8 characters (NIST SP 800-63B's minimum), at most 1024,
 * not only whitespace. Messages never repeat the password.
 */
export function checkPasswordPolicy(password: string, field = 'password'): string {
  if (password.trim() === '') throw new ValidationError(`must not be empty (at least ${MIN_PASSWORD_LENGTH} characters)`, field);
  const length = Array.from(password).length;
  if (length < MIN_PASSWORD_LENGTH) {
    // Worded without common words: a rejected password is a registered secret, and redaction
    // would blank any word of the message equal to it.
    throw new ValidationError(`needs at least ${MIN_PASSWORD_LENGTH} characters (got ${length})`, field);
  }
  if (length > MAX_PASSWORD_LENGTH) throw new ValidationError(`too long: at most ${MAX_PASSWORD_LENGTH} characters`, field);
  return password;
}

export async function hashPassword(password: string): Promise<string> {
  const argon2 = await import('argon2');
  return argon2.hash(password, { type: argon2.argon2id, ...ARGON2_PARAMETERS });
}

/** False for a wrong password and for a hash argon2 cannot read (never throws for those). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const argon2 = await import('argon2');
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the email is unknown, so "no such user" and "wrong password"
 * take the same time and an attacker cannot enumerate accounts by timing.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('coach-decoy-password-never-matches');
  return decoyHash;
}
