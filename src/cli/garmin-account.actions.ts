import { readCurrentUser } from '../config/current-user.js';
import { ExitCode, UserError } from '../errors.js';
import { registerSecret } from '../security/secrets.js';
import { parseEmail, parsePositiveDays } from '../validation/index.js';
import { withUser } from './context.js';
import { askPassword, askText, messageOf, readPasswordFromStdin } from './init.prompts.js';
import { colour, isInteractive, print, printJson, printTable, say } from './output.js';

/** Days of history extracted when neither a flag nor an earlier link says otherwise (the trainingconfig defaults). */
const DEFAULT_ACTIVITIES_DAYS = 21;
const DEFAULT_METRICS_DAYS = 56;

export interface LinkOptions {
  email?: string;
  passwordStdin?: boolean;
  activitiesDays?: string;
  metricsDays?: string;
  /** The code of Garmin's MFA step, for scripts (in a terminal coach asks when Garmin does). */
  mfaCode?: string;
}

/**
 * `coach garmin link`: signs in to Garmin Connect (asking for the MFA code when Garmin does),
 * then stores the login, the password and the OAuth tokens encrypted
 * (src/garmin/credential-crypto.ts). Everything is validated before the password is read,
 * and the plaintext is registered as a secret the moment it exists.
 */
export async function link(options: LinkOptions): Promise<void> {
  const activitiesDays = options.activitiesDays === undefined ? undefined : parsePositiveDays(options.activitiesDays, '--activities-days');
  const metricsDays = options.metricsDays === undefined ? undefined : parsePositiveDays(options.metricsDays, '--metrics-days');
  const mfaCode = options.mfaCode === undefined ? undefined : parseMfaCode(options.mfaCode);
  // Fail before asking for a password when nobody is logged in (withUser checks again).
  const coachUser = readCurrentUser();
  if (!coachUser) throw new UserError('no current user: run `coach init` (or `coach login --email ...`) first');
  const interactive = isInteractive();

  // `--mfa-code` alone: finish the sign-in an earlier run left waiting for Garmin's code.
  if (mfaCode !== undefined && options.email === undefined && !options.passwordStdin) {
    const { loadPendingLink } = await import('../garmin/pending-link-store.js');
    const pending = await loadPendingLink(coachUser.email);
    if (pending === 'expired') {
      throw new UserError('the Garmin sign-in waiting for a code has expired: run `coach garmin link --email EMAIL --password-stdin` again for a new code');
    }
    if (pending) return resumeLink(pending, mfaCode, { activitiesDays, metricsDays });
    if (!interactive) {
      throw new UserError('no Garmin sign-in is waiting for a code: run `coach garmin link --email EMAIL --password-stdin` first');
    }
  }

  let email = options.email;
  if (email === undefined) {
    if (!interactive) throw new UserError('--email is required when coach is not running in a terminal');
    email = await askText('Garmin Connect email:', { required: true, validate: messageOf((v) => parseEmail(v)) });
  }
  email = parseEmail(email, '--email');

  let password: string;
  if (options.passwordStdin) password = await readPasswordFromStdin();
  else if (interactive) password = await askPassword('Garmin Connect password:');
  else throw new UserError('--password-stdin is required when coach is not running in a terminal');
  registerSecret(password);
  if (password.trim() === '') throw new UserError('the Garmin password must not be empty');

  const [{ encryptSecret }, { signInForLink }] = await Promise.all([
    import('../garmin/credential-crypto.js'),
    import('../garmin/link-service.js'),
  ]);
  // Encrypt (and create the key file if needed) before opening the database.
  const encryptedPassword = await encryptSecret(password);
  const askMfa = mfaCode !== undefined
    ? async () => mfaCode
    : interactive
      ? async () => parseMfaCode(await askText('Garmin sent a security code (email or text message); code:', { required: true, validate: messageOf(parseMfaCode) }))
      : undefined;
  const [{ GarminMfaPendingError }, { clearPendingLink, savePendingLink, PENDING_LINK_LIFETIME_MS }] = await Promise.all([
    import('../garmin/connect-client.js'),
    import('../garmin/pending-link-store.js'),
  ]);
  let signIn: Awaited<ReturnType<typeof signInForLink>>;
  try {
    // A script without a code: Garmin's code goes out now and the sign-in waits for it (deferMfa).
    signIn = await signInForLink({ email, password }, { mfaCode: askMfa, deferMfa: askMfa === undefined });
  } catch (error) {
    if (!(error instanceof GarminMfaPendingError)) throw error;
    await savePendingLink({
      coachUser: coachUser.email, email, encryptedPassword, activitiesDays, metricsDays,
      login: error.pending, expiresAt: error.pending.startedAt + PENDING_LINK_LIFETIME_MS,
    });
    throw new UserError(
      `Garmin sent a security code for ${email}: run \`coach garmin link --mfa-code CODE\` within ${PENDING_LINK_LIFETIME_MS / 60_000} minutes`,
      ExitCode.garminMfaPending,
    );
  }
  clearPendingLink(coachUser.email);
  await finishLink({ email, encryptedPassword, activitiesDays, metricsDays }, signIn);
}

