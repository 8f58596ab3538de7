import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { listAnalysisResults } from '../../../src/db/analyses.repository.js';
import { loadFactsInput } from '../../../src/db/training-data.repository.js';
import { writeAnalysisFiles } from '../../../src/report/write-analysis-files.js';
import { runAnalysis } from '../../../src/workflow/run-analysis.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

describeEachDatabase('coach analyze with the offline coach', ({ getDb }) => {
  it('runs every node, writes the analysis and one result per node, and says no model was used', async () => {
    const db = getDb();
    const { user, config } = await seedAthlete(db);
    const progress: string[] = [];
    const outcome = await runAnalysis({
      db, dialect: 'pglite', userId: user.id, interactive: false, models: null, today: TODAY, writeFiles: null,
      onProgress: (e) => progress.push(`${e.node}:${e.percentage}`),
    });
    expect(outcome.status).toBe('completed');
    const row = await db.selectFrom('analysis').selectAll().where('id', '=', outcome.analysisId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', progress_percentage: 100, user_id: user.id, training_config_id: config.id, total_tokens: 0, retry_count: 0 });
    expect(row.summary).toContain('no language model was used');
    expect(row.recommendations).toContain('is in the plan section');
    // The plan is shown once: not in the summary, not in the recommendations (fixes "printed three times").
    expect(row.summary).not.toContain('Next 7 days');
    expect(row.recommendations).not.toMatch(/Steps: /);
    expect(row.data_summary).toMatchObject({ activities: expect.any(Number) });
    expect(row.start_date).not.toBeNull();
    const plan = row.weekly_plan as TrainingPlan;
    expect(validatePlan(plan)).toEqual([]);
    expect(plan).toMatchObject({ schemaVersion: 2, source: 'rules', weekStart: TODAY });
    expect(plan.days).toHaveLength(7);
    expect(plan.weeks).toHaveLength(3);
    expect(plan.totalPlannedLoad).toBeLessThanOrEqual(plan.loadCap);
    const results = await listAnalysisResults(db, user.id, outcome.analysisId);
    expect(results.map((r) => r.node_name)).toEqual([
      'load_data', 'expert_load', 'expert_sessions', 'expert_recovery', 'synthesis', 'season_planner', 'weekly_planner', 'report',
    ]);
    expect(results.find((r) => r.node_name === 'weekly_planner')?.result_type).toBe('plan');
    expect(results.find((r) => r.node_name === 'report')?.result_type).toBe('recommendation');
    expect(progress[0]).toBe('load_data:11');
    expect(progress.at(-1)).toBe('report:100');
    // The experts ran in one step: all three finished before hitl and synthesis.
    const order = progress.map((p) => p.split(':')[0]);
    expect(order.slice(1, 4).sort()).toEqual(['expert_load', 'expert_recovery', 'expert_sessions']);
  });

  it('hands the report writer the run\'s facts, the same the writer would rebuild from the rows', async () => {
    const db = getDb();
    const { user, config } = await seedAthlete(db);
    const out = mkdtempSync(join(tmpdir(), 'coach-analyze-files-'));
    const given: (Facts | undefined)[] = [];
    const outcome = await runAnalysis({
      db, dialect: 'pglite', userId: user.id, interactive: false, models: null, today: TODAY, plots: false,
      writeFiles: async (args) => {
        given.push(args.facts);
        return writeAnalysisFiles(db, { ...args, plots: false, outputDir: out });
      },
    });
    expect(outcome.reportNote).toBe('3 report file(s) written');
    expect(given).toHaveLength(1);
    const rebuilt = buildFacts(await loadFactsInput(db, { userId: user.id, configId: config.id, today: TODAY }));
    expect(given[0]).toEqual(rebuilt);
    const json = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(json.facts).toEqual(JSON.parse(JSON.stringify(rebuilt)));
  });
});
