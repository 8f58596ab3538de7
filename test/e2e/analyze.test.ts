import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../support/cli.js';

/** The main job on the built binary: init, then analyze with the offline coach, no TTY. */
describe('coach analyze (built binary, no TTY, embedded database)', () => {
  it('init then analyze --provider offline --json completes with a plan; errors are one line', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home, COACH_TODAY: '2026-11-25', ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined, GOOGLE_API_KEY: undefined, OLLAMA_BASE_URL: undefined };
    const init = await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana', '--password-stdin'], { env, input: 'Str0ng-passw0rd-x!\n' });
    expect(init.code, init.stderr).toBe(0);

    const result = await runCoach(['analyze', '--provider', 'offline', '--json'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.schemaVersion).toBe(1);
    expect(body.analysis).toMatchObject({ status: 'completed', provider: 'offline', progressPercentage: 100, totalTokens: 0 });
    expect(body.analysis.summary).toContain('no language model was used');
    expect(body.analysis.weeklyPlan.days).toHaveLength(7);
    expect(body.results.map((r: { nodeName: string }) => r.nodeName)).toEqual([
      'load_data', 'expert_load', 'expert_sessions', 'expert_recovery', 'synthesis', 'season_planner', 'weekly_planner', 'report',
    ]);
    // Progress goes to stderr as plain lines without a TTY.
    expect(result.stderr).toContain('coach: report done (100%)');

    const bad = await runCoach(['analyze', '--mode', 'turbo'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^coach: --mode must be one of/)]);
    const noKey = await runCoach(['analyze', '--provider', 'openai'], { env });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^coach: --provider openai needs OPENAI_API_KEY/);
    const unknown = await runCoach(['analyze', '--resume', '00000000-0000-0000-0000-000000000000'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^coach: no analysis/);
    const finished = await runCoach(['analyze', '--resume', body.analysis.id], { env });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toMatch(/already completed/);

    // Deleting the config with its history also removes the report files of its analyses.
    const reportDir = join(home, 'data', 'outputs', body.analysis.id);
    expect(readdirSync(reportDir)).toContain('report.html');
    const refused = await runCoach(['config', 'delete', 'main'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^coach: config "main" has 1 analysis; run again with --force/);
    expect(existsSync(reportDir)).toBe(true);
    const forced = await runCoach(['config', 'delete', 'main', '--force'], { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout + forced.stderr).toMatch(/removed (\d+) of \1 report files/);
    expect(existsSync(reportDir)).toBe(false);
  }, 300_000);

  it('a second coach analyze while the database is held exits 75 at once instead of waiting', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home };
    const init = await runCoach(['init', '--email', 'bo@example.com', '--name', 'Bo', '--password-stdin'], { env, input: 'Str0ng-passw0rd-x!\n' });
    expect(init.code, init.stderr).toBe(0);
    // A live process (this test runner) holds the embedded database, as a running analysis would.
    const dbDir = join(home, 'data', 'db');
    mkdirSync(join(home, 'data'), { recursive: true });
    writeFileSync(`${dbDir}.lock`, `${process.pid}\ncoach analyze\n`);
    const started = Date.now();
    const second = await runCoach(['analyze', '--provider', 'offline'], { env });
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(/^coach: .*in use by another coach process/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 120_000);
});
