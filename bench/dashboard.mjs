// The seed's dashboard query patterns (shared/seed-schema.md, "Query Patterns"), a bulk seeder
// for them and an EXPLAIN reader. Used by bench/suites/05-dashboard-queries.mjs and by
// test/integration/dashboard-indexes.test.ts, so the benchmark and the test look at the same
// SQL. Works on any Kysely<Database> (PGlite or the server); imports nothing from dist/.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';

/** Deterministic pseudo-random numbers (mulberry32) so every run seeds the same shape. */
export function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NODES = ['load_data', 'metrics_expert', 'activities_expert', 'physiology_expert', 'synthesis', 'weekly_planner'];
const RESULT_TYPES = ['summary', 'summary', 'summary', 'summary', 'recommendation', 'plan'];
const FILES = [
  ['report.html', 'report', 'text/html'],
  ['report.md', 'report', 'text/markdown'],
  ['analysis.json', 'data', 'application/json'],
];

/**
 * Seeds `users` users with `configsPerUser` configs each (`competitionsPerConfig` races per
 * config), then `analyses` analyses spread over the configs, each with one result per node
 * and three files. Multi-row inserts, one transaction. Returns the ids for the queries.
 */
export async function seedDashboard(db, { users = 50, configsPerUser = 4, competitionsPerConfig = 5, analyses = 10_000, resultsPerAnalysis = 6, filesPerAnalysis = 3, seed = 7 } = {}) {
  const rand = random(seed);
  const now = Date.UTC(2026, 10, 25);
  const userRows = [];
  const configRows = [];
  const competitionRows = [];
  for (let u = 0; u < users; u++) {
    const userId = randomUUID();
    userRows.push({ id: userId, email: `athlete${u}@bench.example`, full_name: `Athlete ${u}`, hashed_password: '$argon2id$bench' });
    for (let c = 0; c < configsPerUser; c++) {
      const configId = randomUUID();
      configRows.push({ id: configId, user_id: userId, name: `config-${c}`, is_active: c === 0 });
      for (let r = 0; r < competitionsPerConfig; r++) {
        const date = new Date(now + Math.round(rand() * 300) * 86_400_000).toISOString().slice(0, 10);
        competitionRows.push({ id: randomUUID(), training_config_id: configId, name: `Race ${r}`, date, priority: 'ABC'[r % 3], race_type: 'Marathon' });
      }
    }
  }
  const analysisRows = [];
  const resultRows = [];
  const fileRows = [];
  for (let a = 0; a < analyses; a++) {
    const config = configRows[Math.floor(rand() * configRows.length)];
    const analysisId = randomUUID();
    const createdAt = new Date(now - a * 3_600_000 - Math.round(rand() * 600_000));
    analysisRows.push({
      id: analysisId, user_id: config.user_id, training_config_id: config.id, status: rand() < 0.9 ? 'completed' : 'failed',
      analysis_type: 'full', progress_percentage: 100, summary: `Summary of analysis ${a}`, total_tokens: Math.round(rand() * 20_000),
      created_at: createdAt, updated_at: createdAt,
    });
    for (let n = 0; n < resultsPerAnalysis; n++) {
      resultRows.push({
        analysis_id: analysisId, node_name: NODES[n % NODES.length], result_type: RESULT_TYPES[n % RESULT_TYPES.length],
        title: `${NODES[n % NODES.length]} result`, content: 'x'.repeat(200), tokens_used: 1000, processing_time: 2,
      });
    }
    for (let f = 0; f < filesPerAnalysis; f++) {
      const [filename, fileType, mime] = FILES[f % FILES.length];
      fileRows.push({ analysis_id: analysisId, filename, file_type: fileType, mime_type: mime, file_size: 12_345, file_path: `/out/${analysisId}/${filename}` });
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertChunked(trx, 'user', userRows);
    await insertChunked(trx, 'trainingconfig', configRows);
    await insertChunked(trx, 'competition', competitionRows);
    await insertChunked(trx, 'analysis', analysisRows);
    await insertChunked(trx, 'analysisresult', resultRows);
    await insertChunked(trx, 'analysisfile', fileRows);
  });
  // Fresh statistics, as autovacuum would have after a real day of use.
  await sql`ANALYZE`.execute(db);
  return {
    userIds: userRows.map((r) => r.id),
    configs: configRows.map((r) => ({ id: r.id, userId: r.user_id })),
    analyses: analysisRows.map((r) => ({ id: r.id, userId: r.user_id })),
    counts: { users: userRows.length, configs: configRows.length, competitions: competitionRows.length, analyses: analysisRows.length, results: resultRows.length, files: fileRows.length },
  };
}

async function insertChunked(trx, table, rows, chunk = 1000) {
  for (let i = 0; i < rows.length; i += chunk) {
    await trx.insertInto(table).values(rows.slice(i, i + chunk)).execute();
  }
}

/**
 * Each dashboard pattern as the statements a screen issues, all scoped by the user as the
 * repositories are. `indexes`: per table whose access path matters, `leading`: the column an
 * index must start with to serve the query's filter, and `filters`: every column the query
 * filters that table on (an index starting with any of them is a fitting access path).
 */
