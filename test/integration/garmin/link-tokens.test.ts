/**
 * `coach garmin link`'s sign-in with Garmin's MFA step, the OAuth tokens kept encrypted in
 * the database, their refresh, and what a sync does when they are revoked. Against the
 * local Garmin-shaped server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { findGarminAccount } from '../../../src/db/garmin-accounts.repository.js';
import { findGarminSession } from '../../../src/db/garmin-sessions.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { ExitCode, UserError } from '../../../src/errors.js';
import {
  GarminAuthError, GarminMfaCodeExpiredError, GarminMfaCodeRefusedError, GarminMfaPendingError, GarminMfaRequiredError, GarminRelinkError,
} from '../../../src/garmin/connect-client.js';
import { encryptSecret } from '../../../src/garmin/credential-crypto.js';
import { resumeLinkSignIn, signInForLink, storeLink } from '../../../src/garmin/link-service.js';
import { syncGarminConnect } from '../../../src/garmin/sync-service.js';
import { describeEachDatabase } from '../../support/databases.js';
import { connectActivity, startFakeGarmin, type FakeGarmin } from '../../support/fake-garmin.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const savedEnv = { ...process.env };
const credentials = { email: 'ada@garmin.example', password: 'correct horse' };

let server: FakeGarmin;

beforeAll(() => {
  process.env.COACH_SECRET_KEY = 'b'.repeat(64);
});
afterAll(() => {
  process.env = savedEnv;
});
beforeEach(async () => {
  process.env.COACH_HOME = mkdtempSync(join(tmpdir(), 'coach-link-'));
  server = await startFakeGarmin({
    ...credentials, mfa: true, mfaCode: '424242', expiredMfaCode: '111111',
    activities: [connectActivity(1001, '2026-03-09 06:30:00')], days: {},
  });
});
afterEach(async () => {
  await server.close();
});

const client = () => ({
  ssoBaseUrl: server.url, connectBaseUrl: server.url, consumer: { key: 'ck', secret: 'cs' },
  retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 }, sleep: async () => {},
});
const count = (line: string) => server.log.filter((l) => l === line).length;
const SIGN_IN = 'POST /sso/signin';
const EXCHANGE = 'POST /oauth-service/oauth/exchange/user/2.0';

describeEachDatabase('garmin link: MFA and tokens', ({ getDb }) => {
  async function link(code = '424242') {
    const db = getDb();
    const user = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const asked: string[] = [];
    const signIn = await signInForLink(credentials, { client: client(), mfaCode: async () => (asked.push('code'), code) });
    expect(asked).toEqual(['code']);
    expect(signIn.unreachable).toBeNull();
    await storeLink(db, user.id, {
      email: credentials.email, encryptedPassword: await encryptSecret(credentials.password), activitiesDays: 7, metricsDays: 1,
    }, signIn.tokens);
    return user.id;
  }

  it('answers the MFA challenge with the code, stores the tokens encrypted, and syncs without signing in again', async () => {
    const db = getDb();
    const userId = await link();
    expect(server.log).toContain('POST /sso/verifyMFA/loginEnterMfaCode');
    const session = await findGarminSession(db, userId);
    expect(session!.encrypted_tokens).toMatch(/^v1:/);
    for (const secret of ['tok1', 'sec1', 'access-1']) expect(session!.encrypted_tokens).not.toContain(secret);

    const signIns = count(SIGN_IN);
    // No code provider here, as in a cron job: the stored tokens are enough.
    const result = await syncGarminConnect(db, userId, { client: client(), now: NOW });
    expect(result.summary.activities.inserted).toBe(1);
    expect(count(SIGN_IN)).toBe(signIns);
    expect((await findGarminAccount(db, userId))!.is_connected).toBe(true);
  });

  it('refuses a wrong code, an expired code and a missing one in one line each; nothing is stored', async () => {
    const wrong = await signInForLink(credentials, { client: client(), mfaCode: async () => '000000' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(GarminAuthError);
    expect((wrong as Error).message).toBe('Garmin Connect refused the MFA code: run `coach garmin link` again and type the latest code');
    const expired = await signInForLink(credentials, { client: client(), mfaCode: async () => '111111' }).catch((e: unknown) => e);
    expect((expired as Error).message).toBe('the MFA code has expired: run `coach garmin link` again for a new one');
    const none = await signInForLink(credentials, { client: client() }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(GarminMfaRequiredError);
    expect((none as UserError).exitCode).toBe(ExitCode.garminRelink);
    expect(await getDb().selectFrom('garmin_session').selectAll().execute()).toEqual([]);
  });

  it('two steps for scripts: the sign-in stops at the MFA step with the SSO session, a later resume submits the code without a new one being sent', async () => {
    const first = await signInForLink(credentials, { client: client(), deferMfa: true }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(GarminMfaPendingError);
    const pending = (first as GarminMfaPendingError).pending;
    expect(pending.csrf).toBe('csrf-mfa');
    expect(pending.cookies.map(([name]) => name).sort()).toEqual(['GARMIN-MFA', 'GARMIN-SSO']);
    expect(server.mfaCodesSent()).toBe(1);
    const signIns = count(SIGN_IN);

    // A wrong code: refused, with the same session for another try.
    const wrong = await resumeLinkSignIn(credentials.email, pending, '000000', { client: client() }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(GarminMfaCodeRefusedError);
    const retry = (wrong as GarminMfaCodeRefusedError).pending;
    const resumed = await resumeLinkSignIn(credentials.email, retry, '424242', { client: client() });
    expect(resumed.tokens?.oauth2?.accessToken).toMatch(/^access-/);
    expect(server.mfaCodesSent()).toBe(1);
    expect(count(SIGN_IN)).toBe(signIns);
    // The session is used up: the same pending sign-in cannot be replayed.
    const replay = await resumeLinkSignIn(credentials.email, retry, '424242', { client: client() }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(GarminMfaCodeExpiredError);
  });

  it("a code submitted after its lifetime on Garmin's clock is expired, in one line", async () => {
    server.data.mfaCodeSeconds = 60;
    const first = (await signInForLink(credentials, { client: client(), deferMfa: true }).catch((e: unknown) => e)) as GarminMfaPendingError;
    server.advanceClock(61_000);
    const late = await resumeLinkSignIn(credentials.email, first.pending, '424242', { client: client() }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(GarminMfaCodeExpiredError);
    expect((late as Error).message).toBe('the MFA code has expired: run `coach garmin link` again for a new one');
    expect(await getDb().selectFrom('garmin_session').selectAll().execute()).toEqual([]);
  });

  it('refreshes an expired bearer token from the stored OAuth1 token, without password or code', async () => {
    const db = getDb();
    server.data.accessTokenSeconds = 0; // every bearer token is expired at once
    const userId = await link();
    const [signIns, exchanges] = [count(SIGN_IN), count(EXCHANGE)];
    await syncGarminConnect(db, userId, { client: client(), now: NOW });
    expect(count(SIGN_IN)).toBe(signIns);
    expect(count(EXCHANGE)).toBeGreaterThan(exchanges);
    const before = (await findGarminSession(db, userId))!.encrypted_tokens;
    await syncGarminConnect(db, userId, { client: client(), now: NOW });
    expect((await findGarminSession(db, userId))!.encrypted_tokens).not.toBe(before); // the new token is stored
  });

  it('revoked tokens of an MFA account: the sync stops with its own exit code and says to link again', async () => {
    const db = getDb();
    const userId = await link();
    server.revokeLogin();
    const error = await syncGarminConnect(db, userId, { client: client(), now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminRelinkError);
    expect((error as UserError).exitCode).toBe(77);
    expect((error as Error).message).toBe('Garmin Connect revoked the saved login and asks for a code: run `coach garmin link` again');
    expect(await findGarminAccount(db, userId)).toMatchObject({ is_connected: false });
    expect((await findGarminSession(db, userId))!.encrypted_tokens).toBeNull();

    // Linking again (with a code) brings it back.
    const signIn = await signInForLink(credentials, { client: client(), mfaCode: async () => '424242' });
    const account = await findGarminAccount(db, userId);
    await storeLink(db, userId, { email: account!.email, encryptedPassword: account!.encrypted_password, activitiesDays: 7, metricsDays: 1 }, signIn.tokens);
    const result = await syncGarminConnect(db, userId, { client: client(), now: NOW });
    expect(result.summary.activities.inserted).toBe(1); // the failed sync had stored nothing
    expect(await findGarminAccount(db, userId)).toMatchObject({ is_connected: true, sync_error: null });
  });

  it('an account without MFA whose tokens were revoked signs in again with the stored password', async () => {
    const db = getDb();
    server.data.mfa = false;
    const user = await insertUser(db, { email: 'bo@example.com', hashed_password: 'x' });
    const signIn = await signInForLink(credentials, { client: client() });
    await storeLink(db, user.id, { email: credentials.email, encryptedPassword: await encryptSecret(credentials.password), activitiesDays: 7, metricsDays: 1 }, signIn.tokens);
    server.revokeLogin();
    const result = await syncGarminConnect(db, user.id, { client: client(), now: NOW });
    expect(result.summary.activities.inserted).toBe(1);
    expect(count(SIGN_IN)).toBe(2);
  });
});
