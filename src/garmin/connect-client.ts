/**
 * A small Garmin Connect client over fetch (the npm clients are unmaintained). It logs in the
 * way Garmin's own apps do: SSO sign-in form (and its MFA step) -> service ticket -> OAuth1
 * token -> OAuth2 bearer token, keeps the tokens in a TokenStore (the sync's stores them
 * encrypted in the database), refreshes the bearer token from the OAuth1 token when it
 * expires, and retries rate limits (429) and server errors (5xx) with exponential backoff,
 * honouring Retry-After.
 *
 * Hosts come from GARMIN_SSO_BASE_URL / GARMIN_CONNECT_BASE_URL (default: Garmin's), so tests
 * point the client at a local server.
 */
import { checkCredentialEndpoint } from '../config/endpoints.js';
import { ExitCode, UserError } from '../errors.js';
import { oauth1Header } from './oauth1.js';

export const DEFAULT_SSO_BASE_URL = 'https://sso.garmin.com';
export const DEFAULT_CONNECT_BASE_URL = 'https://connectapi.garmin.com';
/** Where garth (the maintained Python client) publishes the consumer key Garmin's app uses. */
export const DEFAULT_OAUTH_CONSUMER_URL = 'https://thegarth.s3.amazonaws.com/oauth_consumer.json';

export class GarminAuthError extends UserError {}
/**
 * The saved login no longer works without a person: Garmin asks for an MFA code, or revoked
 * the tokens of an MFA account. Its own exit code, so a cron job can tell it apart.
 */
export class GarminRelinkError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.garminRelink);
  }
}
export class GarminMfaRequiredError extends GarminRelinkError {}

/**
 * What it takes to submit Garmin's emailed code in a later process: the SSO session's
 * cookies and the MFA form's CSRF token (secrets: the link encrypts them like the password).
 */
export interface PendingMfaLogin {
  cookies: Array<[string, string]>;
  csrf: string;
  /** When Garmin sent the code, ms since the epoch. */
  startedAt: number;
}

/** Garmin sent a code and the sign-in waits for it (client option `deferMfa`): `pending` resumes it. */
export class GarminMfaPendingError extends UserError {
  constructor(readonly pending: PendingMfaLogin) {
    super('Garmin Connect sent a security code; the sign-in waits for it');
  }
}

