import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coachPaths } from '../config/paths.js';
import { UserError } from '../errors.js';

/**
 * Encryption of the stored Garmin Connect password (AES-256-GCM, node:crypto).
 *
 * Envelope: `v1:<iv>:<tag>:<ciphertext>`, each part base64; a fresh random 12-byte IV per
 * encryption, and the 16-byte GCM tag authenticates the ciphertext and the version prefix
 * (as additional data), so any change to the stored string fails to decrypt.
 *
 * The 32-byte key comes from `COACH_SECRET_KEY` (base64 or hex) when set, else from the key
 * file `<config dir>/secret.key`, created on first use with mode 0600 in a 0700 directory.
 * The key never goes into the database: a copied database alone does not reveal passwords.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_FILE_NAME = 'secret.key';

export const CANNOT_DECRYPT_MESSAGE =
  'cannot decrypt the stored Garmin password: the key changed? run coach garmin link again';

export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(coachPaths(env).configDir, KEY_FILE_NAME);
}

/** Decodes a key given as 64 hex digits or base64 of 32 bytes; anything else is refused. */
export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  // Only hex digits means hex (whatever the length, so a short hex key is reported as such).
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (!key || key.length !== KEY_BYTES) {
    // The message names the source and the expected form, never the value.
    throw new UserError(
      `${source} must be ${KEY_BYTES} bytes, written as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`); got ${key ? `${key.length} bytes` : 'neither'}`,
    );
  }
  return key;
}

/** The key: COACH_SECRET_KEY, else the key file (created when missing). */
export function loadKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.COACH_SECRET_KEY !== undefined && env.COACH_SECRET_KEY !== '') return parseKey(env.COACH_SECRET_KEY, 'COACH_SECRET_KEY');
  const path = keyFilePath(env);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    tightenMode(path);
    return parseKey(text, `the key file ${path}`);
  }
  return createKeyFile(path, env);
}

function createKeyFile(path: string, env: NodeJS.ProcessEnv): Buffer {
  const dir = coachPaths(env).configDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // 'wx': never overwrite a key another process has just written (that would orphan its data).
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(readFileSync(path, 'utf8'), `the key file ${path}`);
    throw error;
  }
  // The umask cannot widen 0600, but be explicit in case the file system ignored the mode.
  chmodSync(path, 0o600);
  return key;
}

/** A key file readable by others is repaired to 0600 rather than trusted as is. */
function tightenMode(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    // Not fatal: reading worked; a read-only file system keeps its mode.
  }
}

export async function encryptSecret(plain: string): Promise<string> {
  return encryptWithKey(plain, loadKey());
}

export async function decryptSecret(envelope: string): Promise<string> {
  return decryptWithKey(envelope, loadKey());
}

export function encryptWithKey(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(VERSION));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

export function decryptWithKey(envelope: string, key: Buffer): string {
  const parts = typeof envelope === 'string' ? envelope.split(':') : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new UserError(CANNOT_DECRYPT_MESSAGE);
  const [, ivText, tagText, cipherText] = parts;
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  const ciphertext = Buffer.from(cipherText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new UserError(CANNOT_DECRYPT_MESSAGE);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new UserError(CANNOT_DECRYPT_MESSAGE);
  }
}
