// Garmin ingest (issue 16), each row against a floor measured in the same child process:
// - first import of the bench year (bench/generate-year.mjs) vs bare SDK decoding of the
//   same files with coach's read options;
// - re-import of the same unchanged files vs reading and SHA-256 hashing them (what any
//   "is this file new?" check must do);
// - `coach garmin sync` of 56 days (activities with their original FIT files, and 56 days of
//   sleep, HRV, summary, readiness, VO2max, training status, race predictions) against the
//   local fake Garmin (test/support/fake-garmin.ts, started in-process) vs the floor: the
//   same GET requests replayed as plain fetches to the same server with the same
//   concurrency, plus bare decoding of the FIT files the sync downloaded;
// - a second sync (all unchanged) vs replaying its requests.
// Wall and CPU time of the child (process.cpuUsage: the fake server runs in the same process,
// so its share is in both sides of each ratio).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fitFiles } from '../floor.mjs';
import { loadAverage } from '../lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');
const DATA = process.env.COACH_BENCH_FIT_DIR ?? join(ROOT, 'bench', 'data', 'year');
const SYNC_DAYS = 56;
/** The sync's "today": the activities and days are made for the 56 days before it. */
const SYNC_NOW = new Date('2026-06-30T12:00:00Z');

export const name = 'garmin-ingest';

const dist = (path) => import(pathToFileURL(join(DIST, path)).href);

function cpuMs(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Times `fn` in this process: wall and CPU ms, and its result. */
async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await fn();
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: cpuMs(cpu0), result };
}

/** The test-support TypeScript (fake Garmin, zip writer) as plain ES modules, built with esbuild. */
async function testSupport(outDir) {
  const { build } = await import('esbuild');
  const entries = { 'fake-garmin': 'test/support/fake-garmin.ts', 'zip-writer': 'test/support/zip-writer.ts' };
  await build({ entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, join(ROOT, v)])), outdir: outDir, bundle: true, platform: 'node', format: 'esm', outExtension: { '.js': '.mjs' }, logLevel: 'silent' });
  return { fake: await import(pathToFileURL(join(outDir, 'fake-garmin.mjs')).href), zip: await import(pathToFileURL(join(outDir, 'zip-writer.mjs')).href) };
}

