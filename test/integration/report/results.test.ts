import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { createAnalysis, replaceAnalysisResults, updateAnalysis } from '../../../src/db/analyses.repository.js';
import { incrementDownloadCount } from '../../../src/db/analysis-files.repository.js';
import type { Database } from '../../../src/db/database.js';
import {
  findAnalysisDetail,
  getAnalysisDetail,
  latestAnalysisId,
  listAnalyses,
  listFiles,
} from '../../../src/db/results.repository.js';
import { createConfig } from '../../../src/db/training-configs.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { UserError } from '../../../src/errors.js';
import { loadReportInput } from '../../../src/report/load-report-input.js';
import { writeAnalysisFiles } from '../../../src/report/write-analysis-files.js';
import { fixturePlan } from '../../fixtures/report/report-fixture.js';
import { describeEachDatabase } from '../../support/databases.js';

const SECRET_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$SECRETHASHVALUE';

async function seed(db: Kysely<Database>, email: string, options: { outputDirectory?: string | null; enablePlotting?: boolean } = {}) {
  const user = await insertUser(db, { email, full_name: `Athlete ${email}`, hashed_password: SECRET_HASH });
  const config = await createConfig(db, user.id, {
    name: 'main',
    outputDirectory: options.outputDirectory ?? null,
    enablePlotting: options.enablePlotting ?? true,
  });
  const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
  await updateAnalysis(db, user.id, analysis.id, {
    status: 'completed',
    progress_percentage: 100,
    summary: '# Summary\n\nAll good.',
    recommendations: 'Sleep more.',
    weekly_plan: fixturePlan,
    data_summary: { today: '2026-11-20', activities: 0 },
    start_date: '2026-08-23',
    end_date: '2026-11-20',
    total_tokens: 42,
    estimated_cost: '0.5',
  });
  await replaceAnalysisResults(db, user.id, analysis.id, [
    { node_name: 'load_data', result_type: 'summary', title: 'Data used', content: 'none', data: { today: '2026-11-20' }, tokens_used: 0, processing_time: 1 },
    { node_name: 'weekly_planner', result_type: 'plan', title: 'Next week', content: 'plan', data: null, tokens_used: 42, processing_time: 2 },
  ]);
  return { user, config, analysisId: analysis.id };
}

