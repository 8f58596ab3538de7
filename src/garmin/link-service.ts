/**
 * `coach garmin link`: signs in to Garmin Connect once, with a person at hand for the MFA
 * step, and keeps the OAuth tokens it gets (encrypted, table garmin_session) beside the
 * encrypted password, so later syncs (cron included) need neither the password nor a code.
 * The sign-in happens before the database is opened: nothing is held while Garmin or the
 * person takes their time, and a refused login stores nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { markGarminConnected, upsertGarminAccount, type GarminAccountInput } from '../db/garmin-accounts.repository.js';
import { clearGarminTokens, saveGarminTokens } from '../db/garmin-sessions.repository.js';
import type { GarminAccountRow } from '../db/tables/garmin-account.table.js';
import { inTransaction } from '../db/in-transaction.js';
import {
  clientOptionsFromEnv, GarminConnectClient, GarminUnavailableError, type ConnectClientOptions, type GarminTokens, type PendingMfaLogin,
} from './connect-client.js';
import { sealTokens } from './token-store.js';
import { UserError } from '../errors.js';
import { redact } from '../security/secrets.js';

export interface SignInOutcome {
  tokens: GarminTokens | null;
  /** Why there are no tokens when Garmin could not be reached (the link is kept; sync signs in later). */
  unreachable: string | null;
}

/**
 * Signs in (answering the MFA step through `mfaCode` when Garmin asks). A wrong password or
 * a refused, expired or missing code throws a one-line UserError; Garmin being unreachable
 * is an outcome, not an error.
 */
export async function signInForLink(
  credentials: { email: string; password: string },
  options: { mfaCode?: () => Promise<string>; deferMfa?: boolean; client?: ConnectClientOptions } = {},
): Promise<SignInOutcome> {
  const client = linkClient(credentials, options.client, { mfaCode: options.mfaCode, deferMfa: options.deferMfa });
  return signedIn(() => client.login(), client);
}

/**
 * The second half of a sign-in that stopped at Garmin's MFA step (GarminMfaPendingError in
 * an earlier process): the code against the stored SSO session, then the tokens. A refused
 * code throws GarminMfaCodeRefusedError (with the session for another try), an expired one
 * GarminMfaCodeExpiredError; Garmin being unreachable is an outcome, as for signInForLink.
 */
export async function resumeLinkSignIn(
  email: string,
  pending: PendingMfaLogin,
  code: string,
  options: { client?: ConnectClientOptions } = {},
): Promise<SignInOutcome> {
  // The password is not needed to submit a code: the SSO session carries the sign-in.
  const client = linkClient({ email, password: '' }, options.client, {});
  return signedIn(() => client.resumeMfaLogin(pending, code), client);
}

function linkClient(
  credentials: { email: string; password: string },
  overrides: ConnectClientOptions | undefined,
  mfa: Pick<ConnectClientOptions, 'mfaCode' | 'deferMfa'>,
): GarminConnectClient {
  const fromEnv = clientOptionsFromEnv();
  return new GarminConnectClient(credentials, {
    ...fromEnv,
    // A person is waiting: one quick retry rather than a minute of backoff.
    retry: { retries: 1, baseDelayMs: fromEnv.retry?.baseDelayMs ?? 500, maxDelayMs: fromEnv.retry?.maxDelayMs ?? 5000 },
    ...overrides,
    ...mfa,
  });
}

async function signedIn(run: () => Promise<void>, client: GarminConnectClient): Promise<SignInOutcome> {
  try {
    await run();
    return { tokens: client.currentTokens() ?? null, unreachable: null };
  } catch (error) {
    if (error instanceof GarminUnavailableError) return { tokens: null, unreachable: error.message };
    if (error instanceof UserError) throw error;
    // Anything else is one line too; the original stays as the cause for --debug.
    const failure = new UserError(`Garmin sign-in failed: ${redact(error instanceof Error ? error.message : String(error))}`);
    failure.cause = error;
    throw failure;
  }
}

/** Stores the account and its tokens together (re-linking replaces both). */
export async function storeLink(
  db: Kysely<Database>,
  userId: string,
  account: GarminAccountInput,
  tokens: GarminTokens | null,
): Promise<GarminAccountRow> {
  const sealed = tokens ? await sealTokens(tokens) : null;
  return inTransaction(db, async (trx) => {
    const row = await upsertGarminAccount(trx, userId, account);
    if (!sealed) {
      await clearGarminTokens(trx, userId);
      return row;
    }
    await saveGarminTokens(trx, userId, sealed);
    // The sign-in with these credentials just succeeded: connected.
    await markGarminConnected(trx, userId);
    return { ...row, is_connected: true };
  });
}
