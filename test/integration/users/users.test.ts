import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  deleteGarminAccount,
  findGarminAccount,
  recordSyncOutcome,
  upsertGarminAccount,
} from '../../../src/db/garmin-accounts.repository.js';
import { findActiveConfig, listConfigs } from '../../../src/db/training-configs.repository.js';
import {
  countUsers,
  findUserByEmail,
  findUserById,
  updatePasswordHash,
  updateUserProfile,
} from '../../../src/db/users.repository.js';
import { UserError } from '../../../src/errors.js';
import { decryptWithKey, encryptWithKey } from '../../../src/garmin/credential-crypto.js';
import { registerSecret } from '../../../src/security/secrets.js';
import { createUser, FIRST_CONFIG_NAME, verifyLogin, WRONG_LOGIN_MESSAGE } from '../../../src/users/user-service.js';
import { describeEachDatabase } from '../../support/databases.js';

const KEY = randomBytes(32);
const ana = { email: 'Ana@Example.com', fullName: 'Ana Runner', password: 'sup3r-secret-pw' };
const ben = { email: 'ben@example.com', fullName: 'Ben Rider', password: 'another-long-pw' };

describeEachDatabase('users and Garmin accounts', ({ getDb }) => {
  async function counts() {
    const db = getDb();
    const count = async (table: 'user' | 'trainingconfig' | 'garminaccount') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { users: await count('user'), configs: await count('trainingconfig'), garmin: await count('garminaccount') };
  }

  it('creates a user with an argon2id hash, inactive and unverified, and an active "main" config with defaults', async () => {
    const db = getDb();
    const { user, configId } = await createUser(db, {
      ...ana,
      athleteContext: 'Masters runner, 10 years of marathons',
      planningContext: 'At most 8 hours a week',
    });
    expect(user).toMatchObject({
      email: 'ana@example.com',
      fullName: 'Ana Runner',
      isActive: false,
      isVerified: false,
      athleteContext: 'Masters runner, 10 years of marathons',
      planningContext: 'At most 8 hours a week',
    });
    expect(Object.keys(user)).not.toContain('hashedPassword');
    expect(JSON.stringify(user)).not.toContain('argon2');

    const row = await findUserById(db, user.id);
    expect(row?.hashed_password).toMatch(/^\$argon2id\$v=19\$/);
    expect(row?.hashed_password).not.toContain(ana.password);

    const active = await findActiveConfig(db, user.id);
    expect(active).toMatchObject({
      id: configId,
      name: FIRST_CONFIG_NAME,
      is_active: true,
      activities_days: 21,
      metrics_days: 56,
      ai_mode: 'standard',
      enable_plotting: true,
      hitl_enabled: true,
      skip_synthesis: false,
      output_directory: null,
    });
    expect(await countUsers(db)).toBe(1);
  });

  it('verifies logins: right password (any email case) yes; wrong password and unknown email get the same message', async () => {
    const db = getDb();
    const { user } = await createUser(db, ana);
    expect((await verifyLogin(db, '  ANA@example.COM ', ana.password)).id).toBe(user.id);
    for (const [email, password] of [
      [ana.email, 'sup3r-secret-pW'],
      [ana.email, ''],
      ['nobody@example.com', ana.password],
      ['', ana.password],
    ]) {
      const error = await verifyLogin(db, email, password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(WRONG_LOGIN_MESSAGE);
      expect((error as UserError).exitCode).toBe(1);
    }
  });

  it('refuses a duplicate email (any case) and writes nothing', async () => {
    const db = getDb();
    await createUser(db, ana);
    const before = await counts();
    await expect(createUser(db, { ...ben, email: 'ANA@EXAMPLE.COM' })).rejects.toThrow(/an account for ana@example.com already exists/);
    expect(await counts()).toEqual(before);
    // The first account is untouched: its password still works, the other one does not.
    await expect(verifyLogin(db, ana.email, ben.password)).rejects.toThrow(WRONG_LOGIN_MESSAGE);
    expect((await verifyLogin(db, ana.email, ana.password)).fullName).toBe('Ana Runner');
  });

  it('writes nothing for invalid input', async () => {
    const db = getDb();
    await expect(createUser(db, { ...ana, email: 'not-an-email' })).rejects.toThrow(/email: not an email address/);
    await expect(createUser(db, { ...ana, password: 'short' })).rejects.toThrow(/password: needs at least 8 characters/);
    await expect(createUser(db, { ...ana, password: '' })).rejects.toThrow(/password: must not be empty/);
    await expect(createUser(db, { ...ana, fullName: '' })).rejects.toThrow(/name: must not be empty/);
    expect(await counts()).toEqual({ users: 0, configs: 0, garmin: 0 });
  });

  it('rolls the user back when creating its training config fails (one transaction)', async () => {
    const db = getDb();
    // A trigger makes the config insert fail after the user insert has succeeded.
    await sql`create or replace function coach_test_fail_config() returns trigger language plpgsql as $$
      begin raise exception 'config insert refused by test'; end; $$`.execute(db);
    await sql`create trigger coach_test_fail_config before insert on trainingconfig
      for each row execute function coach_test_fail_config()`.execute(db);
    try {
      await expect(createUser(db, ana)).rejects.toThrow(/config insert refused by test/);
      expect(await counts()).toEqual({ users: 0, configs: 0, garmin: 0 });
      expect(await findUserByEmail(db, ana.email)).toBeUndefined();
    } finally {
      await sql`drop trigger if exists coach_test_fail_config on trainingconfig`.execute(db);
      await sql`drop function if exists coach_test_fail_config()`.execute(db);
    }
    // With the fault gone the same registration succeeds.
    await createUser(db, ana);
    expect(await counts()).toEqual({ users: 1, configs: 1, garmin: 0 });
  });

  it('links, re-links, records sync outcomes and unlinks a Garmin account', async () => {
    const db = getDb();
    const { user } = await createUser(db, ana);
    const encrypted = encryptWithKey('garmin-pw-1', KEY);
    const linked = await upsertGarminAccount(db, user.id, {
      email: 'ana.g@example.com',
      encryptedPassword: encrypted,
      activitiesDays: 30,
      metricsDays: 90,
    });
    expect(linked).toMatchObject({
      user_id: user.id,
      email: 'ana.g@example.com',
      is_connected: false,
      last_sync: null,
      sync_error: null,
      activities_days: '30',
      metrics_days: '90',
    });
    expect(linked.encrypted_password).not.toContain('garmin-pw-1');
    expect(decryptWithKey(linked.encrypted_password, KEY)).toBe('garmin-pw-1');

    const syncedAt = new Date('2026-11-20T05:00:00Z');
    const ok = await recordSyncOutcome(db, user.id, { ok: true, at: syncedAt });
    expect(ok?.last_sync?.toISOString()).toBe(syncedAt.toISOString());
    expect(ok?.sync_error).toBeNull();

    const failed = await recordSyncOutcome(db, user.id, { ok: false, error: 'HTTP 429 from Garmin', at: new Date('2026-11-21T05:00:00Z') });
    expect(failed?.sync_error).toBe('HTTP 429 from Garmin');
    expect(failed?.last_sync?.toISOString()).toBe(syncedAt.toISOString());

    // A secret in an error message is redacted before it is stored.
    registerSecret('garmin-pw-1');
    const leaky = await recordSyncOutcome(db, user.id, { ok: false, error: 'login failed for garmin-pw-1', at: new Date() });
    expect(leaky?.sync_error).toBe('login failed for ***');
    await recordSyncOutcome(db, user.id, { ok: false, error: 'HTTP 429 from Garmin', at: new Date() });

    // Re-linking the same Garmin login: one row, new password and days, error cleared, last sync kept.
    const relinked = await upsertGarminAccount(db, user.id, {
      email: 'ana.g@example.com',
      encryptedPassword: encryptWithKey('garmin-pw-2', KEY),
      activitiesDays: 14,
      metricsDays: 28,
    });
    expect(relinked.id).toBe(linked.id);
    expect(relinked).toMatchObject({ activities_days: '14', metrics_days: '28', sync_error: null });
    expect(relinked.last_sync?.toISOString()).toBe(syncedAt.toISOString());
    expect(decryptWithKey(relinked.encrypted_password, KEY)).toBe('garmin-pw-2');

    // Another Garmin login is another data source: its sync history starts empty.
    const other = await upsertGarminAccount(db, user.id, {
      email: 'ana.other@example.com',
      encryptedPassword: encryptWithKey('garmin-pw-3', KEY),
      activitiesDays: 14,
      metricsDays: 28,
    });
    expect(other.last_sync).toBeNull();
    expect((await counts()).garmin).toBe(1);

    expect(await deleteGarminAccount(db, user.id)).toBe(true);
    expect(await findGarminAccount(db, user.id)).toBeUndefined();
    expect(await deleteGarminAccount(db, user.id)).toBe(false);
    expect(await recordSyncOutcome(db, user.id, { ok: true, at: new Date() })).toBeUndefined();
  });

  it('rejects day counts that are not positive whole numbers', async () => {
    const db = getDb();
    const { user } = await createUser(db, ana);
    for (const days of [0, -1, 1.5, Number.NaN]) {
      await expect(
        upsertGarminAccount(db, user.id, { email: 'a@b.co', encryptedPassword: 'v1:x:y:z', activitiesDays: days, metricsDays: 10 }),
      ).rejects.toThrow(/positive whole number/);
    }
    expect((await counts()).garmin).toBe(0);
  });

  it("isolates users: A cannot read, change or delete B's Garmin account or user row, even with guessed ids", async () => {
    const db = getDb();
    const a = (await createUser(db, ana)).user;
    const b = (await createUser(db, ben)).user;
    const bAccount = await upsertGarminAccount(db, b.id, {
      email: 'ben.g@example.com',
      encryptedPassword: encryptWithKey('ben-garmin-pw', KEY),
      activitiesDays: 21,
      metricsDays: 56,
    });
    const bUserBefore = await findUserById(db, b.id);

    // A has no account; every read in A's name sees nothing of B's.
    expect(await findGarminAccount(db, a.id)).toBeUndefined();
    // Guessed ids (B's account id, random uuids, injection attempts) are never someone's user id.
    for (const guess of [bAccount.id, randomUUID(), "' or 1=1 --", `${b.id}' or '1'='1`, '']) {
      expect(await findGarminAccount(db, guess)).toBeUndefined();
      expect(await recordSyncOutcome(db, guess, { ok: false, error: 'x', at: new Date() })).toBeUndefined();
      expect(await deleteGarminAccount(db, guess)).toBe(false);
      expect(await updateUserProfile(db, guess, { fullName: 'Mallory' })).toBeUndefined();
      expect(await updatePasswordHash(db, guess, 'x')).toBe(false);
    }
    // A's own writes touch only A.
    await recordSyncOutcome(db, a.id, { ok: false, error: 'A failed', at: new Date() });
    expect(await deleteGarminAccount(db, a.id)).toBe(false);
    await upsertGarminAccount(db, a.id, {
      email: 'ben.g@example.com',
      encryptedPassword: encryptWithKey('ana-garmin-pw', KEY),
      activitiesDays: 7,
      metricsDays: 7,
    });
    await updateUserProfile(db, a.id, { fullName: 'Ana R.', athleteContext: 'changed' });

    const bAfter = await findGarminAccount(db, b.id);
    expect(bAfter).toEqual(bAccount);
    expect(decryptWithKey(bAfter!.encrypted_password, KEY)).toBe('ben-garmin-pw');
    expect(await findUserById(db, b.id)).toEqual(bUserBefore);
    expect((await findUserById(db, a.id))?.full_name).toBe('Ana R.');
    expect((await listConfigs(db, a.id)).map((c) => c.user_id)).toEqual([a.id]);
    expect((await listConfigs(db, b.id)).map((c) => c.user_id)).toEqual([b.id]);

    // Deleting A's account leaves B's.
    expect(await deleteGarminAccount(db, a.id)).toBe(true);
    expect(await findGarminAccount(db, b.id)).toEqual(bAccount);
    // B's password does not open A's account and vice versa.
    await expect(verifyLogin(db, ana.email, ben.password)).rejects.toThrow(WRONG_LOGIN_MESSAGE);
    await expect(verifyLogin(db, ben.email, ana.password)).rejects.toThrow(WRONG_LOGIN_MESSAGE);
  });
});
