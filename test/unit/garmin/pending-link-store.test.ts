import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearPendingLink, loadPendingLink, PENDING_LINK_LIFETIME_MS, savePendingLink, type PendingLink } from '../../../src/garmin/pending-link-store.js';

const savedEnv = { ...process.env };
beforeAll(() => {
  process.env.COACH_SECRET_KEY = 'c'.repeat(64);
  process.env.COACH_HOME = mkdtempSync(join(tmpdir(), 'coach-pending-'));
});
afterAll(() => {
  process.env = savedEnv;
});

const link = (expiresAt: number): PendingLink => ({
  coachUser: 'ada@example.com', email: 'ada@garmin.example', encryptedPassword: 'v1:xyz', metricsDays: 14,
  login: { cookies: [['GARMIN-SSO', 'sso-cookie-value'], ['GARMIN-MFA', 'mfa-7']], csrf: 'csrf-secret', startedAt: expiresAt - PENDING_LINK_LIFETIME_MS },
  expiresAt,
});

describe('the waiting MFA sign-in', () => {
  it('is kept encrypted (0600) per coach user, and comes back whole until it expires', async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    await savePendingLink(link(now + 60_000));
    const dir = join(process.env.COACH_HOME!, 'config');
    const [file] = readdirSync(dir).filter((f) => f.startsWith('garmin-link-pending-'));
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(dir, file!), 'utf8');
    for (const secret of ['sso-cookie-value', 'mfa-7', 'csrf-secret', 'ada@garmin.example']) expect(text).not.toContain(secret);

    expect(await loadPendingLink('ada@example.com', now)).toEqual(link(now + 60_000));
    expect(await loadPendingLink('bob@example.com', now)).toBeNull();
    // Past coach's own lifetime: 'expired', and the file is gone.
    expect(await loadPendingLink('ada@example.com', now + 60_001)).toBe('expired');
    expect(await loadPendingLink('ada@example.com', now)).toBeNull();
  });

  it('cannot be read with another key: dropped as expired', async () => {
    const now = Date.now();
    await savePendingLink(link(now + 60_000));
    process.env.COACH_SECRET_KEY = 'd'.repeat(64);
    try {
      expect(await loadPendingLink('ada@example.com', now)).toBe('expired');
    } finally {
      process.env.COACH_SECRET_KEY = 'c'.repeat(64);
    }
    clearPendingLink('ada@example.com');
  });
});