export const DASHBOARD_QUERIES = [
  {
    key: 'user-configs-competitions',
    label: 'user -> configs -> competitions',
    pick: (seeded, rand) => ({ userId: seeded.userIds[Math.floor(rand() * seeded.userIds.length)] }),
    statements: ({ userId }) => [
      sql`select tc.id, tc.name, tc.is_active, c.id as competition_id, c.name as competition_name, c.date, c.priority
          from trainingconfig tc left join competition c on c.training_config_id = tc.id
          where tc.user_id = ${userId} order by tc.name, c.date`,
    ],
    indexes: [
      { table: 'trainingconfig', leading: 'user_id', filters: ['user_id'] },
      { table: 'competition', leading: 'training_config_id', filters: ['training_config_id'] },
    ],
  },
  {
    key: 'analysis-results-files',
    label: 'analysis -> results + files',
    pick: (seeded, rand) => seeded.analyses[Math.floor(rand() * seeded.analyses.length)],
    statements: ({ id, userId }) => [
      sql`select * from analysis where id = ${id} and user_id = ${userId}`,
      sql`select r.* from analysisresult r join analysis a on a.id = r.analysis_id
          where r.analysis_id = ${id} and a.user_id = ${userId} order by r.created_at`,
      sql`select f.* from analysisfile f join analysis a on a.id = f.analysis_id
          where f.analysis_id = ${id} and a.user_id = ${userId} order by f.filename`,
    ],
    indexes: [
      { table: 'analysis', leading: 'id', filters: ['id', 'user_id'] },
      { table: 'analysisresult', leading: 'analysis_id', filters: ['analysis_id'] },
      { table: 'analysisfile', leading: 'analysis_id', filters: ['analysis_id'] },
    ],
  },
  {
    key: 'config-analysis-history',
    label: 'config -> analysis history (newest 20)',
    pick: (seeded, rand) => seeded.configs[Math.floor(rand() * seeded.configs.length)],
    statements: ({ id, userId }) => [
      sql`select id, status, progress_percentage, total_tokens, estimated_cost, created_at from analysis
          where training_config_id = ${id} and user_id = ${userId} order by created_at desc limit 20`,
    ],
    indexes: [{ table: 'analysis', leading: 'training_config_id', filters: ['training_config_id', 'user_id'] }],
  },
];

/** Runs a pattern's statements once; returns the rows of each. */
export async function runPattern(db, pattern, params) {
  const results = [];
  for (const statement of pattern.statements(params)) results.push((await statement.execute(db)).rows);
  return results;
}

/**
 * EXPLAIN (FORMAT JSON) of every statement of a pattern: the scans of each relation, and
 * whether every table the pattern names is reached through an index (Index Scan, Index Only
 * Scan, or a Bitmap Heap Scan fed by an index) rather than a sequential scan. With
 * `seqscanOff` the planner is told to avoid sequential scans, which shows whether an index
 * that serves the query exists at all (the planner may still rightly prefer a sequential
 * scan on a table of a few pages).
 */
export async function explainPattern(db, pattern, params, { seqscanOff = false } = {}) {
  const scans = [];
  // SET LOCAL inside a transaction: on a pool, the setting must live on the connection that
  // runs the EXPLAIN, and must not leak to other queries.
  await db.transaction().execute(async (trx) => {
    if (seqscanOff) await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    for (const statement of pattern.statements(params)) {
      const compiled = statement.compile(trx);
      const { rows } = await trx.executeQuery({ ...compiled, sql: `EXPLAIN (FORMAT JSON) ${compiled.sql}` });
      const plan = firstValue(rows[0]);
      collectScans((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan, scans);
    }
  });
  const perTable = pattern.indexes.map(({ table }) => {
    const mine = scans.filter((s) => s.relation === table);
    const viaIndex = mine.length > 0 && mine.every((s) => s.index !== undefined);
    return { table, viaIndex, scans: mine };
  });
  return { usesIndex: perTable.every((t) => t.viaIndex), perTable, scans };
}

function firstValue(row) {
  return row[Object.keys(row)[0]];
}

function collectScans(node, out) {
  const type = node['Node Type'];
  if (type === 'Seq Scan' || type === 'Index Scan' || type === 'Index Only Scan' || type === 'Bitmap Heap Scan') {
    let index = node['Index Name'];
    if (type === 'Bitmap Heap Scan') index = findBitmapIndex(node);
    out.push({ type, relation: node['Relation Name'], index });
  }
  for (const child of node.Plans ?? []) collectScans(child, out);
}

function findBitmapIndex(node) {
  const names = [];
  const walk = (n) => {
    if (n['Node Type'] === 'Bitmap Index Scan') names.push(n['Index Name']);
    for (const c of n.Plans ?? []) walk(c);
  };
  for (const child of node.Plans ?? []) walk(child);
  return names.length ? names.join('+') : undefined;
}

/** Indexes of a table as { name, columns[] } in key order (pg_index, works on PGlite too). */
export async function tableIndexes(db, table) {
  const { rows } = await sql`
    select i.relname as name, array_to_string(array(
      select a.attname from unnest(ix.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.ord), ',') as columns
    from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
    where t.relname = ${table} and ix.indpred is null`.execute(db);
  return rows.map((r) => ({ name: r.name, columns: String(r.columns).split(',') }));
}
