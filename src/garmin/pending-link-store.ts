/**
 * A `coach garmin link` that stopped at Garmin's MFA step, kept until `coach garmin link
 * --mfa-code CODE` finishes it in a later process (scripts cannot keep a process waiting for
 * an email). One file per coach user in the config directory (mode 0600), its whole content
 * one AES-256-GCM envelope (credential-crypto.ts, the password's key): the SSO cookies and
 * CSRF token are a half-finished login, so they get the password's protection.
 *
 * Nothing reaches the database until the code is accepted: a wrong or expired code leaves
 * the stored account (or its absence) exactly as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coachPaths } from '../config/paths.js';
import { registerSecret } from '../security/secrets.js';
import type { PendingMfaLogin } from './connect-client.js';
import { decryptSecret, encryptSecret } from './credential-crypto.js';

/**
 * How long coach keeps a sign-in waiting for its code. Garmin's emailed codes are short-lived
 * (minutes); past this the SSO session behind it is as good as gone, so coach asks for a new
 * sign-in instead of sending a stale one.
 */
export const PENDING_LINK_LIFETIME_MS = 15 * 60_000;

export interface PendingLink {
  /** The coach user (email) the link is for. */
  coachUser: string;
  email: string;
  /** The Garmin password, already encrypted (credential-crypto.ts). */
  encryptedPassword: string;
  activitiesDays?: number;
  metricsDays?: number;
  login: PendingMfaLogin;
  /** ms since the epoch. */
  expiresAt: number;
}

function pendingFile(coachUser: string): string {
  // One file per coach user: scripts acting for several athletes (COACH_USER) don't collide.
  const tag = createHash('sha256').update(coachUser.toLowerCase()).digest('hex').slice(0, 16);
  return join(coachPaths().configDir, `garmin-link-pending-${tag}`);
}

export async function savePendingLink(link: PendingLink): Promise<void> {
  for (const [, value] of link.login.cookies) registerSecret(value);
  registerSecret(link.login.csrf);
  const envelope = await encryptSecret(JSON.stringify(link));
  const dir = coachPaths().configDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = pendingFile(link.coachUser);
  // Whole or not at all: a crash mid-write leaves the previous file (or none).
  writeFileSync(`${file}.tmp`, envelope + '\n', { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The waiting sign-in of this coach user: the link, 'expired' (the file is then removed), or null. */
export async function loadPendingLink(coachUser: string, now = Date.now()): Promise<PendingLink | 'expired' | null> {
  const file = pendingFile(coachUser);
  if (!existsSync(file)) return null;
  let link: PendingLink;
  try {
    link = JSON.parse(await decryptSecret(readFileSync(file, 'utf8').trim())) as PendingLink;
  } catch {
    // Unreadable (another key, a damaged file): useless, and no sign-in can be resumed from it.
    clearPendingLink(coachUser);
    return 'expired';
  }
  if (link.coachUser !== coachUser || !Array.isArray(link.login?.cookies) || typeof link.login.csrf !== 'string') return null;
  for (const [, value] of link.login.cookies) registerSecret(value);
  registerSecret(link.login.csrf);
  if (!(link.expiresAt > now)) {
    clearPendingLink(coachUser);
    return 'expired';
  }
  return link;
}

export function clearPendingLink(coachUser: string): void {
  rmSync(pendingFile(coachUser), { force: true });
}
