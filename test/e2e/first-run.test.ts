import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The first ```sh block under the README's "## Run": the first run the README promises. */
function readmeFirstRun(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Run\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no ```sh block under "## Run"');
  return block[1];
}

function bash(script: string, env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, COACH_TODAY: undefined, ...env })) if (v !== undefined) fullEnv[k] = v;
  return new Promise((resolvePromise, reject) => {
    // stdin closed and no TTY, as under cron or in a container.
    const child = spawn('bash', ['-e', '-c', script], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe("the README's first run (fresh home, embedded database, no TTY, no provider key)", () => {
  it('shows the product working: a completed analysis whose report and charts have data, and says where the report is', async () => {
    const home = tempCoachHome({ empty: true });
    const env = { COACH_HOME: home, ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined, GOOGLE_API_KEY: undefined, OLLAMA_BASE_URL: undefined };
    const script = readmeFirstRun();
    expect(script).toMatch(/coach\.js demo/);
    const run = await bash(script, env);
    expect(run.code, run.stderr).toBe(0);
    // The recommendations and next week's plan on stdout, dated, with a load computed from the data.
    expect(run.stdout).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(run.stdout).toMatch(/^## Next 7 days \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)$/m);
    expect(run.stdout).toMatch(/Steps: .*warmup/);
    expect(run.stdout).toMatch(/load \d+/);
    // Each rule that shaped the plan is said once: the advice lists them, the plan below does not repeat them.
    const ruleLines = run.stdout.split('\n').filter((l) => /^- volume from your last 4 weeks/.test(l));
    expect(ruleLines).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toMatch(/Not enough data/i);

    // Where the report is, on stderr.
    const reportPath = /^report: (.+report\.html)$/m.exec(run.stderr)?.[1];
    expect(reportPath, run.stderr).toBeTruthy();
    expect(existsSync(reportPath!)).toBe(true);
    const svgs = readdirSync(dirname(reportPath!)).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    for (const svg of svgs) {
      const text = readFileSync(join(dirname(reportPath!), svg), 'utf8');
      expect(text, `${svg} has data`).not.toMatch(/no data/);
      expect(text).toMatch(/<path|<line|<rect/);
    }
    const html = readFileSync(reportPath!, 'utf8');
    expect(html).not.toMatch(/no data:/);
    expect(html).toMatch(/Demo Half Marathon/);

    // The demo athlete is the current user: the usual commands show its analysis.
    const list = await runCoach(['results', 'list', '--json'], { env: { COACH_HOME: home } });
    expect(list.code, list.stderr).toBe(0);
    const { analyses } = JSON.parse(list.stdout);
    expect(analyses).toHaveLength(1);
    expect(analyses[0].status).toBe('completed');
    expect(reportPath).toContain(analyses[0].id);
  }, 300_000);

  it('analyze --json prints the report files in the document and says where they are on stderr', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home, COACH_TODAY: '2026-11-25' };
    const demo = await runCoach(['demo', '--json', '--no-plots'], { env, timeoutMs: 240_000 });
    expect(demo.code, demo.stderr).toBe(0);
    const body = JSON.parse(demo.stdout);
    expect(body.analysis.status).toBe('completed');
    const html = body.files.find((f: { filename: string }) => f.filename === 'report.html');
    expect(html.filePath).toMatch(/report\.html$/);
    expect(demo.stderr).toContain(`report: ${html.filePath}`);
    // The year ends on the as-of date: the facts see the whole window.
    expect(body.analysis.dataSummary).toBeTruthy();
    expect(JSON.stringify(body.analysis.dataSummary)).toMatch(/2026-11-2[0-5]/);
  }, 300_000);
});
