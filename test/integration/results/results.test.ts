import { mkdtempSync, readFileSync, existsSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { incrementDownloadCount } from '../../../src/db/analysis-files.repository.js';
import { toJson } from '../../../src/db/json.js';
import { findAnalysisDetail, findAnalysisIdsByPrefix, findLatestAnalysisDetail, listAnalyses, listFiles, listResults } from '../../../src/db/results.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { UserError } from '../../../src/errors.js';
import { buildExportDocument } from '../../../src/report/export-json.js';
import { loadReportInput } from '../../../src/report/load-report-input.js';
import { writeAnalysisFiles } from '../../../src/report/write-analysis-files.js';
import { describeEachDatabase } from '../../support/databases.js';

const TODAY = '2026-11-20';
const SECRET_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$SECRET-HASH-MUST-NOT-LEAK';

type AjvClass = typeof AjvModule.default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
const schema = JSON.parse(readFileSync(new URL('../../../templates/schema/analysis-export.schema.json', import.meta.url), 'utf8'));
const validateExport = new Ajv({ allErrors: true, strict: true }).compile(schema);

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const plan = {
  weekStart: addDays(TODAY, 1),
  phase: 'build',
  loadCap: 420,
  targetLoad: 380,
  totalPlannedLoad: 375,
  rules: ['weekly load at most 1.1 x the usual week'],
  days: Array.from({ length: 7 }, (_, i) => ({
    date: addDays(TODAY, i + 1),
    sport: i === 0 ? 'rest' : i % 2 ? 'running' : 'cycling',
    title: i === 0 ? 'Rest' : `Session ${i}`,
    intensity: i === 0 ? 'rest' : i === 3 ? 'hard' : 'easy',
    duration_min: i === 0 ? 0 : 45 + i * 5,
    plannedLoad: i === 0 ? 0 : 50 + i * 3,
    description: i === 0 ? 'Day off' : 'Steady aerobic',
  })),
};

/** A user with a config, 60 days of rides and runs, wellness, and one completed analysis with results. */
async function seedAthlete(db: Kysely<Database>, email: string, options: { outputDirectory?: string | null; plotting?: boolean } = {}) {
  const user = await insertUser(db, { email, full_name: `Athlete ${email.split("@")[0]}`, hashed_password: SECRET_HASH });
  const config = await db
    .insertInto('trainingconfig')
    .values({
      user_id: user.id,
      name: 'main',
      is_active: true,
      activities_days: 42,
      metrics_days: 28,
      enable_plotting: options.plotting ?? true,
      output_directory: options.outputDirectory ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const activities = [];
  const metrics = [];
  for (let i = 59; i >= 0; i--) {
    const date = addDays(TODAY, -i);
    if (i % 7 !== 0) {
      const run = i % 2 === 0;
      activities.push({
        user_id: user.id,
        source: 'fit',
        source_id: `${email}-${i}`,
        sport: run ? 'running' : 'cycling',
        start_time: `${date}T07:00:00Z`,
        moving_time_s: run ? 2700 : 4500,
        elapsed_time_s: run ? 2800 : 4600,
        distance_m: run ? 9000 : 38000,
        avg_hr: 140 + (i % 5) * 3,
        max_hr: 178,
        avg_power: run ? null : 200,
        normalized_power: run ? null : 215,
        hr_time_in_zones: toJson({ basis: 'hr', zones: [{ name: 'Z1', min: 100, max: 140, seconds: 2000 }, { name: 'Z2', min: 140, max: 160, seconds: 500 }, { name: 'Z3', min: 160, max: 190, seconds: 200 }] }),
      });
    }
    metrics.push({ user_id: user.id, date, resting_hr: 48 + (i % 4), hrv_nightly_avg: 60 + (i % 6), sleep_duration_s: 27000 + (i % 3) * 900, sleep_score: 80 });
  }
  await db.insertInto('activity').values(activities).execute();
  await db.insertInto('daily_metric').values(metrics).execute();

  const analysis = await db
    .insertInto('analysis')
    .values({
      user_id: user.id,
      training_config_id: config.id,
      status: 'completed',
      analysis_type: 'offline:standard',
      workflow_id: 'coach-analysis/v1',
      progress_percentage: 100,
      summary: '# Report\n\nSolid block. <img src=x onerror=alert(1)>',
      recommendations: '- Keep the long ride\n- Sleep more',
      weekly_plan: toJson(plan),
      data_summary: toJson({ factsSchemaVersion: 1, today: TODAY, activities: activities.length }),
      start_date: addDays(TODAY, -41),
      end_date: TODAY,
      total_tokens: 1234,
      estimated_cost: '0.012345',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('analysisresult')
    .values([
      { analysis_id: analysis.id, node_name: 'load_data', result_type: 'summary', title: 'Data used', content: 'Activities: 51', data: toJson({ today: TODAY }), tokens_used: 0, processing_time: 0, created_at: new Date(Date.now() - 2) },
      { analysis_id: analysis.id, node_name: 'expert_load', result_type: 'summary', title: 'Load', content: 'CTL rising', data: null, tokens_used: 1000, processing_time: 2, created_at: new Date(Date.now() - 1) },
      { analysis_id: analysis.id, node_name: 'weekly_planner', result_type: 'plan', title: 'Next week', content: 'Plan', data: toJson(plan), tokens_used: 234, processing_time: 1, created_at: new Date() },
    ])
    .execute();
  return { user, config, analysis };
}

async function fileRowCount(db: Kysely<Database>, analysisId: string): Promise<number> {
  const row = await db.selectFrom('analysisfile').select((eb) => eb.fn.countAll<number>().as('n')).where('analysis_id', '=', analysisId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase('results read side and report files', ({ getDb }) => {
  it('lists, shows and exports only the current user\'s analyses', async () => {
    const db = getDb();
    const a = await seedAthlete(db, 'a@example.com');
    const b = await seedAthlete(db, 'b@example.com');
    await db.insertInto('analysis').values({ user_id: a.user.id, training_config_id: a.config.id, status: 'failed', error_message: 'provider timeout' }).execute();

    const listA = await listAnalyses(db, a.user.id);
    expect(listA).toHaveLength(2);
    expect(listA.every((r) => r.configName === 'main')).toBe(true);
    expect(listA.map((r) => r.id)).toContain(a.analysis.id);
    expect(listA.map((r) => r.id)).not.toContain(b.analysis.id);
    expect(await listAnalyses(db, a.user.id, { statuses: ['completed'] })).toHaveLength(1);
    expect(await listAnalyses(db, a.user.id, { limit: 1 })).toHaveLength(1);
    const completed = (await listAnalyses(db, a.user.id, { statuses: ['completed'] }))[0]!;
    expect(completed).toMatchObject({ status: 'completed', analysisType: 'offline:standard', totalTokens: 1234, estimatedCost: expect.stringMatching(/^0\.0123/) });

    // B's id through A's eyes: not found everywhere.
    expect(await findAnalysisDetail(db, a.user.id, b.analysis.id)).toBeUndefined();
    expect(await listResults(db, a.user.id, b.analysis.id)).toEqual([]);
    expect(await listFiles(db, a.user.id, b.analysis.id)).toEqual([]);
    expect(await findAnalysisIdsByPrefix(db, a.user.id, b.analysis.id.slice(0, 8))).toEqual([]);
    await expect(loadReportInput(db, a.user.id, b.analysis.id)).rejects.toBeInstanceOf(UserError);
    expect(await findAnalysisDetail(db, a.user.id, 'not-a-uuid')).toBeUndefined();

    expect((await findLatestAnalysisDetail(db, a.user.id, ['completed']))?.id).toBe(a.analysis.id);
    expect(await findAnalysisIdsByPrefix(db, a.user.id, a.analysis.id.slice(0, 8))).toEqual([a.analysis.id]);

    const results = await listResults(db, a.user.id, a.analysis.id);
    expect(results.map((r) => r.nodeName)).toEqual(['load_data', 'expert_load', 'weekly_planner']);
  });

  it('builds an export document that validates against the published schema and carries no secrets', async () => {
    const db = getDb();
    const a = await seedAthlete(db, 'a@example.com');
    const input = await loadReportInput(db, a.user.id, a.analysis.id);
    // The facts are rebuilt from the rows with the analysis's as-of date.
    expect(input.facts?.today).toBe(TODAY);
    expect(input.facts!.data.activities).toBeGreaterThan(30);
    const doc = buildExportDocument(input);
    const ok = validateExport(JSON.parse(JSON.stringify(doc)));
    expect(validateExport.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.weeklyPlan).toEqual(plan);
    expect(doc.analysis.estimatedCost).toBeCloseTo(0.012345, 6);
    expect(doc.results).toHaveLength(3);
    const text = JSON.stringify(doc);
    expect(text).not.toContain(SECRET_HASH);
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('a@example.com');
  });

  it('writes HTML, Markdown, JSON and plot SVGs and records one analysisfile row per file', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-results-'));
    const a = await seedAthlete(db, 'a@example.com', { outputDirectory: out });
    const written = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysis.id });
    const dir = join(out, a.analysis.id);
    expect(written.map((w) => w.filename).sort()).toEqual(readdirSync(dir).sort());
    expect(written.filter((w) => w.fileType === 'report').map((w) => w.filename).sort()).toEqual(['report.html', 'report.md']);
    expect(written.filter((w) => w.fileType === 'data').map((w) => w.filename)).toEqual(['analysis.json']);
    const plots = written.filter((w) => w.fileType === 'plot');
    expect(plots.map((p) => p.filename).sort()).toEqual([
      'plot-fitness-fatigue-form.svg', 'plot-fitness-projection.svg', 'plot-intensity-distribution.svg', 'plot-planned-week.svg', 'plot-weekly-load.svg', 'plot-wellness-trends.svg',
    ]);
    for (const p of plots) {
      const svg = readFileSync(p.filePath, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      // A version 1 plan has no sessions to project: that chart says so.
      if (p.filename === 'plot-fitness-projection.svg') expect(svg).toContain('no data');
      else expect(svg).toMatch(/class="mark-(line|rect|symbol)/);
    }

    const rows = await listFiles(db, a.user.id, a.analysis.id);
    expect(rows).toHaveLength(written.length);
    for (const row of rows) {
      expect(row.filePath!.startsWith(dir)).toBe(true);
      expect(row.fileSize).toBe(statSync(row.filePath!).size);
      expect(row.isPublic).toBe(false);
      expect(row.downloadCount).toBe(0);
      expect(row.mimeType).toBe({ plot: 'image/svg+xml', data: 'application/json', report: row.filename.endsWith('.html') ? 'text/html' : 'text/markdown' }[row.fileType]);
    }
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);

    // Writing again replaces files and rows: no duplicates.
    await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysis.id });
    expect(await fileRowCount(db, a.analysis.id)).toBe(written.length);

    // Download counts: the owner's export counts, another user's attempt changes nothing.
    const b = await seedAthlete(db, 'b@example.com');
    expect(await incrementDownloadCount(db, b.user.id, a.analysis.id, ['analysis.json'])).toBe(0);
    expect(await incrementDownloadCount(db, a.user.id, a.analysis.id, ['analysis.json'])).toBe(1);
    expect(await incrementDownloadCount(db, a.user.id, a.analysis.id, ['analysis.json'])).toBe(1);
    const json = (await listFiles(db, a.user.id, a.analysis.id)).find((f) => f.filename === 'analysis.json')!;
    expect(json.downloadCount).toBe(2);

    // Another user cannot have files written (or rows recorded) for A's analysis.
    await expect(writeAnalysisFiles(db, { userId: b.user.id, analysisId: a.analysis.id })).rejects.toBeInstanceOf(UserError);
    expect(await fileRowCount(db, a.analysis.id)).toBe(written.length);
  });

  it('writes no plots when the config turns plotting off', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-results-'));
    const a = await seedAthlete(db, 'a@example.com', { outputDirectory: out, plotting: false });
    const written = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysis.id });
    expect(written.map((w) => w.filename).sort()).toEqual(['analysis.json', 'report.html', 'report.md']);
    expect(await fileRowCount(db, a.analysis.id)).toBe(3);
  });

  it('an unwritable output directory is a UserError and records no rows', async () => {
    const db = getDb();
    const base = mkdtempSync(join(tmpdir(), 'coach-results-'));
    const blocker = join(base, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const a = await seedAthlete(db, 'a@example.com', { outputDirectory: blocker });
    const error = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysis.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/cannot write the report files: .*not-a-folder/);
    expect(await fileRowCount(db, a.analysis.id)).toBe(0);
  });

  it('a full disk halfway through removes what was written and records no rows', async () => {
    const db = getDb();
    const out = mkdtempSync(join(tmpdir(), 'coach-results-'));
    const a = await seedAthlete(db, 'a@example.com', { outputDirectory: out });
    let calls = 0;
    const { writeFile } = await import('node:fs/promises');
    const error = await writeAnalysisFiles(db, { userId: a.user.id, analysisId: a.analysis.id }, {
      writeFile: async (path, data) => {
        calls += 1;
        if (calls === 3) {
          await writeFile(path, data.slice(0, 10)); // a partial file, as a full disk leaves
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await writeFile(path, data);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/no space left/);
    expect(await fileRowCount(db, a.analysis.id)).toBe(0);
    const dir = join(out, a.analysis.id);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
