import type { Insertable, Selectable, Updateable } from 'kysely';
import type { NullableTimestamp, Timestamps, UuidPk, WithDefault } from './common.js';

/** `garminaccount`: one Garmin Connect login per user (1:1). */
export interface GarminAccountTable extends Timestamps {
  id: UuidPk;
  user_id: string;
  email: string;
  /** AES-256-GCM envelope, see src/garmin/credential-crypto.ts. Never the plaintext. */
  encrypted_password: string;
  is_connected: WithDefault<boolean>;
  last_sync: NullableTimestamp;
  sync_error: string | null;
  /** Strings in the seed schema (the web app's choice); they hold whole numbers of days. */
  activities_days: string | null;
  metrics_days: string | null;
}
export type GarminAccountRow = Selectable<GarminAccountTable>;
export type NewGarminAccountRow = Insertable<GarminAccountTable>;
export type GarminAccountUpdate = Updateable<GarminAccountTable>;
