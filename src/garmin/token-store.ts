/**
 * The Garmin OAuth tokens kept in the database (table garmin_session), encrypted like the
 * password (src/garmin/credential-crypto.ts): the tokens are a login, so they get the same
 * protection. Every token is registered as a secret the moment it is read or made, so it is
 * redacted from any message or log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { clearGarminTokens, findGarminSession, saveGarminTokens } from '../db/garmin-sessions.repository.js';
import { registerSecret } from '../security/secrets.js';
import type { GarminTokens, TokenStore } from './connect-client.js';
import { decryptSecret, encryptSecret } from './credential-crypto.js';

function registerTokens(tokens: GarminTokens): void {
  registerSecret(tokens.oauth1.token);
  registerSecret(tokens.oauth1.secret);
  if (tokens.oauth2) registerSecret(tokens.oauth2.accessToken);
}

/** Tokens as stored: the envelope and the (non-secret) expiry of the bearer token. */
export async function sealTokens(tokens: GarminTokens): Promise<{ encrypted: string; accessExpiresAt: Date | null }> {
  registerTokens(tokens);
  return {
    encrypted: await encryptSecret(JSON.stringify(tokens)),
    accessExpiresAt: tokens.oauth2 ? new Date(tokens.oauth2.expiresAt) : null,
  };
}

export function databaseTokenStore(db: Kysely<Database>, userId: string): TokenStore {
  return {
    async load() {
      const row = await findGarminSession(db, userId);
      if (!row?.encrypted_tokens) return undefined;
      const tokens = JSON.parse(await decryptSecret(row.encrypted_tokens)) as GarminTokens;
      if (!tokens?.oauth1?.token || !tokens.oauth1.secret) return undefined;
      registerTokens(tokens);
      return tokens;
    },
    async save(tokens) {
      await saveGarminTokens(db, userId, await sealTokens(tokens));
    },
    async clear() {
      await clearGarminTokens(db, userId);
    },
  };
}
