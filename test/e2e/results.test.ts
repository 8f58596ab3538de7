import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvModule from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeSyntheticActivity, type SyntheticActivity } from '../../src/garmin/synthetic-fit.js';
import { COACH_BIN, runCoach, tempCoachHome } from '../support/cli.js';

/**
 * The results commands through the built binary, on an analysis the real pipeline made:
 * init -> garmin import (eight weeks of synthetic FIT files) -> analyze --provider offline
 * -> results list/show/export, a shell pipeline into jq, and the HTML report in Chromium.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TODAY = '2026-03-01';
const PASSWORD = 'Str0ng-pass-phrase!';
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test', 'artifacts');

type AjvClass = typeof AjvModule.default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
const validateExport = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'templates/schema/analysis-export.schema.json'), 'utf8')),
);

function trainingWeeks(weeks: number): SyntheticActivity[] {
  const start = Date.parse('2026-01-05T00:00:00Z'); // a Monday, 8 weeks before TODAY
  const out: SyntheticActivity[] = [];
  let seed = 1;
  for (let w = 0; w < weeks; w++) {
    const day = (d: number, h: number) => new Date(start + ((w * 7 + d) * 24 + h) * 3_600_000);
    const more = 1 + 0.1 * w;
    out.push({ sport: 'running', start: day(1, 6), durationS: Math.round(2400 * more), withHeartRate: true, serialNumber: 101, seed: seed++ });
    out.push({ sport: 'cycling', start: day(2, 17), durationS: Math.round(3600 * more), withHeartRate: true, withPower: true, targetPower: 200, deviceFtp: 250, deviceMaxHr: 188, serialNumber: 202, seed: seed++ });
    out.push({ sport: 'swimming', start: day(4, 7), durationS: 1800, withHeartRate: true, serialNumber: 303, seed: seed++ });
    out.push({ sport: 'running', start: day(6, 8), durationS: Math.round(4200 * more), withHeartRate: true, serialNumber: 101, seed: seed++ });
  }
  return out;
}

function sh(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...env })) if (v !== undefined && k !== 'DATABASE_URL') fullEnv[k] = v;
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Every command is a fresh process on a shared 2-core machine: allow minutes, not seconds.
describe('coach results (built binary, real pipeline)', { timeout: 300_000 }, () => {
  let home: string;
  let env: Record<string, string>;
  let analysisId: string;

  beforeAll(async () => {
    home = tempCoachHome();
    env = { COACH_HOME: home, COACH_TODAY: TODAY };
    const fitDir = join(home, 'fit');
    mkdirSync(fitDir, { recursive: true });
    const activities = trainingWeeks(8);
    for (const [i, spec] of activities.entries()) writeFileSync(join(fitDir, `a${i}.fit`), await encodeSyntheticActivity(spec));

    const init = await runCoach(['init', '--email', 'ann@example.com', '--name', 'Ann <Runner>', '--password-stdin'], { env, input: `${PASSWORD}\n` });
    expect(init.code, init.stderr).toBe(0);
    // Ann stays the acting user even after a later test makes Bob the current one.
    env.COACH_USER = 'ann@example.com';
    const imported = await runCoach(['garmin', 'import', fitDir], { env, timeoutMs: 180_000 });
    expect(imported.code, imported.stderr).toBe(0);
    const analyzed = await runCoach(['analyze', '--provider', 'offline'], { env, timeoutMs: 180_000 });
    expect(analyzed.code, analyzed.stderr).toBe(0);
    analysisId = /analysis ([0-9a-f-]{36}) completed/.exec(analyzed.stdout + analyzed.stderr)![1]!;
  }, 400_000);

  it('lists the analysis (table and --json) and shows it', async () => {
    const list = await runCoach(['results', 'list'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe('ID\tDate\tConfig\tStatus\tMode\tTokens\tCost');
    expect(list.stdout).toContain(`${analysisId.slice(0, 8)}\t`);
    expect(list.stdout).toMatch(/\tmain\tcompleted\toffline:/);

    const json = await runCoach(['results', 'list', '--status', 'completed', '--json'], { env });
    const body = JSON.parse(json.stdout);
    expect(body.schemaVersion).toBe(1);
    expect(body.analyses.map((a: { id: string }) => a.id)).toEqual([analysisId]);

    const bad = await runCoach(['results', 'list', '--status', 'done'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^coach: --status: unknown status "done"/);

    const show = await runCoach(['results', 'show', analysisId.slice(0, 8)], { env });
    expect(show.code, show.stderr).toBe(0);
    for (const heading of ['Summary', 'Recommendations', 'Next week', 'Node results', 'Files']) expect(show.stdout).toContain(`\n${heading}\n`);
    expect(show.stdout).toMatch(/Date\tSport\tSession\tIntensity\tMinutes\tLoad\tDetails/);
    expect(show.stdout).toContain('load_data\tsummary');
    expect(show.stdout).toContain('report.html\treport');
  });

  it('exports JSON that validates, with nothing but JSON on stdout and no secrets', async () => {
    const out = await runCoach(['results', 'export', '--latest', '--format', 'json'], { env });
    expect(out.code, out.stderr).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(validateExport(doc), JSON.stringify(validateExport.errors)).toBe(true);
    expect(doc.analysis.id).toBe(analysisId);
    expect(doc.weeklyPlan.days).toHaveLength(7);
    expect(doc.facts.today).toBe(TODAY);
    // The default activities window (21 days) holds the last three weeks: 12 sessions.
    expect(doc.facts.data.activities).toBeGreaterThanOrEqual(10);
    expect(out.stdout).not.toMatch(/argon2|hashed_password|encrypted_password|ann@example\.com/);
  });

  it('works as a real shell pipeline: results export --latest --format json | jq .weeklyPlan', async () => {
    const hasJq = spawnSync('which', ['jq']).status === 0;
    // Without jq, node reads the pipe instead (said in the test name of the run log).
    const consumer = hasJq ? 'jq .weeklyPlan' : `node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify(JSON.parse(s).weeklyPlan,null,2)))"`;
    if (!hasJq) console.warn('jq not installed: the pipeline test uses node -e as the consumer');
    const result = await sh(`node ${JSON.stringify(COACH_BIN)} results export --latest --format json | ${consumer}`, { COACH_HOME: home });
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.days).toHaveLength(7);
    expect(plan.days[0].date > TODAY).toBe(true);
    expect(typeof plan.totalPlannedLoad).toBe('number');
  });

  it('exports Markdown, HTML and NDJSON to files and counts downloads', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'coach-export-'));
    const before = JSON.parse((await runCoach(['results', 'show', analysisId, '--json'], { env })).stdout);
    const downloads = (name: string, doc: { files: Array<{ filename: string; downloadCount: number }> }) => doc.files.find((f) => f.filename === name)!.downloadCount;

    const md = await runCoach(['results', 'export', analysisId, '--format', 'md', '-o', `${outDir}/`], { env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toBe('');
    const mdPath = /wrote (.+\.md)/.exec(md.stderr)![1]!;
    const markdown = readFileSync(mdPath, 'utf8');
    expect(markdown).toMatch(/^# /);
    expect(markdown).toContain('| Date | Sport | Session |');

    const htmlPath = join(outDir, 'report.html');
    const html = await runCoach(['results', 'export', '--latest', '--format', 'html', '-o', htmlPath], { env });
    expect(html.code, html.stderr).toBe(0);
    const page = readFileSync(htmlPath, 'utf8');
    expect(page).toContain('Ann &lt;Runner&gt;');
    expect(page).not.toContain('Ann <Runner>');
    expect((page.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);

    const nd = await runCoach(['results', 'export', '--format', 'ndjson'], { env });
    expect(nd.code, nd.stderr).toBe(0);
    const lines = nd.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(validateExport(JSON.parse(lines[0]!))).toBe(true);

    const after = JSON.parse((await runCoach(['results', 'show', analysisId, '--json'], { env })).stdout);
    expect(downloads('report.md', after)).toBe(downloads('report.md', before) + 1);
    expect(downloads('report.html', after)).toBe(downloads('report.html', before) + 1);
    expect(downloads('analysis.json', after)).toBe(downloads('analysis.json', before) + 1);
  });

  it('refuses bad export requests with one line on stderr', async () => {
    const both = await runCoach(['results', 'export', analysisId, '--latest'], { env });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/^coach: give an analysis id or --latest, not both\n$/);
    const format = await runCoach(['results', 'export', '--latest', '--format', 'pdf'], { env });
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/--format: expected one of json, md, html, ndjson/);
    const traversal = await runCoach(['results', 'show', '../../etc/passwd'], { env });
    expect(traversal.code).toBe(1);
    expect(traversal.stderr).toMatch(/not found/);
  });

  it('another user cannot see or export the first user\'s analysis by id', async () => {
    const init = await runCoach(['init', '--email', 'bob@example.com', '--name', 'Bob', '--password-stdin'], { env, input: `${PASSWORD}\n` });
    expect(init.code, init.stderr).toBe(0);
    const bobEnv = { ...env, COACH_USER: 'bob@example.com' };
    const list = await runCoach(['results', 'list', '--json'], { env: bobEnv });
    expect(JSON.parse(list.stdout).analyses).toEqual([]);
    for (const args of [['results', 'show', analysisId], ['results', 'export', analysisId, '--format', 'json'], ['results', 'show', analysisId.slice(0, 8)]]) {
      const r = await runCoach(args, { env: bobEnv });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/not found/);
    }
    const latest = await runCoach(['results', 'export', '--latest'], { env: bobEnv });
    expect(latest.code).toBe(1);
    expect(latest.stderr).toMatch(/no completed analysis yet/);
  });

  it('the HTML report renders its charts in headless Chromium without console errors', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      console.warn(`SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`);
      ctx.skip();
    }
    const show = JSON.parse((await runCoach(['results', 'show', analysisId, '--json'], { env })).stdout);
    const reportFile = show.files.find((f: { filename: string }) => f.filename === 'report.html').filePath as string;
    expect(statSync(reportFile).size).toBeGreaterThan(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'results-report.png');
    rmSync(screenshot, { force: true });
    const profile = mkdtempSync(join(tmpdir(), 'coach-chromium-'));
    const base = [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
    ];
    const url = pathToFileURL(reportFile).href;
    const dump = spawnSync(CHROMIUM, [...base, '--dump-dom', url], { encoding: 'utf8', timeout: 120_000 });
    expect(dump.status, dump.stderr).toBe(0);
    const dom = dump.stdout;
    const svgs = dom.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    for (const svg of svgs) {
      expect(svg).toMatch(/<path|<rect|<line|<text/);
      expect(svg.length).toBeGreaterThan(500);
    }
    // Data marks actually drawn: lines for fitness/fatigue/form, bars for weekly load.
    expect(dom).toMatch(/id="plot-fitness-fatigue-form"[\s\S]*?class="mark-line/);
    expect(dom).toMatch(/id="plot-weekly-load"[\s\S]*?class="mark-rect/);
    const consoleErrors = (dump.stderr.match(/^.*(CONSOLE|Uncaught|Refused to).*$/gm) ?? []);
    expect(consoleErrors).toEqual([]);

    const shot = spawnSync(CHROMIUM, [...base, `--screenshot=${screenshot}`, '--window-size=1200,2000', '--hide-scrollbars', url], { encoding: 'utf8', timeout: 120_000 });
    expect(shot.status, shot.stderr).toBe(0);
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    rmSync(profile, { recursive: true, force: true });
  }, 300_000);
});
