// FIT import of a generated training year (bench/generate-year.mjs, ~400 files) into a fresh
// embedded database, against its floor: bare SDK decoding of the same files (bench/floor.mjs
// fit-decode), timed in-process on both sides (start-up excluded). Targets: import within
// 1.5x of bare decoding; peak RSS of the import under 300 MB. Each side runs in its own child
// process, so peak RSS (process.resourceUsage().maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fitFiles } from '../floor.mjs';
import { floors, loadAverage } from '../lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');
const DATA = process.env.COACH_BENCH_FIT_DIR ?? join(ROOT, 'bench', 'data', 'year');

export const name = 'fit-import';

/** CPU time (user + system) since `since`: steadier than wall time on a shared machine. */
function cpuMs(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Creates and migrates the fresh database in its own process: PGlite's initdb peaks near 900 MB. */
async function childPrepare(dbDir) {
  const { openDatabase } = await import(pathToFileURL(join(DIST, 'db', 'connection.js')).href);
  const { migrateToLatest } = await import(pathToFileURL(join(DIST, 'db', 'migrator.js')).href);
  const { insertUser } = await import(pathToFileURL(join(DIST, 'db', 'users.repository.js')).href);
  const handle = await openDatabase({ dataDir: dbDir });
  await migrateToLatest(handle.db);
  await insertUser(handle.db, { email: 'bench@example.com', hashed_password: 'x' });
  await handle.close();
  return { maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function childImport(dir, dbDir) {
  const { openDatabase } = await import(pathToFileURL(join(DIST, 'db', 'connection.js')).href);
  const { findUserByEmail } = await import(pathToFileURL(join(DIST, 'db', 'users.repository.js')).href);
  const { importGarminData } = await import(pathToFileURL(join(DIST, 'garmin', 'import-service.js')).href);
  const handle = await openDatabase({ dataDir: dbDir });
  const openedRssMb = process.resourceUsage().maxRSS / 1024;
  try {
    const user = await findUserByEmail(handle.db, 'bench@example.com');
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    // Heap after a quarter of the files and after all of them (after a full GC): memory must
    // not grow with the number of files.
    const total = fitFiles(dir).length;
    const heapMb = () => {
      globalThis.gc?.();
      return process.memoryUsage().heapUsed / 2 ** 20;
    };
    let heapQuarterMb = null;
    const summary = await importGarminData(handle.db, user.id, [dir], {
      onFile: (_label, s) => {
        if (s.files === Math.floor(total / 4)) heapQuarterMb = heapMb();
      },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const heapEndMb = heapMb();
    const importCpuMs = cpuMs(cpu0);
    const againCpu = process.cpuUsage();
    const again = process.hrtime.bigint();
    const second = await importGarminData(handle.db, user.id, [dir]);
    const reimportMs = Number(process.hrtime.bigint() - again) / 1e6;
    const reimportCpuMs = cpuMs(againCpu);
    return {
      ms, cpuMs: importCpuMs, reimportMs, reimportCpuMs, heapQuarterMb, heapEndMb, inserted: summary.activities.inserted, failed: summary.failed.length,
      unchangedOnReimport: second.activities.unchanged, maxRssMb: process.resourceUsage().maxRSS / 1024, openedRssMb,
    };
  } finally {
    await handle.close();
  }
}

function runChild(mode, dbDir = '') {
  const [command, args] = mode === 'decode'
    ? [floors.fitDecode(DATA).command, floors.fitDecode(DATA).args]
    : [process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', mode, DATA, dbDir]];
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${mode} child failed: ${result.stderr.slice(-500)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

export async function run() {
  if (!existsSync(DATA) || fitFiles(DATA).length === 0) {
    const { generateYear } = await import(pathToFileURL(join(ROOT, 'bench', 'generate-year.mjs')).href);
    await generateYear({ out: DATA, log: (t) => process.stderr.write(t + '\n') });
  }
  // Warm the file cache so neither side pays for the first disk read.
  fitFiles(DATA).forEach((f) => readFileSync(f));
  const load = [loadAverage()];
  const decode = runChild('decode');
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-import-'));
  let imported;
  try {
    runChild('prepare', join(home, 'db'));
    imported = runChild('import', join(home, 'db'));
    load.push(loadAverage());
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return [
    { metric: 'files / 1 Hz records', value: `${decode.files} / ${decode.records}`, unit: '' },
    {
      metric: 'coach import (integrity check, decode, summarise, upsert), in-process', wallMs: imported.ms, cpuMs: imported.cpuMs,
      floor: { name: 'bare FIT SDK decode, in-process', wallMs: decode.ms, cpuMs: decode.cpuMs }, load, target: { ratio: 1.5 },
    },
    { metric: 'import peak RSS', value: imported.maxRssMb, unit: 'MB', target: { max: 300 } },
    { metric: '  of which PGlite open (empty database)', value: imported.openedRssMb, unit: 'MB' },
    { metric: 'bare decode peak RSS', value: decode.maxRssMb, unit: 'MB' },
    { metric: 'import JS heap after 1/4 of the files / after all (post-GC)', value: `${imported.heapQuarterMb?.toFixed(1)} / ${imported.heapEndMb.toFixed(1)}`, unit: 'MB', target: 'flat' },
    { metric: 'activities inserted / failed', value: `${imported.inserted} / ${imported.failed}`, unit: '' },
    { metric: 're-import (all unchanged)', value: imported.reimportMs / 1000, unit: 's', target: '< 1.5' },
    { metric: 're-import CPU time', value: imported.reimportCpuMs / 1000, unit: 's', target: '< 1.5' },
    { metric: 're-import / first import (wall)', value: imported.reimportMs / imported.ms, unit: 'x' },
    { metric: 'activities unchanged on re-import', value: `${imported.unchangedOnReimport} / ${imported.inserted}`, unit: '', target: 'all' },
  ];
}

if (process.argv[2] === '--child') {
  const [mode, dir, dbDir] = process.argv.slice(3);
  const result = mode === 'prepare' ? await childPrepare(dbDir) : await childImport(dir, dbDir);
  process.stdout.write(JSON.stringify(result) + '\n');
}
