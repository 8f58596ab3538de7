// The seed's dashboard queries (user -> configs -> competitions; analysis -> results + files;
// config -> analysis history, newest 20) at 10k analyses (60k results, 30k files), on embedded
// PGlite (in memory) and on the Postgres server (a throwaway database on TEST_DATABASE_URL,
// default postgres://postgres@127.0.0.1:5432/test, dropped afterwards). p50/p95 over random
// ids, plus EXPLAIN: does the planner reach every filtered table through an index?
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DASHBOARD_QUERIES, explainPattern, random, runPattern, seedDashboard } from '../dashboard.mjs';
import { percentile, ROOT } from '../lib.mjs';

export const name = 'dashboard-queries';

const ANALYSES = Number(process.env.COACH_BENCH_ANALYSES ?? 10_000);
const ITERATIONS = 300;
const WARMUP = 30;
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', 'src', path)).href);

export async function run() {
  const { openDatabase } = await dist('db/connection.js');
  const { migrateToLatest } = await dist('db/migrator.js');
  const figures = [];

  const pglite = await openDatabase({ dataDir: 'memory' });
  try {
    await migrateToLatest(pglite.db);
    figures.push(...(await measure('pglite', pglite.db)));
  } finally {
    await pglite.close();
  }

  const dbName = `coach_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  let created = false;
  try {
    await admin(`CREATE DATABASE ${dbName}`);
    created = true;
  } catch (error) {
    figures.push({ metric: 'postgres server', value: `skipped: ${error.message}`, unit: '' });
  }
  if (created) {
    try {
      const url = new URL(SERVER_URL);
      url.pathname = `/${dbName}`;
      const server = await openDatabase({ url: url.toString() });
      try {
        await migrateToLatest(server.db);
        figures.push(...(await measure('postgres', server.db)));
      } finally {
        await server.close();
      }
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    }
  }
  return figures;
}

async function measure(target, db) {
  const seedStart = process.hrtime.bigint();
  const seeded = await seedDashboard(db, { analyses: ANALYSES });
  const seedMs = Number(process.hrtime.bigint() - seedStart) / 1e6;
  const c = seeded.counts;
  const figures = [
    { metric: `${target}: seed ${c.analyses} analyses, ${c.results} results, ${c.files} files, ${c.configs} configs, ${c.competitions} races (one transaction)`, value: seedMs / 1000, unit: 's' },
  ];
  for (const pattern of DASHBOARD_QUERIES) {
    const rand = random(11);
    for (let i = 0; i < WARMUP; i++) await runPattern(db, pattern, pattern.pick(seeded, rand));
    const times = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const params = pattern.pick(seeded, rand);
      const start = process.hrtime.bigint();
      await runPattern(db, pattern, params);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const params = pattern.pick(seeded, rand);
    const explained = await explainPattern(db, pattern, params);
    const forced = explained.usesIndex ? explained : await explainPattern(db, pattern, params, { seqscanOff: true });
    const how = explained.usesIndex
      ? `via ${[...new Set(explained.scans.filter((s) => s.index).map((s) => s.index))].join(', ')}`
      : `planner seq-scans ${explained.perTable.filter((t) => !t.viaIndex).map((t) => t.table).join(', ')}; ` +
        `with enable_seqscan=off: ${forced.usesIndex ? `via ${[...new Set(forced.scans.filter((s) => s.index).map((s) => s.index))].join(', ')}` : 'still no index'}`;
    figures.push(
      { metric: `${target}: ${pattern.label} p50`, value: percentile(times, 50), unit: 'ms' },
      { metric: `${target}: ${pattern.label} p95`, value: percentile(times, 95), unit: 'ms' },
      { metric: `${target}: ${pattern.label} uses index`, value: explained.usesIndex ? 'yes' : 'no', unit: how, target: 'yes' },
    );
  }
  return figures;
}

async function admin(statement) {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
