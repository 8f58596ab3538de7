import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coachPaths } from '../../src/config/paths.js';
import { dumpRows, filesUnder, newAthlete, openStore, type Athlete } from '../robustness/harness.js';
import { fakeGarminCliEnv, startFakeGarmin, connectActivity, type FakeGarmin } from '../support/fake-garmin.js';
import { encodeSyntheticActivity, RUN_WITH_HR } from '../support/fit-fixtures.js';

/**
 * The Garmin password must never leave the encrypted column: a full run (init, link, status,
 * sync against a local fake Garmin (once accepted, once failing), FIT import, offline analyze,
 * results export as JSON/Markdown/HTML, config export), with and without --debug, then every
 * stdout/stderr, every file under COACH_HOME (the embedded database's own files included, as
 * raw bytes) and the output folder, and a dump of every table are searched for the password in
 * plain text and in the encodings a careless log line would use. The encrypted envelope must
 * not appear in anything printed or exported either.
 */
const GARMIN_PASSWORD = 'Quokka#Zebra-7731!pw';
const NEEDLES = [
  GARMIN_PASSWORD,
  encodeURIComponent(GARMIN_PASSWORD),
  Buffer.from(GARMIN_PASSWORD).toString('base64'),
  Buffer.from(GARMIN_PASSWORD).toString('hex'),
];

let garmin: FakeGarmin;
beforeAll(async () => {
  const today = new Date().toISOString().slice(0, 10);
  garmin = await startFakeGarmin({
    email: 'ada@garmin.example',
    password: GARMIN_PASSWORD,
    activities: [connectActivity(9001, `${today} 06:00:00`)],
    days: { [today]: { summary: { restingHeartRate: 49, totalSteps: 9000 }, hrv: { lastNightAvg: 61, status: 'BALANCED' } } },
  });
});
afterAll(async () => garmin?.close());

function garminEnv(): Record<string, string> {
  return fakeGarminCliEnv(garmin, 20);
}

async function fullRun(debug: boolean): Promise<{ athlete: Athlete; outDir: string }> {
  const athlete = await newAthlete({ env: garminEnv(), password: 'account password 1' });
  const d = debug ? ['--debug'] : [];
  const outDir = mkdtempSync(join(tmpdir(), 'coach-leak-out-'));
  const fitDir = mkdtempSync(join(tmpdir(), 'coach-leak-fit-'));
  writeFileSync(join(fitDir, 'run.fit'), await encodeSyntheticActivity(RUN_WITH_HR));

  // With --debug only the commands whose failure or progress paths print more (stack traces,
  // progress lines) run again: the suite must stay affordable on a shared 2-core machine.
  const debugRelevant = ['link', 'sync', 'import', 'analyze', 'export'];
  const step = async (args: string[], input?: string, expectCode: number | null = 0) => {
    if (debug && !args.some((a) => debugRelevant.includes(a))) return undefined;
    const result = await athlete.run([...d, ...args], { input });
    if (expectCode !== null) expect(result.code, `coach ${args.join(' ')}: ${result.stderr}`).toBe(expectCode);
    return result;
  };
  await step(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin', '--activities-days', '3', '--metrics-days', '2'], GARMIN_PASSWORD);
  await step(['garmin', 'status']);
  await step(['garmin', 'status', '--json']);
  await step(['garmin', 'sync', '--json']);
  // Garmin failing every time: the stored sync_error and the message must not carry the password.
  garmin.failures['/activitylist-service'] = Array.from({ length: 20 }, () => ({ status: 500 }));
  await step(['garmin', 'sync'], undefined, null);
  garmin.failures['/activitylist-service'] = [];
  await step(['garmin', 'status', '--json']);
  await step(['garmin', 'import', fitDir]);
  await step(['analyze', '--provider', 'offline', '--no-hitl', '--json']);
  await step(['results', 'list', '--json']);
  await step(['results', 'export', '--latest', '--format', 'json']);
  await step(['results', 'export', '--latest', '--format', 'md', '-o', join(outDir, 'report.md')]);
  await step(['results', 'export', '--latest', '--format', 'html', '-o', join(outDir, 'report.html')]);
  await step(['results', 'export', '--format', 'ndjson']);
  await step(['config', 'export']);
  await step(['config', 'show', '--json']);
  await step(['whoami', '--json']);
  // A wrong link attempt and an internal-ish failure path (no Garmin reachable) with the password registered.
  await step(['garmin', 'link', '--email', 'not-an-email', '--password-stdin'], GARMIN_PASSWORD, null);
  await athlete.run([...d, 'garmin', 'sync'], { env: { COACH_TEST_INSECURE_ENDPOINTS: '1', GARMIN_SSO_BASE_URL: 'http://127.0.0.1:9', GARMIN_CONNECT_BASE_URL: 'http://127.0.0.1:9' } });
  return { athlete, outDir };
}

async function expectNoLeak(athlete: Athlete, outDir: string): Promise<void> {
  const store = await openStore(athlete.home, { preferServer: false });
  const dump = await store.withDb(dumpRows);
  const envelope = await store.withDb(async (db) =>
    (await sql<{ encrypted_password: string }>`select encrypted_password from garminaccount`.execute(db)).rows[0]?.encrypted_password,
  );
  expect(envelope, 'the account is linked').toMatch(/^v1:/);

  const printed = athlete.transcript.map((t) => `$ coach ${t.args.join(' ')}\n${t.stdout}\n${t.stderr}`).join('\n');
  const { outputDir } = coachPaths({ COACH_HOME: athlete.home });
  const files = [...filesUnder(athlete.home), ...filesUnder(outDir)];
  expect(files.length).toBeGreaterThan(10);
  expect(files.some((f) => f.endsWith('report.html'))).toBe(true);

  for (const needle of NEEDLES) {
    expect(printed.includes(needle), `printed output contains ${needle}`).toBe(false);
    expect(dump.includes(needle), `database dump contains ${needle}`).toBe(false);
    const bytes = Buffer.from(needle);
    for (const file of files) expect(readFileSync(file).includes(bytes), `${file} contains ${needle}`).toBe(false);
  }
  // The envelope is in the database (and so in its files), and nowhere else.
  expect(printed.includes(envelope!), 'printed output contains the encrypted password').toBe(false);
  const databaseDir = coachPaths({ COACH_HOME: athlete.home }).databaseDir;
  for (const file of files.filter((f) => !f.startsWith(databaseDir))) {
    expect(readFileSync(file, 'utf8').includes(envelope!), `${file} contains the encrypted password`).toBe(false);
  }
  // Exports carry no password hash either.
  const exported = athlete.transcript.filter((t) => t.args.includes('export')).map((t) => t.stdout).join('\n');
  const exportFiles = [...filesUnder(outDir), ...filesUnder(outputDir)].map((f) => readFileSync(f, 'utf8')).join('\n');
  expect(exported + exportFiles).not.toMatch(/\$argon2id\$/);
  expect(exported + exportFiles).not.toMatch(/encrypted_password|hashed_password/);
}

describe('the Garmin password never leaves the encrypted column (built binary)', () => {
  it('a full run without --debug', async () => {
    const { athlete, outDir } = await fullRun(false);
    await expectNoLeak(athlete, outDir);
  }, 900_000);

  it('a full run with --debug', async () => {
    const { athlete, outDir } = await fullRun(true);
    await expectNoLeak(athlete, outDir);
  }, 900_000);
});