/** The 56 days a Garmin account holds: about five activities a week with their original files, and every day's figures. */
async function syncAccount(zipBytes) {
  const { encodeSyntheticActivity } = await dist('garmin/synthetic-fit.js');
  const activities = [];
  const originals = {};
  const fits = [];
  const days = {};
  for (let i = SYNC_DAYS - 1; i >= 0; i--) {
    const date = new Date(SYNC_NOW.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    const n = SYNC_DAYS - i;
    days[date] = {
      sleep: { sleepTimeSeconds: 26_000 + (n % 7) * 300, deepSleepSeconds: 5400, lightSleepSeconds: 14_000, remSleepSeconds: 6000, awakeSleepSeconds: 600, sleepScores: { overall: { value: 70 + (n % 20) } } },
      hrv: { lastNightAvg: 55 + (n % 9), weeklyAvg: 58, status: 'BALANCED' },
      summary: { restingHeartRate: 46 + (n % 5), averageStressLevel: 25 + (n % 10), bodyBatteryHighestValue: 70 + (n % 25), bodyBatteryLowestValue: 20, totalSteps: 9000 + n * 10 },
      readiness: 40 + (n % 50),
      vo2max: 52 + (n % 3) / 10,
      trainingStatus: { phrase: n % 11 === 0 ? 'OVERREACHING_1' : 'PRODUCTIVE_1', acute: 500 + n * 3, chronic: 480, focus: { phrase: 'ANAEROBIC_SHORTAGE', aerobicLow: 400, aerobicHigh: 190, anaerobic: 40 } },
      racePredictions: { time5K: 1250 - n, time10K: 2600 - n, timeHalfMarathon: 5800 - n, timeMarathon: 12_300 - n },
    };
    if (n % 7 === 1 || n % 7 === 4) continue; // two rest days a week
    const sport = n % 7 === 3 ? 'cycling' : n % 7 === 6 ? 'swimming' : 'running';
    const start = new Date(`${date}T06:30:00Z`);
    const durationS = sport === 'cycling' ? 5400 : sport === 'swimming' ? 1800 : 2700 + (n % 4) * 600;
    const id = 700_000 + n;
    const fit = await encodeSyntheticActivity({ sport, start, durationS, withPower: sport === 'cycling', deviceFtp: 250, serialNumber: 900 + n, seed: n });
    fits.push(fit);
    originals[id] = { body: zipBytes([{ name: `${id}_ACTIVITY.fit`, data: fit }]) };
    activities.push({
      activityId: id, activityName: `${sport} ${date}`, startTimeGMT: `${date} 06:30:00`, startTimeLocal: `${date} 08:30:00`,
      activityType: { typeKey: sport === 'cycling' ? 'road_biking' : sport === 'swimming' ? 'lap_swimming' : 'running' },
      distance: sport === 'cycling' ? durationS * 8 : sport === 'swimming' ? durationS * 0.7 : durationS * 3.1, duration: durationS, movingDuration: durationS - 20,
      averageHR: 140, maxHR: 168, calories: 600, activityTrainingLoad: 80 + (n % 30),
    });
  }
  return { data: { email: 'bench@garmin.example', password: 'bench password', gender: 'FEMALE', activities, days, originals }, fits };
}

/** Replays the GET requests in `requests` as plain fetches (bodies read), `concurrency` at a time. */
async function replay(baseUrl, requests, token, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { url } = requests[next++];
      const response = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const isApiRead = (r) => r.method === 'GET' && !r.url.startsWith('/sso/') && !r.url.startsWith('/oauth-service/');

async function childPrepare(dbDir) {
  const { openDatabase } = await dist('db/connection.js');
  const { migrateToLatest } = await dist('db/migrator.js');
  const { insertUser } = await dist('db/users.repository.js');
  const handle = await openDatabase({ dataDir: dbDir });
  await migrateToLatest(handle.db);
  await insertUser(handle.db, { email: 'bench@example.com', hashed_password: 'x' });
  await insertUser(handle.db, { email: 'bench-sync@example.com', hashed_password: 'x' });
  await handle.close();
  return {};
}

async function childMeasure(dir, dbDir, scratch) {
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  const { FIT_READ_OPTIONS } = await dist('garmin/fit-import.js');
  const { openDatabase } = await dist('db/connection.js');
  const { findUserByEmail } = await dist('db/users.repository.js');
  const { importGarminData } = await dist('garmin/import-service.js');
  const { upsertGarminAccount } = await dist('db/garmin-accounts.repository.js');
  const { encryptSecret } = await dist('garmin/credential-crypto.js');
  const { syncGarminConnect } = await dist('garmin/sync-service.js');
  const { fake, zip } = await testSupport(join(scratch, 'support'));
  const decodeAll = (buffers) => {
    let records = 0;
    for (const bytes of buffers) records += new Decoder(Stream.fromBuffer(Buffer.from(bytes))).read(FIT_READ_OPTIONS).messages.recordMesgs?.length ?? 0;
    return records;
  };
  const files = fitFiles(dir);
  const out = {};
  const handle = await openDatabase({ dataDir: dbDir });
  try {
    // First import and its floor.
    const decodeFloor = await timed(() => decodeAll(files.map((f) => readFileSync(f))));
    const user = await findUserByEmail(handle.db, 'bench@example.com');
    const first = await timed(() => importGarminData(handle.db, user.id, [dir]));
    out.import = { wallMs: first.wallMs, cpuMs: first.cpuMs, inserted: first.result.activities.inserted, failed: first.result.failed.length, files: files.length };
    out.importFloor = { wallMs: decodeFloor.wallMs, cpuMs: decodeFloor.cpuMs, records: decodeFloor.result };
    // Re-import and its floor (read + hash), floor on both sides of the re-import.
    const hashAll = () => files.reduce((n, f) => n + createHash('sha256').update(readFileSync(f)).digest().length, 0);
    const hashBefore = await timed(hashAll);
    const again = await timed(() => importGarminData(handle.db, user.id, [dir]));
    const hashAfter = await timed(hashAll);
    out.reimport = { wallMs: again.wallMs, cpuMs: again.cpuMs, unchanged: again.result.activities.unchanged };
    out.reimportFloor = { wallMs: (hashBefore.wallMs + hashAfter.wallMs) / 2, cpuMs: (hashBefore.cpuMs + hashAfter.cpuMs) / 2 };

    // Sync of 56 days against the fake Garmin.
    const account = await syncAccount(zip.zipBytes);
    const server = await fake.startFakeGarmin(account.data);
    try {
      const syncUser = await findUserByEmail(handle.db, 'bench-sync@example.com');
      await upsertGarminAccount(handle.db, syncUser.id, {
        email: account.data.email, encryptedPassword: await encryptSecret(account.data.password), activitiesDays: SYNC_DAYS, metricsDays: SYNC_DAYS,
      });
      const client = { ssoBaseUrl: server.url, connectBaseUrl: server.url, consumer: { key: 'ck', secret: 'cs' }, retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 100 } };
      const concurrency = 4; // the sync's default (COACH_GARMIN_CONCURRENCY)
      const seen = server.requests.length;
      const sync = await timed(() => syncGarminConnect(handle.db, syncUser.id, { client, now: SYNC_NOW }));
      const syncRequests = server.requests.slice(seen).filter(isApiRead);
      const token = server.bearerToken();
      const syncFloor = await timed(async () => {
        await replay(server.url, syncRequests, token, concurrency);
        return decodeAll(account.fits);
      });
      out.sync = {
        wallMs: sync.wallMs, cpuMs: sync.cpuMs, requests: sync.result.requests, replayed: syncRequests.length,
        activities: sync.result.summary.activities.inserted, originals: sync.result.originals.imported, failed: sync.result.originals.failed.length, metricDays: sync.result.summary.metricDays,
      };
      out.syncFloor = { wallMs: syncFloor.wallMs, cpuMs: syncFloor.cpuMs };
      const seen2 = server.requests.length;
      const resync = await timed(() => syncGarminConnect(handle.db, syncUser.id, { client, now: SYNC_NOW }));
      const resyncRequests = server.requests.slice(seen2).filter(isApiRead);
      const resyncFloor = await timed(() => replay(server.url, resyncRequests, token, concurrency));
      out.resync = { wallMs: resync.wallMs, cpuMs: resync.cpuMs, requests: resync.result.requests, unchanged: resync.result.summary.activities.unchanged, imported: resync.result.originals.imported };
      out.resyncFloor = { wallMs: resyncFloor.wallMs, cpuMs: resyncFloor.cpuMs };
    } finally {
      await server.close();
    }
  } finally {
    await handle.close();
  }
  return out;
}

function runChild(mode, ...args) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, ...args], {
    encoding: 'utf8', maxBuffer: 1 << 22, cwd: ROOT,
    env: { ...process.env, COACH_SECRET_KEY: 'b'.repeat(64), COACH_TEST_INSECURE_ENDPOINTS: '1' },
  });
  if (result.status !== 0) throw new Error(`${mode} child failed: ${result.stderr.slice(-800)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

export async function run() {
  if (!existsSync(DATA) || fitFiles(DATA).length === 0) {
    const { generateYear } = await import(pathToFileURL(join(ROOT, 'bench', 'generate-year.mjs')).href);
    await generateYear({ out: DATA, log: (t) => process.stderr.write(t + '\n') });
  }
  fitFiles(DATA).forEach((f) => readFileSync(f)); // warm the file cache for both sides
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-garmin-'));
  const load = [loadAverage()];
  let m;
  try {
    runChild('prepare', join(home, 'db'));
    m = runChild('measure', DATA, join(home, 'db'), home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  load.push(loadAverage());
  return [
    {
      metric: `first import of the bench year (${m.import.files} FIT files, ${m.import.inserted} inserted, ${m.import.failed} failed), in-process`,
      wallMs: m.import.wallMs, cpuMs: m.import.cpuMs, floor: { name: 'bare SDK decode', ...m.importFloor }, load, target: { ratio: 1.5 },
    },
    {
      metric: `re-import, all unchanged (${m.reimport.unchanged} / ${m.import.inserted})`,
      wallMs: m.reimport.wallMs, cpuMs: m.reimport.cpuMs, floor: { name: 'read + SHA-256 every file', ...m.reimportFloor }, load, target: { ratio: 3, seconds: 1.5 },
    },
    {
      metric: `garmin sync, ${SYNC_DAYS} days (${m.sync.activities} activities, ${m.sync.originals} original FIT files, ${m.sync.metricDays} days; ${m.sync.requests} requests), fake Garmin in-process`,
      wallMs: m.sync.wallMs, cpuMs: m.sync.cpuMs, floor: { name: `${m.sync.replayed} plain GETs replayed (4 at a time) + bare decode of the originals`, ...m.syncFloor }, load, target: { ratio: 2 },
    },
    {
      metric: `garmin sync again, nothing new (${m.resync.unchanged} unchanged, ${m.resync.imported} files; ${m.resync.requests} requests)`,
      wallMs: m.resync.wallMs, cpuMs: m.resync.cpuMs, floor: { name: 'its GETs replayed (4 at a time)', ...m.resyncFloor }, load, target: { ratio: 2 },
    },
  ];
}

if (process.argv[2] === '--child') {
  const [mode, a, b, c] = process.argv.slice(3);
  const result = mode === 'prepare' ? await childPrepare(a) : await childMeasure(a, b, c);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
