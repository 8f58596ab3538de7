import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { coachPaths } from '../../src/config/paths.js';
import { ARGON2_PARAMETERS, verifyPassword } from '../../src/users/password.js';
import { newAthlete, openStore } from '../robustness/harness.js';
import { tempCoachHome } from '../support/cli.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** Parameters of an encoded argon2 hash: `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
function hashParameters(hash: string): Record<string, number> {
  const match = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/.exec(hash);
  if (!match) throw new Error(`not an encoded argon2id v=19 hash: ${hash.slice(0, 30)}...`);
  return Object.fromEntries(match[1].split(',').map((pair) => [pair[0], Number(pair.slice(2))]));
}

describe('credentials at rest (built binary, embedded database)', () => {
  it('stores account passwords as argon2id v=19 with the documented parameters, salted per user', async () => {
    const home = tempCoachHome();
    const password = 'same password for both';
    await newAthlete({ home, email: 'one@example.com', password });
    await newAthlete({ home, email: 'two@example.com', password });
    const store = await openStore(home, { preferServer: false });
    const rows = await store.withDb(async (db) =>
      (await sql<{ email: string; hashed_password: string }>`select email, hashed_password from "user" order by email`.execute(db)).rows,
    );
    expect(rows.map((r) => r.email)).toEqual(['one@example.com', 'two@example.com']);

    // The README documents "argon2id, m = 19456 KiB, t = 2, p = 1": the code's parameters,
    // the README and every stored hash must agree.
    const documented = /argon2id, m = (\d+) KiB, t = (\d+), p = (\d+)/.exec(README);
    expect(documented, 'README documents the argon2id parameters').not.toBeNull();
    const [m, t, p] = documented!.slice(1).map(Number);
    expect({ m, t, p }).toEqual({ m: ARGON2_PARAMETERS.memoryCost, t: ARGON2_PARAMETERS.timeCost, p: ARGON2_PARAMETERS.parallelism });
    for (const { hashed_password: hash } of rows) {
      expect(hash.startsWith(`$argon2id$v=19$m=${m},`)).toBe(true);
      expect(hashParameters(hash)).toEqual({ m, t, p });
      expect(hash).not.toContain(password);
      expect(await verifyPassword(hash, password)).toBe(true);
      expect(await verifyPassword(hash, password + ' ')).toBe(false);
    }
    // Same password, different salts, different hashes.
    expect(rows[0].hashed_password).not.toBe(rows[1].hashed_password);
    expect(rows[0].hashed_password.split('$')[4]).not.toBe(rows[1].hashed_password.split('$')[4]);
  });

  it('creates the Garmin key file with mode 0600 in a 0700 directory at the first link, and tightens a loose one', async () => {
    const athlete = await newAthlete({});
    const { configDir } = coachPaths({ COACH_HOME: athlete.home });
    const keyFile = join(configDir, 'secret.key');
    const link = await athlete.run(['garmin', 'link', '--email', 'g@example.com', '--password-stdin'], { input: 'garmin pw 123', env: { COACH_SECRET_KEY: undefined } });
    expect(link.code, link.stderr).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    // 32 random bytes, base64: the key itself never appears in what the command printed.
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(link.stdout + link.stderr).not.toContain(key);

    // A key file someone made world-readable is repaired to 0600 when next used.
    writeFileSync(keyFile, key + '\n', { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const relink = await athlete.run(['garmin', 'link', '--email', 'g@example.com', '--password-stdin'], { input: 'garmin pw 456' });
    expect(relink.code, relink.stderr).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('with COACH_SECRET_KEY set, writes no key file at all', async () => {
    const athlete = await newAthlete({});
    const { configDir } = coachPaths({ COACH_HOME: athlete.home });
    mkdirSync(configDir, { recursive: true });
    const link = await athlete.run(['garmin', 'link', '--email', 'g@example.com', '--password-stdin'], {
      input: 'garmin pw 789',
      env: { COACH_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
    });
    expect(link.code, link.stderr).toBe(0);
    expect(() => statSync(join(configDir, 'secret.key'))).toThrow();
  });
});
