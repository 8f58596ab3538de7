import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { decryptWithKey, parseKey } from '../../src/garmin/credential-crypto.js';
import { runCoach, tempCoachHome, type CliResult } from '../support/cli.js';
import { runCoachInTerminal } from '../support/pty.js';

/** One line on stderr, nothing on stdout: how every user error must look. */
function expectOneLineError(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^coach: /);
  expect(lines[0]).toMatch(message);
}

/** Every file under `dir`, read as bytes: the plaintext must be in none of them. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle, 'utf8');
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && readFileSync(full).includes(bytes)) hits.push(full);
    }
  };
  walk(dir);
  return hits;
}

describe('coach init / login / whoami (built binary, no TTY)', () => {
  it('registers via flags and stdin, remembers the user, and refuses bad input with one line and nothing written', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home };
    const password = 'ana-Pw-' + randomBytes(6).toString('hex');

    // Refused first: afterwards the same email still registers, so nothing was written.
    const weak = await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana', '--password-stdin'], { env, input: 'short\n' });
    expectOneLineError(weak, /password: needs at least 8 characters \(got 5\)/);
    const empty = await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana', '--password-stdin'], { env, input: '' });
    expectOneLineError(empty, /password: must not be empty/);
    const badEmail = await runCoach(['init', '--email', 'ana@', '--name', 'Ana', '--password-stdin'], { env, input: password });
    expectOneLineError(badEmail, /email: not an email address: "?ana@"?$/);
    const noName = await runCoach(['init', '--email', 'ana@example.com', '--password-stdin'], { env, input: password });
    expectOneLineError(noName, /--name is required when coach is not running in a terminal/);
    const noPassword = await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana'], { env });
    expectOneLineError(noPassword, /--password-stdin is required/);
    expect(existsSync(join(home, 'config', 'current-user.json'))).toBe(false);
    const nobody = await runCoach(['whoami'], { env });
    expectOneLineError(nobody, /no current user: run `coach init`/);

    const init = await runCoach(
      ['init', '--email', ' Ana@Example.COM', '--name', 'Ana Runner', '--password-stdin', '--athlete-context', 'Masters marathoner', '--json'],
      { env, input: password + '\n' },
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const created = JSON.parse(init.stdout);
    expect(created.schemaVersion).toBe(1);
    expect(created.user).toMatchObject({
      email: 'ana@example.com',
      fullName: 'Ana Runner',
      isActive: false,
      isVerified: false,
      athleteContext: 'Masters marathoner',
      planningContext: null,
    });
    expect(created.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.stdout).not.toMatch(/argon2|hash|password/i);
    expect(statSync(join(home, 'config', 'current-user.json')).mode & 0o777).toBe(0o600);

    const whoami = await runCoach(['whoami', '--json'], { env });
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout).user).toEqual(created.user);

    const duplicate = await runCoach(['init', '--email', 'ANA@example.com', '--name', 'Other', '--password-stdin'], {
      env,
      input: 'another-long-pw',
    });
    expectOneLineError(duplicate, /an account for ana@example.com already exists/);

    // A second athlete becomes current; login switches back (with the password on stdin).
    const ben = await runCoach(['init', '--email', 'ben@example.com', '--name', 'Ben Rider', '--password-stdin'], {
      env,
      input: 'ben-long-password',
    });
    expect(ben.code).toBe(0);
    expect(ben.stderr).toMatch(/created Ben Rider <ben@example.com>/);
    expect((await runCoach(['whoami'], { env })).stdout.trim()).toBe('Ben Rider <ben@example.com>');

    const wrong = await runCoach(['login', '--email', 'ana@example.com', '--password-stdin'], { env, input: 'ben-long-password' });
    expectOneLineError(wrong, /^coach: wrong email or password$/);
    const unknown = await runCoach(['login', '--email', 'zed@example.com', '--password-stdin'], { env, input: password });
    expectOneLineError(unknown, /^coach: wrong email or password$/);
    expect((await runCoach(['whoami'], { env })).stdout.trim()).toBe('Ben Rider <ben@example.com>');

    const login = await runCoach(['login', '--email', 'ANA@example.com', '--password-stdin', '--json'], { env, input: password });
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout).user.id).toBe(created.user.id);
    expect((await runCoach(['whoami'], { env })).stdout.trim()).toBe('Ana Runner <ana@example.com>');

    // COACH_USER acts as another athlete for one command.
    const asBen = await runCoach(['whoami'], { env: { ...env, COACH_USER: 'Ben@example.com' } });
    expect(asBen.stdout.trim()).toBe('Ben Rider <ben@example.com>');

    // Passwords never appear in any output.
    for (const result of [weak, badEmail, noName, init, duplicate, ben, wrong, unknown, login]) {
      expect(result.stdout + result.stderr).not.toContain(password);
      expect(result.stdout + result.stderr).not.toContain('ben-long-password');
    }
    expect(filesContaining(home, password)).toEqual([]);
  }, 480_000);
});

describe('coach garmin link / status / unlink (built binary)', () => {
  it('stores the Garmin password encrypted and never shows it, not even with --debug or in the database files', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home };
    const garminPassword = 'G4rmin-' + randomBytes(8).toString('hex');

    // Nobody logged in: refused before the password is read or a key file is made.
    const noUser = await runCoach(['garmin', 'link', '--email', 'ana.g@example.com', '--password-stdin'], { env, input: garminPassword });
    expectOneLineError(noUser, /no current user: run `coach init`/);
    expect(existsSync(join(home, 'config', 'secret.key'))).toBe(false);

    expect((await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana', '--password-stdin'], { env, input: 'ana-long-password' })).code).toBe(0);
    const before = await runCoach(['garmin', 'status', '--json'], { env });
    expect(JSON.parse(before.stdout).garmin).toMatchObject({ linked: false, connected: false, email: null });

    const outputs: CliResult[] = [];
    const run = async (args: string[], input?: string, extraEnv: Record<string, string> = {}) => {
      const result = await runCoach(args, { env: { ...env, ...extraEnv }, input });
      outputs.push(result);
      return result;
    };

    // Bad flags are refused before anything is read or written.
    expectOneLineError(
      await run(['garmin', 'link', '--email', 'ana.g@example.com', '--password-stdin', '--activities-days', '0'], garminPassword),
      /--activities-days: not a whole number of days from 1 to 3650: 0/,
    );
    expectOneLineError(await run(['garmin', 'link', '--email', 'ana.g@example.com', '--metrics-days', '1.5', '--password-stdin'], garminPassword), /--metrics-days/);
    expectOneLineError(await run(['garmin', 'link', '--email', 'ana.g@example.com'], garminPassword), /--password-stdin is required/);
    // A malformed key fails after the password was read; the error line and --debug stack must not carry it.
    const badKey = await run(['--debug', 'garmin', 'link', '--email', 'ana.g@example.com', '--password-stdin'], garminPassword, {
      COACH_SECRET_KEY: 'dG9vIHNob3J0',
    });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/^coach: COACH_SECRET_KEY must be 32 bytes/);
    // An unreachable database server with --debug prints a stack: still no password.
    const noServer = await run(['garmin', 'link', '--debug', '--email', 'ana.g@example.com', '--password-stdin'], garminPassword, {
      DATABASE_URL: 'postgres://coach@127.0.0.1:1/nowhere',
    });
    expect(noServer.code).not.toBe(0);
    expect((await run(['garmin', 'status', '--json'])).stdout).toContain('"linked": false');

    const link = await run(
      ['garmin', 'link', '--debug', '--email', 'Ana.G@example.com', '--password-stdin', '--activities-days', '30'],
      garminPassword + '\n',
    );
    expect(link.code).toBe(0);
    expect(link.stdout).toBe('');
    expect(link.stderr).toMatch(/linked Garmin Connect account ana.g@example.com \(password encrypted; 30 days of activities, 56 days of metrics\)/);
    const keyFile = join(home, 'config', 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const status = await run(['garmin', 'status', '--json', '--debug']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).garmin).toEqual({
      linked: true,
      // Linked, but no sign-in has been tried yet (the next sync does).
      connected: false,
      email: 'ana.g@example.com',
      lastSync: null,
      lastError: null,
      activitiesDays: 30,
      metricsDays: 56,
    });
    const table = await run(['garmin', 'status']);
    expect(table.stdout).toMatch(/email\tana\.g@example\.com/);
    expect(table.stdout).toMatch(/last sync\tnever/);

    // Re-linking keeps the earlier day counts unless flags change them.
    const relink = await run(['garmin', 'link', '--email', 'ana.g@example.com', '--password-stdin', '--metrics-days', '90'], garminPassword);
    expect(relink.stderr).toMatch(/30 days of activities, 90 days of metrics/);

    // In the database: an AES-GCM envelope that decrypts with the key file, never the plaintext.
    const handle = await openDatabase({ dataDir: join(home, 'data', 'db') });
    try {
      const rows = await handle.db.selectFrom('garminaccount').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].encrypted_password).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(JSON.stringify(rows)).not.toContain(garminPassword);
      const key = parseKey(readFileSync(keyFile, 'utf8'), 'key file');
      expect(decryptWithKey(rows[0].encrypted_password, key)).toBe(garminPassword);
    } finally {
      await handle.close();
    }
    // Byte-level: no file under COACH_HOME (database pages, WAL, config) holds the plaintext.
    expect(filesContaining(home, garminPassword)).toEqual([]);

    // Exports and views of the athlete's data carry no Garmin secret either.
    const exported = await run(['config', 'export']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('name: main');

    const unlink = await run(['garmin', 'unlink']);
    expect(unlink.code).toBe(0);
    expect(unlink.stderr).toMatch(/unlinked/);
    expect(JSON.parse((await run(['garmin', 'status', '--json'])).stdout).garmin.linked).toBe(false);
    expect((await run(['garmin', 'unlink'])).stderr).toMatch(/no Garmin Connect account was linked/);

    for (const result of outputs) {
      expect(result.stdout).not.toContain(garminPassword);
      expect(result.stderr).not.toContain(garminPassword);
    }
  }, 480_000);
});

/** Runs `coach` in a pseudo-terminal; each step waits for a regex, then types the answer and Enter. */
function runInTerminal(args: string[], steps: [string, string][], env: Record<string, string>) {
  return runCoachInTerminal(args, steps.map(([pattern, answer]) => ({ waitFor: new RegExp(pattern), type: `${answer}\r` })), { env, stepTimeoutS: 45, exitTimeoutS: 45 });
}