/** Stores the account with the sign-in's tokens (or none, Garmin unreachable) and says so. */
async function finishLink(
  link: { email: string; encryptedPassword: string; activitiesDays?: number; metricsDays?: number },
  signIn: { tokens: import('../garmin/connect-client.js').GarminTokens | null; unreachable: string | null },
): Promise<void> {
  const [{ findGarminAccount }, { storeLink }] = await Promise.all([import('../db/garmin-accounts.repository.js'), import('../garmin/link-service.js')]);
  const account = await withUser(async ({ db, user }) => {
    const previous = await findGarminAccount(db, user.id);
    return storeLink(db, user.id, {
      email: link.email,
      encryptedPassword: link.encryptedPassword,
      activitiesDays: link.activitiesDays ?? daysOr(previous?.activities_days, DEFAULT_ACTIVITIES_DAYS),
      metricsDays: link.metricsDays ?? daysOr(previous?.metrics_days, DEFAULT_METRICS_DAYS),
    }, signIn.tokens);
  }, 'coach garmin link');
  const days = `${account.activities_days} days of activities, ${account.metrics_days} days of metrics`;
  say(
    signIn.tokens
      ? `${colour.green('linked')} Garmin Connect account ${account.email}: signed in (password and login tokens encrypted; ${days}).`
      : `${colour.green('linked')} Garmin Connect account ${account.email} (password encrypted; ${days}). ` +
          `Garmin Connect could not be reached (${signIn.unreachable}): the login is tried at the next \`coach garmin sync\`.`,
  );
}

/**
 * The second run of a two-step link: the code against the stored SSO session. A refused code
 * keeps the waiting sign-in for another try; an expired one removes it. The account is stored
 * only once Garmin accepted the code.
 */
async function resumeLink(
  pending: import('../garmin/pending-link-store.js').PendingLink,
  code: string,
  flags: { activitiesDays?: number; metricsDays?: number },
): Promise<void> {
  const [{ resumeLinkSignIn }, { GarminMfaCodeExpiredError, GarminMfaCodeRefusedError }, { clearPendingLink, savePendingLink }] = await Promise.all([
    import('../garmin/link-service.js'),
    import('../garmin/connect-client.js'),
    import('../garmin/pending-link-store.js'),
  ]);
  let signIn: Awaited<ReturnType<typeof resumeLinkSignIn>>;
  try {
    signIn = await resumeLinkSignIn(pending.email, pending.login, code);
  } catch (error) {
    if (error instanceof GarminMfaCodeRefusedError) {
      await savePendingLink({ ...pending, login: error.pending });
      throw new UserError('Garmin Connect refused the MFA code: run `coach garmin link --mfa-code CODE` again with the latest code');
    }
    if (error instanceof GarminMfaCodeExpiredError) {
      clearPendingLink(pending.coachUser);
      throw new UserError(`${error.message.replace(/: run .*$/, '')}: run \`coach garmin link --email EMAIL --password-stdin\` again for a new code`);
    }
    throw error;
  }
  if (!signIn.tokens) {
    // Garmin unreachable: the code may still be good; keep the waiting sign-in.
    throw new UserError(`Garmin Connect could not be reached (${signIn.unreachable}): run \`coach garmin link --mfa-code CODE\` again`);
  }
  await finishLink({
    email: pending.email,
    encryptedPassword: pending.encryptedPassword,
    activitiesDays: flags.activitiesDays ?? pending.activitiesDays,
    metricsDays: flags.metricsDays ?? pending.metricsDays,
  }, signIn);
  clearPendingLink(pending.coachUser);
}

/** Garmin's security codes are digits (6 today); anything else is a typo, refused before signing in. */
function parseMfaCode(text: string): string {
  const code = text.trim();
  if (!/^\d{4,10}$/.test(code)) throw new UserError('--mfa-code: the code Garmin sent is digits only, e.g. 123456');
  return code;
}

function daysOr(stored: string | null | undefined, fallback: number): number {
  const days = Number(stored);
  return Number.isSafeInteger(days) && days > 0 ? days : fallback;
}

export interface GarminStatus {
  linked: boolean;
  connected: boolean;
  email: string | null;
  lastSync: string | null;
  lastError: string | null;
  activitiesDays: number | null;
  metricsDays: number | null;
}

export async function status(options: { json?: boolean }): Promise<void> {
  const { findGarminAccount } = await import('../db/garmin-accounts.repository.js');
  const garmin: GarminStatus = await withUser(async ({ db, user }) => {
    const row = await findGarminAccount(db, user.id);
    if (!row) return { linked: false, connected: false, email: null, lastSync: null, lastError: null, activitiesDays: null, metricsDays: null };
    return {
      linked: true,
      connected: row.is_connected,
      email: row.email,
      lastSync: row.last_sync ? new Date(row.last_sync).toISOString() : null,
      lastError: row.sync_error,
      activitiesDays: row.activities_days === null ? null : Number(row.activities_days),
      metricsDays: row.metrics_days === null ? null : Number(row.metrics_days),
    };
  }, 'coach garmin status');
  if (options.json) {
    printJson({ garmin });
    return;
  }
  if (!garmin.linked) {
    print('Garmin Connect: not linked (run coach garmin link)');
    return;
  }
  await printTable(
    ['field', 'value'],
    [
      ['connected', garmin.connected ? 'yes' : 'no'],
      ['email', garmin.email],
      ['last sync', garmin.lastSync ?? 'never'],
      ['last error', garmin.lastError ?? ''],
      ['activities days', garmin.activitiesDays],
      ['metrics days', garmin.metricsDays],
    ],
  );
}

export async function unlink(): Promise<void> {
  const { deleteGarminAccount } = await import('../db/garmin-accounts.repository.js');
  const removed = await withUser(({ db, user }) => deleteGarminAccount(db, user.id), 'coach garmin unlink');
  say(removed ? 'unlinked: the Garmin Connect login and its encrypted password are deleted' : 'no Garmin Connect account was linked');
}
