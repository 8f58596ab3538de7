import { sql } from 'kysely';
import { expect, it } from 'vitest';
// The same query definitions and seeder the benchmark (bench/suites/05) times.
// @ts-expect-error plain ESM module without type declarations
import { DASHBOARD_QUERIES, explainPattern, random, runPattern, seedDashboard, tableIndexes } from '../../bench/dashboard.mjs';
import { describeEachDatabase } from '../support/databases.js';

interface IndexSpec { table: string; leading: string; filters: string[] }
interface Scan { type: string; relation: string; index?: string }
interface Pattern { key: string; label: string; indexes: IndexSpec[]; pick: (seeded: unknown, rand: () => number) => Record<string, string> }
const patterns = DASHBOARD_QUERIES as Pattern[];

/**
 * The seed's dashboard queries must have indexes behind them: for every table each query
 * filters, an index exists whose leading column is the filter, and the plan (with sequential
 * scans disabled, so the answer does not depend on how few rows a test can afford) reaches
 * the table through such an index. bench/suites/05 reports what the planner picks unforced
 * at 10k analyses.
 */
describeEachDatabase('dashboard query indexes', ({ getDb }) => {
  it('an index leads with the filter column of every dashboard query', async () => {
    const db = getDb();
    for (const pattern of patterns) {
      for (const spec of pattern.indexes) {
        const indexes: Array<{ name: string; columns: string[] }> = await tableIndexes(db, spec.table);
        expect(indexes.map((i) => i.columns[0]), `${pattern.label}: index on ${spec.table}(${spec.leading}, ...)`).toContain(spec.leading);
      }
    }
  });

  it('EXPLAIN reaches every filtered table through a fitting index, and the queries return the right rows', async () => {
    const db = getDb();
    const seeded = await seedDashboard(db, { users: 6, configsPerUser: 3, competitionsPerConfig: 4, analyses: 600, resultsPerAnalysis: 3, filesPerAnalysis: 2 });
    expect(seeded.counts).toMatchObject({ analyses: 600, results: 1800, files: 1200, configs: 18, competitions: 72 });
    const rand = random(3);
    for (const pattern of patterns) {
      const params = pattern.pick(seeded, rand);
      const explained = await explainPattern(db, pattern, params, { seqscanOff: true });
      for (const spec of pattern.indexes) {
        const fitting = (await tableIndexes(db, spec.table) as Array<{ name: string; columns: string[] }>)
          .filter((i) => spec.filters.includes(i.columns[0]))
          .map((i) => i.name);
        const scans = explained.scans.filter((s: Scan) => s.relation === spec.table) as Scan[];
        expect(scans.length, `${pattern.label}: ${spec.table} is scanned`).toBeGreaterThan(0);
        for (const scan of scans) {
          expect(scan.type, `${pattern.label}: ${spec.table}`).not.toBe('Seq Scan');
          for (const name of String(scan.index).split('+')) expect(fitting, `${pattern.label}: ${spec.table} via ${name}`).toContain(name);
        }
      }
      expect(explained.usesIndex, pattern.label).toBe(true);
    }

    // Results, not only plans: the history is the config's own newest 20, newest first.
    const config = seeded.configs[0];
    const [history] = await runPattern(db, patterns.find((p) => p.key === 'config-analysis-history'), config);
    const { rows: all } = await sql<{ id: string; created_at: Date }>`
      select id, created_at from analysis where training_config_id = ${config.id} order by created_at desc`.execute(db);
    expect(all.length).toBeGreaterThan(0);
    expect(history.map((row: { id: string }) => row.id)).toEqual(all.slice(0, 20).map((row) => row.id));

    // Scoped by user: another user's id finds nothing.
    const other = seeded.userIds.find((id: string) => id !== config.userId);
    const [foreign] = await runPattern(db, patterns.find((p) => p.key === 'config-analysis-history'), { id: config.id, userId: other });
    expect(foreign).toEqual([]);
    const analysis = seeded.analyses[0];
    const [row, results, files] = await runPattern(db, patterns.find((p) => p.key === 'analysis-results-files'), analysis);
    expect([row.length, results.length, files.length]).toEqual([1, 3, 2]);
    const hidden = await runPattern(db, patterns.find((p) => p.key === 'analysis-results-files'), { id: analysis.id, userId: other });
    expect(hidden.map((rows: unknown[]) => rows.length)).toEqual([0, 0, 0]);
  });
});