async function fileRowCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('analysisfile').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase('results read side and report files', ({ getDb }) => {
  it('lists, shows and finds the latest analysis of the owner only', async () => {
    const db = getDb();
    const a = await seed(db, 'a@example.org');
    const b = await seed(db, 'b@example.org');

    const listA = await listAnalyses(db, a.user.id);
    expect(listA.map((r) => [r.id, r.configName, r.status, Number(r.totalTokens), Number(r.estimatedCost)])).toEqual([[a.analysisId, 'main', 'completed', 42, 0.5]]);
    expect(await listAnalyses(db, a.user.id, { status: 'failed' })).toEqual([]);
    expect(await listAnalyses(db, a.user.id, { status: 'completed', limit: 1 })).toHaveLength(1);

    const detail = await getAnalysisDetail(db, a.user.id, a.analysisId);
    expect(detail?.analysis.summary).toBe('# Summary\n\nAll good.');
    expect((detail?.analysis.weeklyPlan as typeof fixturePlan).days).toHaveLength(7);
    expect(detail?.results.map((r) => r.nodeName)).toEqual(['load_data', 'weekly_planner']);
    expect(JSON.stringify(detail)).not.toContain('SECRETHASHVALUE');

    expect(await latestAnalysisId(db, a.user.id)).toBe(a.analysisId);
    expect(await latestAnalysisId(db, b.user.id)).toBe(b.analysisId);

    // Isolation: B cannot see A's analysis, even with its exact id; malformed ids are "not found".
    expect(await findAnalysisDetail(db, b.user.id, a.analysisId)).toBeUndefined();
    expect(await getAnalysisDetail(db, b.user.id, a.analysisId)).toBeUndefined();
    expect(await getAnalysisDetail(db, a.user.id, "x' or 1=1 --")).toBeUndefined();
    expect(await listAnalyses(db, 'not-a-uuid')).toEqual([]);
    await expect(loadReportInput(db, b.user.id, a.analysisId)).rejects.toBeInstanceOf(UserError);
  });

  it('writes report, data and plot files and records one analysisfile row per file', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-report-'));
    const a = await seed(db, 'a@example.org', { outputDirectory: out });
    const b = await seed(db, 'b@example.org');

    const written = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId });
    expect(written.map((f) => f.filename).sort()).toEqual([
      'analysis.json',
      'plot-fitness-fatigue-form.svg',
      'plot-fitness-projection.svg',
      'plot-intensity-distribution.svg',
      'plot-planned-week.svg',
      'plot-weekly-load.svg',
      'plot-wellness-trends.svg',
      'report.html',
      'report.md',
    ]);
    const rows = await listFiles(db, a.user.id, a.analysisId);
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      expect(row.filePath!.startsWith(join(out, a.analysisId) + '/')).toBe(true);
      expect(row.fileSize).toBe(statSync(row.filePath!).size);
      expect(row.isPublic).toBe(false);
      expect(row.downloadCount).toBe(0);
      expect(row.fileType).toBe(row.filename.endsWith('.svg') ? 'plot' : row.filename.endsWith('.json') ? 'data' : 'report');
    }
    expect(rows.find((r) => r.filename === 'report.html')!.mimeType).toBe('text/html');
    const json = JSON.parse(readFileSync(join(out, a.analysisId, 'analysis.json'), 'utf8'));
    expect(json.weeklyPlan.days).toHaveLength(7);
    expect(JSON.stringify(json)).not.toContain('SECRETHASHVALUE');

    // Writing again replaces the rows, it does not duplicate them.
    await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId });
    expect(await fileRowCount(db)).toBe(9);

    // B can neither write A's files nor count a download of them.
    await expect(writeAnalysisFiles(db, { userId: b.user.id, analysisId: a.analysisId })).rejects.toBeInstanceOf(UserError);
    expect(await incrementDownloadCount(db, b.user.id, a.analysisId, ['analysis.json'])).toBe(0);
    expect(await listFiles(db, b.user.id, a.analysisId)).toEqual([]);

    expect(await incrementDownloadCount(db, a.user.id, a.analysisId, ['analysis.json'])).toBe(1);
    expect(await incrementDownloadCount(db, a.user.id, a.analysisId, ['analysis.json'])).toBe(1);
    const after = await listFiles(db, a.user.id, a.analysisId);
    expect(after.find((r) => r.filename === 'analysis.json')!.downloadCount).toBe(2);
    expect(after.find((r) => r.filename === 'report.html')!.downloadCount).toBe(0);
  });

  it('files written by the report step (run still marked running) show the finished analysis', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-report-'));
    const a = await seed(db, 'a@example.org', { outputDirectory: out, enablePlotting: false });
    await updateAnalysis(db, a.user.id, a.analysisId, { status: 'running', current_node: 'expert_load', progress_percentage: 44 });
    await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId });
    const json = JSON.parse(readFileSync(join(out, a.analysisId, 'analysis.json'), 'utf8'));
    expect(json.analysis).toMatchObject({ status: 'completed', currentNode: 'report', progressPercentage: 100 });
    expect(readFileSync(join(out, a.analysisId, 'report.html'), 'utf8')).toContain('Status: completed');
    // Without a summary and plan a running analysis is shown as running.
    await updateAnalysis(db, a.user.id, a.analysisId, { summary: null, weekly_plan: null });
    await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId });
    expect(JSON.parse(readFileSync(join(out, a.analysisId, 'analysis.json'), 'utf8')).analysis.status).toBe('running');
  });

  it('writes no plots when the config turns plotting off', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-report-'));
    const a = await seed(db, 'a@example.org', { outputDirectory: out, enablePlotting: false });
    const written = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId });
    expect(written.map((f) => f.filename).sort()).toEqual(['analysis.json', 'report.html', 'report.md']);
    expect(await fileRowCount(db)).toBe(3);
  });

  it('an unwritable output folder is a clear UserError and records no rows', async () => {
    const db = getDb();
    const blocker = join(mkdtempSync(join(tmpdir(), 'coach-report-')), 'a-file');
    writeFileSync(blocker, 'in the way');
    const a = await seed(db, 'a@example.org', { outputDirectory: blocker });
    const error = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysisId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/cannot write the report files: .*(ENOTDIR|EEXIST)/);
    expect(await fileRowCount(db)).toBe(0);
  });
});