/** Garmin refused the code; `pending` (the same SSO session, the form's new CSRF token) takes another try. */
export class GarminMfaCodeRefusedError extends GarminAuthError {
  constructor(message: string, readonly pending: PendingMfaLogin) {
    super(message);
  }
}
export class GarminMfaCodeExpiredError extends GarminAuthError {}
export class GarminUnavailableError extends UserError {}
/** One activity's original file could not be downloaded; the sync goes on without it. */
export class GarminDownloadError extends UserError {}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ConnectClientOptions {
  ssoBaseUrl?: string;
  connectBaseUrl?: string;
  /** Consumer key/secret; else GARMIN_OAUTH_CONSUMER_KEY/SECRET; else fetched from consumerUrl. */
  consumer?: { key: string; secret: string };
  consumerUrl?: string;
  /** Where the tokens live between runs; none: kept in memory only. */
  tokenStore?: TokenStore;
  /** Asks for the MFA code when Garmin's sign-in wants one; none: GarminMfaRequiredError. */
  mfaCode?: () => Promise<string>;
  /** Without `mfaCode`: stop at Garmin's MFA step with GarminMfaPendingError (resumed by resumeMfaLogin) instead of GarminMfaRequiredError. */
  deferMfa?: boolean;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export interface GarminTokens {
  oauth1: { token: string; secret: string };
  oauth2?: { accessToken: string; expiresAt: number };
}

export interface TokenStore {
  load(): Promise<GarminTokens | undefined>;
  save(tokens: GarminTokens): Promise<void>;
  clear(): Promise<void>;
}

export function clientOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectClientOptions {
  const number = (value: string | undefined) => (value !== undefined && value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
  return {
    ssoBaseUrl: env.GARMIN_SSO_BASE_URL ? checkCredentialEndpoint(env.GARMIN_SSO_BASE_URL, 'GARMIN_SSO_BASE_URL', env) : undefined,
    connectBaseUrl: env.GARMIN_CONNECT_BASE_URL ? checkCredentialEndpoint(env.GARMIN_CONNECT_BASE_URL, 'GARMIN_CONNECT_BASE_URL', env) : undefined,
    consumer: env.GARMIN_OAUTH_CONSUMER_KEY && env.GARMIN_OAUTH_CONSUMER_SECRET
      ? { key: env.GARMIN_OAUTH_CONSUMER_KEY, secret: env.GARMIN_OAUTH_CONSUMER_SECRET }
      : undefined,
    consumerUrl: env.GARMIN_OAUTH_CONSUMER_URL ? checkCredentialEndpoint(env.GARMIN_OAUTH_CONSUMER_URL, 'GARMIN_OAUTH_CONSUMER_URL', env) : undefined,
    retry: { baseDelayMs: number(env.COACH_GARMIN_RETRY_BASE_MS), maxDelayMs: number(env.COACH_GARMIN_RETRY_MAX_MS) },
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The page Garmin's SSO answers with when the account wants a second factor. */
function isMfaPage(html: string): boolean {
  const title = html.match(/<title>([^<]*)<\/title>/i)?.[1]?.trim() ?? '';
  return /mfa|verification|two-step/i.test(title);
}

/** Keeps the low-level error under a one-line user error, for `--debug`. */
function withCause<E extends Error>(error: E, cause: unknown): E {
  error.cause = cause;
  return error;
}

/** Retry-After: seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class GarminConnectClient {
  private readonly sso: string;
  private readonly connect: string;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly cookies = new Map<string, string>();
  private tokens: GarminTokens | undefined;
  private tokensLoaded = false;
  /** One sign-in at a time: parallel requests that find the token expired wait for the same login. */
  private loggingIn: Promise<void> | null = null;
  private consumer: { key: string; secret: string } | undefined;
  /** Requests made, for tests and the progress line. */
  requests = 0;

  constructor(
    private readonly credentials: { email: string; password: string },
    private readonly options: ConnectClientOptions = {},
  ) {
    this.sso = trimSlash(options.ssoBaseUrl ?? DEFAULT_SSO_BASE_URL);
    this.connect = trimSlash(options.connectBaseUrl ?? DEFAULT_CONNECT_BASE_URL);
    this.retry = {
      retries: options.retry?.retries ?? 4,
      baseDelayMs: options.retry?.baseDelayMs ?? 1000,
      maxDelayMs: options.retry?.maxDelayMs ?? 60_000,
    };
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.consumer = options.consumer;
  }

  // ---- HTTP with retries --------------------------------------------------------------

  private async send(url: string, init: RequestInit & { headers?: Record<string, string> }, what: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        this.requests++;
        response = await this.fetchFn(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      } catch (error) {
        if (attempt >= this.retry.retries) {
          throw withCause(new GarminUnavailableError(`cannot reach Garmin Connect (${what}): ${(error as Error).message}`), error);
        }
        await this.sleep(this.backoff(attempt, null));
        continue;
      }
      this.storeCookies(response);
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) return response;
      await response.body?.cancel();
      if (attempt >= this.retry.retries) {
        throw new GarminUnavailableError(
          response.status === 429
            ? `Garmin Connect is rate-limiting requests (HTTP 429, ${what}); try again later`
            : `Garmin Connect failed with HTTP ${response.status} (${what}) after ${attempt + 1} attempts; try again later`,
        );
      }
      await this.sleep(this.backoff(attempt, retryAfterMs(response.headers.get('retry-after'))));
    }
  }

  private backoff(attempt: number, retryAfter: number | null): number {
    const exponential = this.retry.baseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
    return Math.min(this.retry.maxDelayMs, retryAfter ?? exponential);
  }

  private storeCookies(response: Response): void {
    for (const line of response.headers.getSetCookie?.() ?? []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  // ---- login --------------------------------------------------------------------------

  /** Ensures a valid bearer token: stored, refreshed from the stored OAuth1 token, or a full sign-in. */
  async login(): Promise<void> {
    if (this.tokens?.oauth2 && this.tokens.oauth2.expiresAt > Date.now() + 60_000) return;
    // A mutex: concurrent callers share one login instead of each signing in.
    this.loggingIn ??= this.doLogin().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async doLogin(): Promise<void> {
    if (!this.tokensLoaded) {
      this.tokens = await this.options.tokenStore?.load();
      this.tokensLoaded = true;
      if (this.tokens?.oauth2 && this.tokens.oauth2.expiresAt > Date.now() + 60_000) return;
    }
    if (this.tokens?.oauth1) {
      try {
        await this.exchangeForOAuth2();
        return;
      } catch (error) {
        if (!(error instanceof GarminAuthError)) throw error;
        // The OAuth1 token was revoked: forget it, and sign in again when we can without a person.
        await this.forgetTokens();
        try {
          await this.fullSignIn();
        } catch (signInError) {
          if (signInError instanceof GarminMfaRequiredError) {
            throw new GarminRelinkError('Garmin Connect revoked the saved login and asks for a code: run `coach garmin link` again');
          }
          throw signInError;
        }
        return;
      }
    }
    await this.fullSignIn();
  }

  private async fullSignIn(): Promise<void> {
    const ticket = await this.signIn();
    await this.ticketToOAuth1(ticket);
    await this.exchangeForOAuth2();
  }

  private signInParams(): URLSearchParams {
    const embed = `${this.sso}/sso/embed`;
    return new URLSearchParams({
      id: 'gauth-widget', embedWidget: 'true', gauthHost: embed, service: embed, source: embed,
      redirectAfterAccountLoginUrl: embed, redirectAfterAccountCreationUrl: embed,
    });
  }

  private async signIn(): Promise<string> {
    const params = this.signInParams();
    await this.send(`${this.sso}/sso/embed?${new URLSearchParams({ id: 'gauth-widget', embedWidget: 'true', gauthHost: `${this.sso}/sso` })}`, { headers: this.cookieHeader() }, 'sign-in page')
      .then((r) => r.body?.cancel());
    const form = await this.send(`${this.sso}/sso/signin?${params}`, { headers: this.cookieHeader() }, 'sign-in page');
    const formHtml = await form.text();
    const csrf = formHtml.match(/name="_csrf"\s+value="([^"]+)"/)?.[1];
    if (!csrf) throw new GarminUnavailableError('Garmin sign-in page changed: no CSRF token found');
    const response = await this.send(
      `${this.sso}/sso/signin?${params}`,
      {
        method: 'POST',
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', referer: `${this.sso}/sso/signin` },
        body: new URLSearchParams({ username: this.credentials.email, password: this.credentials.password, embed: 'true', _csrf: csrf }).toString(),
      },
      'sign-in',
    );
    let html = await response.text();
    if (isMfaPage(html)) html = await this.answerMfa(html, params);
    else if (response.status === 401 || response.status === 403) {
      throw new GarminAuthError('Garmin Connect rejected the email or password: run `coach garmin link` again with the right ones');
    }
    const ticket = html.match(/embed\?ticket=([^"&]+)/)?.[1];
    if (!ticket) {
      throw new GarminAuthError('Garmin Connect rejected the email or password: run `coach garmin link` again with the right ones');
    }
    return ticket;
  }

  /** Garmin's MFA step: the code (asked of the person) posted to verifyMFA; returns the page that follows. */
  private async answerMfa(mfaHtml: string, params: URLSearchParams): Promise<string> {
    const csrf = mfaHtml.match(/name="_csrf"\s+value="([^"]+)"/)?.[1];
    if (!csrf) throw new GarminUnavailableError('Garmin MFA page changed: no CSRF token found');
    if (!this.options.mfaCode) {
      if (this.options.deferMfa) throw new GarminMfaPendingError({ cookies: [...this.cookies], csrf, startedAt: Date.now() });
      throw new GarminMfaRequiredError(
        'Garmin Connect asks for a multi-factor code: run `coach garmin link` again (in a terminal, or with --mfa-code)',
      );
    }
    return this.submitMfaCode(csrf, (await this.options.mfaCode()).trim(), params);
  }

  /**
   * Finishes a sign-in that stopped at Garmin's MFA step in an earlier process: the stored SSO
   * cookies and CSRF token, the code, then the same ticket -> OAuth1 -> OAuth2 steps. Garmin
   * is not asked for a new code.
   */
  async resumeMfaLogin(pending: PendingMfaLogin, code: string): Promise<void> {
    this.cookies.clear();
    for (const [name, value] of pending.cookies) this.cookies.set(name, value);
    const html = await this.submitMfaCode(pending.csrf, code.trim(), this.signInParams(), pending.startedAt);
    const ticket = html.match(/embed\?ticket=([^"&]+)/)?.[1];
    if (!ticket) throw new GarminAuthError('Garmin Connect accepted the code but sent no sign-in ticket: run `coach garmin link` again');
    await this.ticketToOAuth1(ticket);
    await this.exchangeForOAuth2();
    this.tokensLoaded = true;
  }

  private async submitMfaCode(csrf: string, code: string, params: URLSearchParams, startedAt = Date.now()): Promise<string> {
    const response = await this.send(
      `${this.sso}/sso/verifyMFA/loginEnterMfaCode?${params}`,
      {
        method: 'POST',
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', referer: `${this.sso}/sso/signin` },
        body: new URLSearchParams({ 'mfa-code': code, embed: 'true', _csrf: csrf, fromPage: 'setupEnterMfaCode' }).toString(),
      },
      'MFA code',
    );
    const html = await response.text();
    if (/embed\?ticket=/.test(html)) return html;
    if (/expired/i.test(html)) throw new GarminMfaCodeExpiredError('the MFA code has expired: run `coach garmin link` again for a new one');
    if (response.status === 401 || response.status === 403) {
      // The SSO session behind the code is gone (Garmin ended it): only a new sign-in helps.
      throw new GarminMfaCodeExpiredError('the Garmin sign-in waiting for the code has ended: run `coach garmin link` again for a new code');
    }
    const nextCsrf = html.match(/name="_csrf"\s+value="([^"]+)"/)?.[1] ?? csrf;
    throw new GarminMfaCodeRefusedError(
      'Garmin Connect refused the MFA code: run `coach garmin link` again and type the latest code',
      { cookies: [...this.cookies], csrf: nextCsrf, startedAt },
    );
  }

  private async consumerCredentials(): Promise<{ key: string; secret: string }> {
    if (this.consumer) return this.consumer;
    const response = await this.send(this.options.consumerUrl ?? DEFAULT_OAUTH_CONSUMER_URL, {}, 'OAuth consumer');
    const body = (await response.json()) as { consumer_key?: string; consumer_secret?: string };
    if (!body.consumer_key || !body.consumer_secret) throw new GarminUnavailableError('no OAuth consumer key for Garmin Connect');
    this.consumer = { key: body.consumer_key, secret: body.consumer_secret };
    return this.consumer;
  }

  private async ticketToOAuth1(ticket: string): Promise<void> {
    const consumer = await this.consumerCredentials();
    const url = `${this.connect}/oauth-service/oauth/preauthorized?${new URLSearchParams({
      ticket, 'login-url': `${this.sso}/sso/embed`, 'accepts-mfa-tokens': 'true',
    })}`;
    const response = await this.send(url, {
      headers: { authorization: oauth1Header('GET', url, { consumerKey: consumer.key, consumerSecret: consumer.secret }) },
    }, 'OAuth1 token');
    if (!response.ok) throw new GarminAuthError(`Garmin Connect refused the sign-in ticket (HTTP ${response.status})`);
    const body = new URLSearchParams(await response.text());
    const token = body.get('oauth_token');
    const secret = body.get('oauth_token_secret');
    if (!token || !secret) throw new GarminUnavailableError('Garmin Connect returned no OAuth1 token');
    this.tokens = { oauth1: { token, secret } };
  }

  private async exchangeForOAuth2(): Promise<void> {
    const consumer = await this.consumerCredentials();
    const oauth1 = this.tokens!.oauth1;
    const url = `${this.connect}/oauth-service/oauth/exchange/user/2.0`;
    const response = await this.send(url, {
      method: 'POST',
      headers: {
        authorization: oauth1Header('POST', url, { consumerKey: consumer.key, consumerSecret: consumer.secret, token: oauth1.token, tokenSecret: oauth1.secret }),
        'content-type': 'application/x-www-form-urlencoded',
      },
    }, 'OAuth2 token');
    if (response.status === 401 || response.status === 403) throw new GarminAuthError('Garmin Connect refused the saved login');
    if (!response.ok) throw new GarminUnavailableError(`Garmin Connect token exchange failed (HTTP ${response.status})`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new GarminUnavailableError('Garmin Connect returned no access token');
    this.tokens = { ...this.tokens!, oauth2: { accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 } };
    await this.options.tokenStore?.save(this.tokens);
  }

  /** The tokens of the last login (for `coach garmin link` to store). */
  currentTokens(): GarminTokens | undefined {
    return this.tokens;
  }

  async forgetTokens(): Promise<void> {
    this.tokens = undefined;
    await this.options.tokenStore?.clear();
  }

  // ---- API ----------------------------------------------------------------------------

  /** GET a Connect API path with the bearer token; null for "no data" (204/404). Re-logs in once on 401. */
  private authorizedGet(path: string, query: Record<string, string | number>, accept: string): Promise<Response | null> {
    return this.authorizedRequest('GET', path, query, accept);
  }

  /**
   * A Connect API request with the bearer token (and a JSON body, for writes), through the
   * same retries (429/5xx) and re-login on 401 as every read; null for 404 (and 204 to a GET).
   */
  private async authorizedRequest(method: string, path: string, query: Record<string, string | number>, accept: string, body?: unknown): Promise<Response | null> {
    await this.login();
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const url = `${this.connect}${path}${qs.size ? `?${qs}` : ''}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const used = this.tokens!.oauth2!.accessToken;
      const headers: Record<string, string> = { authorization: `Bearer ${used}`, accept };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await this.send(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, path);
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        // Forget the refused token only if no parallel request has replaced it already:
        // otherwise every request that met the old token would throw the new one away too.
        if (this.tokens?.oauth2?.accessToken === used) this.tokens = { ...this.tokens, oauth2: undefined };
        await this.login();
        continue;
      }
      // A write answered 204 succeeded (Connect's PUT does that); a read answered 204 has no data.
      if (response.status === 404 || (response.status === 204 && method === 'GET')) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) {
        await response.body?.cancel();
        if (response.status === 401 || response.status === 403) throw new GarminAuthError(`Garmin Connect refused access to ${path} (HTTP ${response.status})`);
        throw new GarminUnavailableError(`Garmin Connect answered HTTP ${response.status} for ${path}`);
      }
      return response;
    }
    throw new GarminAuthError('Garmin Connect keeps refusing the login');
  }

  /** GET a Connect API path as JSON; null for "no data" (204/404). Re-logs in once on 401. */
  async getJson<T>(path: string, query: Record<string, string | number> = {}): Promise<T | null> {
    const response = await this.authorizedGet(path, query, 'application/json');
    if (!response) return null;
    const text = await response.text();
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw withCause(new GarminUnavailableError(`Garmin Connect sent something that is not JSON for ${path}`), error);
    }
  }

  /**
   * The original file of an activity as Connect stores it (a zip holding the FIT file), or
   * null when Connect has none (a manual entry). A connection cut mid-body throws
   * GarminDownloadError, which the sync counts against this activity alone.
   */
  async downloadActivityFile(activityId: string): Promise<Uint8Array | null> {
    const path = `/download-service/files/activity/${encodeURIComponent(activityId)}`;
    const response = await this.authorizedGet(path, {}, 'application/octet-stream, application/zip');
    if (!response) return null;
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw withCause(new GarminDownloadError(`the download was cut off (${(error as Error).message})`), error);
    }
  }

  /**
   * A write to the Connect API (POST/PUT/DELETE) with a JSON body; the answer's JSON, {} for
   * an empty answer, null when Connect has no such thing (404: e.g. deleted in Connect).
   */
  async sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
    const response = await this.authorizedRequest(method, path, {}, 'application/json', body);
    if (!response) return method === 'DELETE' ? ({} as T) : null;
    const text = await response.text();
    if (!text.trim()) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw withCause(new GarminUnavailableError(`Garmin Connect sent something that is not JSON for ${path}`), error);
    }
  }

  async displayName(): Promise<string> {
    const profile = await this.getJson<{ displayName?: string }>('/userprofile-service/socialProfile');
    if (!profile?.displayName) throw new GarminUnavailableError('Garmin Connect returned no profile');
    return profile.displayName;
  }

  /** The account's settings (`userData`: gender, weight, units ...); null when Connect has none. */
  async userSettings(): Promise<Record<string, unknown> | null> {
    return this.getJson<Record<string, unknown>>('/userprofile-service/userprofile/user-settings');
  }

  /** Activity summaries started between the dates (inclusive), all pages. */
  async *activities(from: string, to: string, pageSize = 100): AsyncGenerator<Array<Record<string, unknown>>> {
    for (let start = 0; ; start += pageSize) {
      const page = await this.getJson<Array<Record<string, unknown>>>('/activitylist-service/activities/search/activities', {
        startDate: from, endDate: to, start, limit: pageSize,
      });
      if (!Array.isArray(page) || page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
    }
  }

  sleepData(displayName: string, date: string) {
    return this.getJson<Record<string, unknown>>(`/wellness-service/wellness/dailySleepData/${encodeURIComponent(displayName)}`, { date, nonSleepBufferMinutes: 60 });
  }
  hrv(date: string) {
    return this.getJson<Record<string, unknown>>(`/hrv-service/hrv/${date}`);
  }
  dailySummary(displayName: string, date: string) {
    return this.getJson<Record<string, unknown>>(`/usersummary-service/usersummary/daily/${encodeURIComponent(displayName)}`, { calendarDate: date });
  }
  trainingReadiness(date: string) {
    return this.getJson<Array<Record<string, unknown>>>(`/metrics-service/metrics/trainingreadiness/${date}`);
  }
  maxMet(from: string, to: string) {
    return this.getJson<Array<Record<string, unknown>>>(`/metrics-service/metrics/maxmet/daily/${from}/${to}`);
  }
  /** Training status, acute/chronic load and load focus of a day (python-garminconnect's get_training_status). */
  trainingStatus(date: string) {
    return this.getJson<Record<string, unknown>>(`/metrics-service/metrics/trainingstatus/aggregated/${date}`);
  }
  /** Garmin's 5 km / 10 km / half / marathon predictions for each day of a range (at most a year). */
  racePredictions(displayName: string, from: string, to: string) {
    return this.getJson<Array<Record<string, unknown>>>(`/metrics-service/metrics/racepredictions/daily/${encodeURIComponent(displayName)}`, {
      fromCalendarDate: from, toCalendarDate: to,
    });
  }
}
