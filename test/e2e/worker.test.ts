import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COACH_BIN, runCoach, tempCoachHome } from '../support/cli.js';

/** `coach worker` as a process on the embedded database: one job, then SIGTERM -> exit 0. */
describe('coach worker (built binary, embedded database)', () => {
  it('runs an enqueued analysis, logs one JSON line for it, and exits 0 on SIGTERM', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home, COACH_TODAY: '2026-11-25', ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined, GOOGLE_API_KEY: undefined, OLLAMA_BASE_URL: undefined };
    expect((await runCoach(['init', '--email', 'ana@example.com', '--name', 'Ana', '--password-stdin'], { env, input: 'Str0ng-passw0rd-x!\n' })).code).toBe(0);
    const queued = await runCoach(['analyze', '--enqueue', '--json'], { env });
    expect(queued.code, queued.stderr).toBe(0);
    const job = JSON.parse(queued.stdout).job;
    expect(job).toMatchObject({ status: 'queued', athlete: 'ana@example.com', attempts: 0 });

    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, ...env })) if (v !== undefined) childEnv[k] = v;
    const worker = spawn(process.execPath, [COACH_BIN, 'worker', '--json'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    worker.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    worker.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => worker.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const stopAt = Date.now();
    worker.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(15_000);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ event: 'job', jobId: job.id, status: 'completed', attempt: 1, email: 'ana@example.com' })]);
    expect(stderr).toMatch(/SIGTERM: taking no new jobs/);

    const shown = await runCoach(['jobs', 'show', job.id.slice(0, 8), '--json'], { env });
    expect(JSON.parse(shown.stdout).job).toMatchObject({ status: 'completed', analysisStatus: 'completed', attempts: 1 });
    const results = await runCoach(['results', 'list', '--json'], { env });
    expect(results.stdout).toContain(lines[0].analysisId);
    const dead = await runCoach(['jobs', 'list', '--status', 'dead'], { env });
    expect(dead.stderr.trim()).toBe('coach: no dead jobs'.replace('coach: ', ''));
  }, 300_000);
});
