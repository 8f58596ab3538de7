import type { Selectable } from 'kysely';
import type { NullableJsonb, NullableTimestamp, Timestamps, UuidPk } from './common.js';

/** `garmin_session` (migration 0007): the OAuth tokens and sync progress of a Garmin account. */
export interface GarminSessionTable extends Timestamps {
  id: UuidPk;
  garmin_account_id: string;
  /** AES-256-GCM envelope of the tokens' JSON (src/garmin/credential-crypto.ts). Never plaintext. */
  encrypted_tokens: string | null;
  access_expires_at: NullableTimestamp;
  /** Where an interrupted sync stopped (src/garmin/sync-service.ts). */
  sync_progress: NullableJsonb<unknown>;
}
export type GarminSessionRow = Selectable<GarminSessionTable>;