describe('coach init in a terminal (pseudo-terminal)', () => {
  it('asks every question, masks the password and saves the answers', async () => {
    const home = tempCoachHome();
    const password = 'cara-Pw-' + randomBytes(5).toString('hex');
    const result = await runInTerminal(
      ['init'],
      [
        ['Email \\(your login\\):', 'Cara@Example.com'],
        ['Full name:', 'Cara Swim'],
        ['Password \\(at least 8 characters\\):', password],
        ['Password again:', password],
        ['Athlete context', 'Swimmer turned triathlete'],
        ['Planning context', ''],
      ],
      { COACH_HOME: home, NO_COLOR: '1' },
    );
    expect(result.failedStep).toBeNull();
    expect(result.code).toBe(0);
    expect(result.transcript).toMatch(/created Cara Swim <cara@example.com>/);
    expect(result.transcript).toContain('*'.repeat(password.length));
    expect(result.transcript).not.toContain(password);

    const whoami = await runCoach(['whoami', '--json'], { env: { COACH_HOME: home } });
    expect(JSON.parse(whoami.stdout).user).toMatchObject({
      email: 'cara@example.com',
      fullName: 'Cara Swim',
      athleteContext: 'Swimmer turned triathlete',
      planningContext: null,
    });
    const login = await runCoach(['login', '--email', 'cara@example.com', '--password-stdin'], { env: { COACH_HOME: home }, input: password });
    expect(login.code).toBe(0);
  }, 180_000);

  it('links Garmin with prompts, masking the password', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home };
    expect((await runCoach(['init', '--email', 'eve@example.com', '--name', 'Eve', '--password-stdin'], { env, input: 'eve-long-password' })).code).toBe(0);
    const garminPassword = 'G-' + randomBytes(6).toString('hex');
    const result = await runInTerminal(
      ['garmin', 'link', '--metrics-days', '14'],
      [
        ['Garmin Connect email:', 'eve.g@example.com'],
        ['Garmin Connect password:', garminPassword],
      ],
      { ...env, NO_COLOR: '1' },
    );
    expect(result.failedStep).toBeNull();
    expect(result.code).toBe(0);
    expect(result.transcript).toMatch(/linked Garmin Connect account eve\.g@example\.com/);
    expect(result.transcript).not.toContain(garminPassword);
    const status = JSON.parse((await runCoach(['garmin', 'status', '--json'], { env })).stdout);
    expect(status.garmin).toMatchObject({ linked: true, email: 'eve.g@example.com', activitiesDays: 21, metricsDays: 14 });
    expect(filesContaining(home, garminPassword)).toEqual([]);
  }, 180_000);

  it('treats Ctrl-C at a prompt as a cancellation (exit 130, nothing saved)', async () => {
    const home = tempCoachHome();
    const result = await runInTerminal(
      ['init'],
      [
        ['Email \\(your login\\):', 'fay@example.com'],
        ['Full name:', '\u0003'],
      ],
      { COACH_HOME: home, NO_COLOR: '1' },
    );
    expect(result.failedStep).toBeNull();
    expect(result.code).toBe(130);
    expect(result.transcript).toMatch(/coach: cancelled, nothing was saved/);
    expect(existsSync(join(home, 'config', 'current-user.json'))).toBe(false);
  }, 120_000);

  it('writes nothing when the two passwords differ', async () => {
    const home = tempCoachHome();
    const result = await runInTerminal(
      ['init'],
      [
        ['Email \\(your login\\):', 'dan@example.com'],
        ['Full name:', 'Dan'],
        ['Password \\(at least 8 characters\\):', 'first-password'],
        ['Password again:', 'second-password'],
      ],
      { COACH_HOME: home, NO_COLOR: '1' },
    );
    expect(result.failedStep).toBeNull();
    expect(result.code).toBe(1);
    expect(result.transcript).toMatch(/coach: the two passwords differ, nothing was saved/);
    expect(existsSync(join(home, 'config', 'current-user.json'))).toBe(false);
  }, 120_000);
});
