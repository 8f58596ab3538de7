import { UserError } from '../errors.js';

/**
 * Settings read from the real environment only, never from a `.env` file: the endpoints
 * that receive credentials (Garmin's sign-in gets the decrypted Garmin password, Connect the
 * OAuth tokens, the model providers' base URLs the API keys) and the test switch below. A
 * `.env` lies in whatever folder coach runs from (a cloned repository, a shared folder), so
 * it must not be able to send a password elsewhere.
 */
export const ENVIRONMENT_ONLY = [
  'GARMIN_SSO_BASE_URL',
  'GARMIN_CONNECT_BASE_URL',
  'GARMIN_OAUTH_CONSUMER_URL',
  'ANTHROPIC_BASE_URL',
  'OPENAI_BASE_URL',
  'GOOGLE_BASE_URL',
  'COACH_TEST_INSECURE_ENDPOINTS',
] as const;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A Garmin endpoint from the environment: https only. The test suite's local fake Garmin
 * speaks plain http on 127.0.0.1; `COACH_TEST_INSECURE_ENDPOINTS=1` (environment only)
 * allows that, and only on loopback.
 */
export function checkCredentialEndpoint(value: string, name: string, env: NodeJS.ProcessEnv = process.env): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(`${name} is not a URL: "${value.slice(0, 60)}"`);
  }
  if (url.username || url.password) throw new UserError(`${name} must not contain a user name or password`);
  if (url.protocol === 'https:') return value.trim();
  if (url.protocol === 'http:' && env.COACH_TEST_INSECURE_ENDPOINTS === '1' && LOOPBACK.test(url.hostname)) return value.trim();
  throw new UserError(`${name} must be an https:// URL (it receives your Garmin credentials), got "${url.protocol}//${url.host}"`);
}
