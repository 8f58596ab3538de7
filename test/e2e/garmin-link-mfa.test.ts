/**
 * The two-step `coach garmin link` of scripts on an MFA account (built binary, local fake
 * Garmin that models the code's lifetime): the first run stops at Garmin's code and keeps the
 * waiting sign-in encrypted; `coach garmin link --mfa-code CODE` finishes it without a new
 * code. Wrong and expired codes: one line, nothing stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { fakeGarminCliEnv, startFakeGarmin, type FakeGarmin } from '../support/fake-garmin.js';
import { hasPython, runCoachInTerminal } from '../support/pty.js';

describe('coach garmin link in two steps (MFA, built binary)', () => {
  let server: FakeGarmin;
  beforeAll(async () => {
    server = await startFakeGarmin({ email: 'ada@garmin.example', password: 'garmin secret', mfa: true, mfaCode: '246810', activities: [], days: {} });
  });
  afterAll(async () => server.close());

  const env = (home: string) => ({
    COACH_HOME: home,
    ...fakeGarminCliEnv(server),
  });
  async function athleteHome(): Promise<string> {
    const home = tempCoachHome();
    const init = await runCoach(['init', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { env: { COACH_HOME: home }, input: 'a long password' });
    expect(init.code, init.stderr).toBe(0);
    return home;
  }
  const status = async (home: string) => JSON.parse((await runCoach(['garmin', 'status', '--json'], { env: env(home) })).stdout).garmin;
  const pendingFiles = (home: string) => readdirSync(join(home, 'config')).filter((f) => f.startsWith('garmin-link-pending-'));

  it('stops at the code (exit 12, one line), resumes with --mfa-code without a new code; a wrong code first changes nothing', async () => {
    const home = await athleteHome();
    const sent = server.mfaCodesSent();
    const first = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin', '--metrics-days', '14'], { env: env(home), input: 'garmin secret' });
    expect(first.code).toBe(12);
    expect(first.stderr.trim()).toBe('coach: Garmin sent a security code for ada@garmin.example: run `coach garmin link --mfa-code CODE` within 15 minutes');
    expect(server.mfaCodesSent()).toBe(sent + 1);
    expect((await status(home)).linked).toBe(false);
    // The waiting sign-in is one encrypted envelope: no cookie, CSRF token or password in the clear.
    const [file] = pendingFiles(home);
    const stored = readFileSync(join(home, 'config', file!), 'utf8');
    expect(stored).toMatch(/^v1:/);
    for (const secret of ['csrf-mfa', 'GARMIN-MFA', 'garmin secret', 'ada@garmin.example']) expect(stored).not.toContain(secret);

    const signIns = server.log.filter((l) => l === 'POST /sso/signin').length;
    const wrong = await runCoach(['garmin', 'link', '--mfa-code', '135791'], { env: env(home) });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('coach: Garmin Connect refused the MFA code: run `coach garmin link --mfa-code CODE` again with the latest code');
    expect((await status(home)).linked).toBe(false);

    const right = await runCoach(['garmin', 'link', '--mfa-code', '246810'], { env: env(home) });
    expect(right.code, right.stderr).toBe(0);
    expect(right.stderr).toMatch(/linked Garmin Connect account ada@garmin\.example: signed in \(password and login tokens encrypted; 21 days of activities, 14 days of metrics\)/);
    expect(server.mfaCodesSent()).toBe(sent + 1);
    expect(server.log.filter((l) => l === 'POST /sso/signin').length).toBe(signIns);
    expect(await status(home)).toMatchObject({ linked: true, connected: true, email: 'ada@garmin.example', metricsDays: 14 });
    expect(pendingFiles(home)).toEqual([]);

    // Nothing waits any more: a second --mfa-code says what to do.
    const again = await runCoach(['garmin', 'link', '--mfa-code', '246810'], { env: env(home) });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('coach: no Garmin sign-in is waiting for a code: run `coach garmin link --email EMAIL --password-stdin` first');
  }, 240_000);

  it.skipIf(!hasPython)('in a terminal, coach asks for the code when Garmin wants one, and links in one run', async () => {
    const home = await athleteHome();
    const result = await runCoachInTerminal(['garmin', 'link', '--email', 'ada@garmin.example'], [
      { waitFor: /Garmin Connect password:/, type: 'garmin secret\r' },
      { waitFor: /Garmin sent a security code \(email or text message\); code:/, type: '246810\r' },
    ], { env: env(home), stepTimeoutS: 60, exitTimeoutS: 60 });
    expect(result.code, result.transcript).toBe(0);
    expect(result.transcript).toMatch(/linked Garmin Connect account ada@garmin\.example: signed in/);
    expect(result.transcript).not.toContain('garmin secret');
    expect(await status(home)).toMatchObject({ linked: true, connected: true });
  }, 240_000);

  it("an expired code (Garmin's clock past the code's lifetime): one line, the waiting sign-in is dropped, nothing stored", async () => {
    const home = await athleteHome();
    const first = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin'], { env: env(home), input: 'garmin secret' });
    expect(first.code).toBe(12);
    server.advanceClock(11 * 60_000); // the fake's codes live 10 minutes
    const late = await runCoach(['garmin', 'link', '--mfa-code', '246810'], { env: env(home) });
    expect(late.code).toBe(1);
    expect(late.stderr.trim()).toBe('coach: the MFA code has expired: run `coach garmin link --email EMAIL --password-stdin` again for a new code');
    expect(pendingFiles(home)).toEqual([]);
    expect((await status(home)).linked).toBe(false);
  }, 240_000);
});
