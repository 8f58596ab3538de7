import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import AjvModule from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { COACH_BIN, runCoach, tempCoachHome } from '../support/cli.js';

const run = promisify(execFile);
const EXPORT_FIXTURE = join(import.meta.dirname, '../fixtures/garmin-export');
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const TODAY = '2026-03-06'; // a few days after the fixture's activities

type AjvClass = typeof import('ajv').default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../templates/schema/analysis-export.schema.json'), 'utf8')),
);

let home: string;
let env: Record<string, string>;
let analysisId: string;

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, name)));
}

describe('coach results (built binary)', () => {
  beforeAll(async () => {
    home = tempCoachHome();
    env = { COACH_HOME: home, COACH_TODAY: TODAY };
    const init = await runCoach(['init', '--email', 'ada@example.org', '--name', 'Ada <b>Runner</b>', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
    const imported = await runCoach(['garmin', 'import', EXPORT_FIXTURE], { env });
    expect(imported.code, imported.stderr).toBe(0);
    const analyzed = await runCoach(['analyze', '--provider', 'offline'], { env, timeoutMs: 240_000 });
    expect(analyzed.code, analyzed.stderr).toBe(0);
    analysisId = /analysis ([0-9a-f-]{36}) completed/.exec(analyzed.stderr + analyzed.stdout)![1]!;
  }, 300_000);

  it('list and show print the analysis; --json is JSON only', async () => {
    const list = await runCoach(['results', 'list', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    const doc = JSON.parse(list.stdout);
    expect(doc.analyses).toHaveLength(1);
    expect(doc.analyses[0]).toMatchObject({ id: analysisId, config: 'main', status: 'completed', mode: 'offline:standard', totalTokens: 0 });

    const table = await runCoach(['results', 'list', '--status', 'completed', '--limit', '5'], { env });
    expect(table.stdout).toContain(analysisId.slice(0, 8));

    const show = await runCoach(['results', 'show', analysisId.slice(0, 8)], { env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Summary/);
    expect(show.stdout).toMatch(/Next week/);
    expect(show.stdout).toContain('report.html');
  });

  it('export --latest --format json follows the schema, holds plan and facts, and counts the download', async () => {
    const first = await runCoach(['results', 'export', '--latest', '--format', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.analysis.id).toBe(analysisId);
    expect(doc.weeklyPlan.days).toHaveLength(7);
    expect(doc.facts.today).toBe(TODAY);
    expect(doc.facts.data.activities).toBe(3);
    expect(first.stdout).not.toMatch(/argon2|hashed_password|ada@example\.org/);
    const before = doc.files.find((f: { filename: string }) => f.filename === 'analysis.json').downloadCount;
    const second = JSON.parse((await runCoach(['results', 'export', analysisId, '--format', 'json'], { env })).stdout);
    expect(second.files.find((f: { filename: string }) => f.filename === 'analysis.json').downloadCount).toBe(before + 1);
  });

  it('works in a real shell pipeline: coach results export --latest --format json | jq .weeklyPlan', async () => {
    const consumer = hasCommand('jq') ? 'jq -c .weeklyPlan' : `${process.execPath} -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify(JSON.parse(s).weeklyPlan)))"`;
    if (!hasCommand('jq')) console.warn('jq is not installed: the pipeline test uses node as the JSON consumer');
    const { stdout } = await run('sh', ['-c', `set -e; "${process.execPath}" "${COACH_BIN}" results export --latest --format json | ${consumer}`], {
      env: { ...process.env, ...env, NO_COLOR: '1', DATABASE_URL: '' },
    });
    const plan = JSON.parse(stdout);
    expect(plan.days).toHaveLength(7);
    expect(plan.weekStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('md and html go to a file or folder with -o; ndjson gives one analysis per line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'coach-export-'));
    const md = await runCoach(['results', 'export', '--latest', '--format', 'md', '-o', join(out, 'r.md')], { env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toBe('');
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toMatch(/## Next week's plan\n\nWeek of /);
    const html = await runCoach(['results', 'export', analysisId, '--format', 'html', '-o', out + '/'], { env });
    expect(html.code, html.stderr).toBe(0);
    const htmlFile = readdirSync(out).find((f) => f.endsWith('.html'))!;
    const page = readFileSync(join(out, htmlFile), 'utf8');
    expect(page).toContain('Ada &lt;b&gt;Runner&lt;/b&gt;');
    expect(page).not.toContain('<script');
    const nd = await runCoach(['results', 'export', '--format', 'ndjson'], { env });
    const lines = nd.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(validate(JSON.parse(lines[0]!))).toBe(true);
  });

  it('bad --status, --format or --limit is a one-line error and exit 1', async () => {
    for (const args of [
      ['results', 'list', '--status', 'done'],
      ['results', 'list', '--limit', '0'],
      ['results', 'list', '--limit', 'ten'],
      ['results', 'export', '--latest', '--format', 'pdf'],
      ['results', 'show', 'ffffffff-ffff-4fff-8fff-ffffffffffff'],
      ['results', 'export', '../../etc/passwd'],
    ]) {
      const r = await runCoach(args, { env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^coach: /);
    }
  });

  it("another athlete cannot list, show or export the first one's analysis", async () => {
    const other = { ...env, COACH_USER: 'bob@example.org' };
    const init = await runCoach(['init', '--email', 'bob@example.org', '--name', 'Bob', '--password-stdin'], { env: other, input: 'another long password\n' });
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse((await runCoach(['results', 'list', '--json'], { env: other })).stdout).analyses).toEqual([]);
    for (const args of [['results', 'show', analysisId], ['results', 'export', analysisId, '--format', 'json'], ['results', 'export', '--latest']]) {
      const r = await runCoach(args, { env: other });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
    }
  });

  it('the HTML report renders in headless Chromium with non-empty charts (screenshot saved)', async (ctx) => {
    const chromium = ['chromium', 'chromium-browser'].find(hasCommand);
    if (!chromium) {
      console.warn('SKIPPED: chromium is not installed, the HTML report was not rendered in a browser');
      ctx.skip();
      return;
    }
    const dir = join(home, 'data', 'outputs', analysisId);
    const report = join(dir, 'report.html');
    expect(existsSync(report)).toBe(true);
    // Written by the workflow's report step, it shows the finished run.
    expect(readFileSync(report, 'utf8')).toMatch(/Status: completed/);
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'results-report.png');
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-logging=stderr', '--v=0'];
    const shot = await run(chromium, [...flags, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'coach-chromium-'))}`, `--screenshot=${screenshot}`, '--window-size=1200,2400', `file://${report}`], { timeout: 90_000 });
    expect(existsSync(screenshot)).toBe(true);
    expect(readFileSync(screenshot).length).toBeGreaterThan(20_000);
    // The page has no script, so a console message from the page would be an error in it.
    expect(shot.stderr).not.toMatch(/CONSOLE\(\d+\)/);
    const dom = await run(chromium, [...flags, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'coach-chromium-'))}`, '--dump-dom', `file://${report}`], { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    const svgs = dom.stdout.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(6);
    for (const svg of svgs) {
      expect(svg).toMatch(/class="mark-/);
      expect(svg.length).toBeGreaterThan(500);
    }
    expect(dom.stdout).toContain('Fitness, fatigue and form');
  }, 200_000);
});
