import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COACH_BIN, runCoach, tempCoachHome } from '../support/cli.js';
import { connectActivity, fakeGarminCliEnv, startFakeGarmin, type FakeGarmin } from '../support/fake-garmin.js';
import { encodeSyntheticActivity, writeFitFolder } from '../support/fit-fixtures.js';
import { zipBytes } from '../support/zip-writer.js';

const EXPORT_FIXTURE = join(import.meta.dirname, '../fixtures/garmin-export');

async function athleteHome(): Promise<string> {
  const home = tempCoachHome();
  const init = await runCoach(['init', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], {
    env: { COACH_HOME: home },
    input: 'a long password',
  });
  expect(init.code, init.stderr).toBe(0);
  return home;
}

describe('coach garmin import (built binary)', () => {
  it('imports files and folders, reports each bad file on stderr, exits 1, and is idempotent', async () => {
    const home = await athleteHome();
    const dir = mkdtempSync(join(tmpdir(), 'coach-e2e-fit-'));
    const { good, bad } = await writeFitFolder(dir);
    const first = await runCoach(['garmin', 'import', dir, EXPORT_FIXTURE], { env: { COACH_HOME: home } });
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('');
    const lines = first.stderr.trim().split('\n');
    for (const path of bad) expect(lines.filter((l) => l.startsWith(`skipped ${path}: `))).toHaveLength(1);
    // The run and the ride of the export are the same activities as two of the FIT files: one row each.
    expect(lines).toContain(`imported ${good + 1} activities, 4 days of metrics, 2 unchanged, skipped 3 corrupt files`);
    expect(lines.at(-1)).toBe('coach: 3 of the inputs could not be imported (listed above); everything else was');

    const again = await runCoach(['garmin', 'import', dir, EXPORT_FIXTURE, '--json'], { env: { COACH_HOME: home } });
    expect(again.code).toBe(1);
    const json = JSON.parse(again.stdout);
    expect(json).toMatchObject({
      schemaVersion: 1,
      import: { activities: { inserted: 0, updated: 0, unchanged: good + 3 }, metricDays: 4 },
    });
    expect(json.import.failed).toHaveLength(3);
  });

  it('exits 0 when everything imported', async () => {
    const home = await athleteHome();
    const result = await runCoach(['garmin', 'import', EXPORT_FIXTURE], { env: { COACH_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stderr.trim()).toBe('imported 3 activities, 4 days of metrics, skipped 0 corrupt files');
  });

  it('reports a path that does not exist as missing, apart from corrupt files, also in --json', async () => {
    const home = await athleteHome();
    const result = await runCoach(['garmin', 'import', EXPORT_FIXTURE, '/nonexistent/export.zip', '--json'], { env: { COACH_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'skipped /nonexistent/export.zip: no such file or folder',
      'imported 3 activities, 4 days of metrics, skipped 0 corrupt files, 1 missing path',
      'coach: 1 of the inputs could not be imported (listed above); everything else was',
    ]);
    const json = JSON.parse(result.stdout);
    expect(json.import).toMatchObject({ activities: { inserted: 3 }, failed: [], missing: ['/nonexistent/export.zip'] });
  });

  it('exits 1 with one line when none of the paths exist', async () => {
    const home = await athleteHome();
    const result = await runCoach(['garmin', 'import', '/nonexistent/a.fit', '/nonexistent/b'], { env: { COACH_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('coach: nothing to import: not found: /nonexistent/a.fit, /nonexistent/b\n');
  });

  it('needs a current user', async () => {
    const home = tempCoachHome();
    const result = await runCoach(['garmin', 'import', EXPORT_FIXTURE], { env: { COACH_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^coach: no current user/);
  });
});

/** Runs coach in a pseudo-terminal (util-linux `script`), output of both streams as one string. */
function runInTerminal(args: string[], home: string, columns: number): Promise<{ code: number | null; output: string }> {
  const command = `stty cols ${columns} rows 30; ${process.execPath} ${COACH_BIN} ${args.join(' ')}`;
  return new Promise((resolvePromise) => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), COACH_HOME: home, TERM: 'xterm' };
    delete env.CI;
    delete env.NO_COLOR;
    execFile('script', ['-qfec', command, '/dev/null'], { env, timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout) => {
      resolvePromise({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout });
    });
  });
}

describe('coach garmin import in a terminal', () => {
  it('shows a spinner with counts, keeps failure lines, ends with the summary', async () => {
    const home = await athleteHome();
    const result = await runInTerminal(['garmin', 'import', EXPORT_FIXTURE, '/nonexistent'], home, 100);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/importing: 3 activities, 4 days of metrics, skipped 0 corrupt files \(\d+ files\)/);
    expect(result.output).toContain('skipped /nonexistent: no such file or folder');
    expect(result.output).toContain('imported 3 activities, 4 days of metrics, skipped 0 corrupt files, 1 missing path');
  });

  it('falls back to plain lines on a terminal that reports no width (no spinner arithmetic on 0 columns)', async () => {
    const home = await athleteHome();
    const result = await runInTerminal(['garmin', 'import', EXPORT_FIXTURE], home, 0);
    expect(result.code).toBe(0);
    expect(result.output.length).toBeLessThan(2000);
    expect(result.output).toContain('imported 3 activities, 4 days of metrics, skipped 0 corrupt files');
  });
});

describe('coach garmin sync (built binary, local fake Garmin)', () => {
  let server: FakeGarmin;
  beforeAll(async () => {
    const today = new Date().toISOString().slice(0, 10);
    server = await startFakeGarmin({
      email: 'ada@garmin.example',
      password: 'garmin secret',
      activities: [connectActivity(5001, `${today} 06:00:00`)],
      days: { [today]: { summary: { restingHeartRate: 50, totalSteps: 8000 }, hrv: { lastNightAvg: 58, status: 'BALANCED' } } },
      // The activity's original file, as Connect's download service sends it: a zip holding the FIT file.
      originals: {
        5001: { body: zipBytes([{ name: '5001_ACTIVITY.fit', data: await encodeSyntheticActivity({ sport: 'running', start: new Date(`${today}T06:00:00Z`), durationS: 1800 }) }]) },
      },
    });
  });
  afterAll(async () => server.close());

  const env = (home: string) => ({
    COACH_HOME: home,
    ...fakeGarminCliEnv(server),
  });

  it('syncs with the linked account, retries a 503, and prints a JSON summary', async () => {
    const home = await athleteHome();
    const link = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin', '--activities-days', '7', '--metrics-days', '2'], {
      env: env(home), input: 'garmin secret',
    });
    expect(link.code, link.stderr).toBe(0);
    server.failures['/usersummary-service'] = [{ status: 503 }];
    const sync = await runCoach(['garmin', 'sync', '--json'], { env: env(home) });
    expect(sync.code, sync.stderr).toBe(0);
    const json = JSON.parse(sync.stdout);
    expect(json.sync).toMatchObject({ activities: { inserted: 1 }, metricDays: 1, originals: { imported: 1, failed: [], noFile: 0 } });
    expect(sync.stderr.trim()).toBe('synced 1 activity, 1 day of metrics, skipped 0 corrupt files, 1 original file');
    expect(sync.stderr).not.toContain('garmin secret');

    const again = await runCoach(['garmin', 'sync', '--json'], { env: env(home) });
    expect(JSON.parse(again.stdout).sync.activities).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
  }, 240_000); // four CLI processes (init, link, sync twice): > 60 s on a loaded 2-core machine

  it('says in one line when Garmin rejects the password (exit 1)', async () => {
    const home = await athleteHome();
    // link signs in: a wrong password is refused there, and nothing is stored.
    const link = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin'], { env: env(home), input: 'not the password' });
    expect(link.code).toBe(1);
    expect(link.stderr.trim()).toBe('coach: Garmin Connect rejected the email or password: run `coach garmin link` again with the right ones');
    expect(JSON.parse((await runCoach(['garmin', 'status', '--json'], { env: env(home) })).stdout).garmin.linked).toBe(false);
  });

  it('links an MFA account with --mfa-code; revoked tokens stop a sync with exit 77 and one line', async () => {
    const home = await athleteHome();
    server.data.mfa = true;
    try {
      const wrong = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin', '--mfa-code', '999999'], { env: env(home), input: 'garmin secret' });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trim()).toBe('coach: Garmin Connect refused the MFA code: run `coach garmin link` again and type the latest code');
      const noCode = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin'], { env: env(home), input: 'garmin secret' });
      // Without a code, in a script: the sign-in waits for the code (see garmin-link-mfa.test.ts).
      expect(noCode.code).toBe(12);
      const link = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin', '--mfa-code', '123456'], { env: env(home), input: 'garmin secret' });
      expect(link.code, link.stderr).toBe(0);
      expect(link.stderr).toMatch(/signed in \(password and login tokens encrypted/);
      server.revokeLogin();
      const sync = await runCoach(['garmin', 'sync'], { env: env(home) });
      expect(sync.code).toBe(77);
      expect(sync.stderr.trim()).toBe('coach: Garmin Connect revoked the saved login and asks for a code: run `coach garmin link` again');
    } finally {
      server.data.mfa = false;
    }
  }, 240_000);

  it('prints the stack of an unexpected failure under --debug (as the cause of the one line), secrets redacted', async () => {
    // The OAuth consumer file answers with a page that is not JSON and echoes the password.
    const consumer = createServer((_req, res) => res.end('garmin secret <html>'));
    await new Promise<void>((ready) => consumer.listen(0, '127.0.0.1', ready));
    try {
      const home = await athleteHome();
      const { port } = consumer.address() as AddressInfo;
      const brokenConsumer = {
        ...env(home), GARMIN_OAUTH_CONSUMER_KEY: '', GARMIN_OAUTH_CONSUMER_SECRET: '', GARMIN_OAUTH_CONSUMER_URL: `http://127.0.0.1:${port}/`,
      };
      // link signs in: the broken consumer fails it in one line, the cause under --debug.
      const broken = await runCoach(['garmin', 'link', '--debug', '--email', 'ada@garmin.example', '--password-stdin'], { env: brokenConsumer, input: 'garmin secret' });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/^coach: Garmin sign-in failed: /);
      expect(broken.stderr).toMatch(/\ncaused by: SyntaxError: .*\n\s+at /);
      expect(broken.stderr).not.toContain('garmin secret');
      const link = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin'], { env: env(home), input: 'garmin secret' });
      expect(link.code, link.stderr).toBe(0);
      // The bearer token refused: the sync signs in again, and meets the broken consumer.
      server.revokeAccessTokens();
      const plain = await runCoach(['garmin', 'sync'], { env: brokenConsumer });
      expect(plain.code).toBe(1);
      expect(plain.stderr.trim().split('\n')).toHaveLength(1);
      expect(plain.stderr).toMatch(/^coach: Garmin sync failed: /);
      const debug = await runCoach(['garmin', 'sync', '--debug'], { env: brokenConsumer });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(/^coach: Garmin sync failed: /);
      expect(debug.stderr).toMatch(/\ncaused by: SyntaxError: .*\n\s+at /);
      expect(debug.stderr).toContain('***');
      expect(debug.stderr).not.toContain('garmin secret');
    } finally {
      await new Promise((closed) => consumer.close(closed));
    }
  }, 240_000);
});
