import { type Kysely, sql } from 'kysely';

/**
 * `garmin_session`: what coach holds of a Garmin Connect login besides the seed's
 * `garminaccount` row, one row per account (deleted with it):
 * - `encrypted_tokens`: the OAuth1 token and the current OAuth2 bearer token as one
 *   AES-256-GCM envelope (src/garmin/credential-crypto.ts, like the password), so a nightly
 *   sync needs neither the password nor an MFA code;
 * - `access_expires_at`: when the bearer token expires (not secret; lets status show it);
 * - `sync_progress`: where an interrupted sync stopped, so the next one resumes there.
 * A table of its own because a web app shares the seed tables exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE garmin_session (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    garmin_account_id uuid NOT NULL,
    encrypted_tokens varchar,
    access_expires_at timestamptz,
    sync_progress jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT garmin_session_pkey PRIMARY KEY (id),
    CONSTRAINT garmin_session_garmin_account_id_fkey FOREIGN KEY (garmin_account_id) REFERENCES garminaccount (id) ON DELETE CASCADE
  )`.execute(db);
  // One row per account; also the index of the foreign key.
  await sql`CREATE UNIQUE INDEX ux_garmin_session_garmin_account_id ON garmin_session (garmin_account_id)`.execute(db);
  await sql`CREATE TRIGGER garmin_session_set_updated_at BEFORE UPDATE ON garmin_session
    FOR EACH ROW EXECUTE FUNCTION coach_set_updated_at()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS garmin_session`.execute(db);
}
