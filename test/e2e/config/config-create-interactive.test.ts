import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COACH_BIN, runCoach, tempCoachHome } from '../../support/cli.js';
import { seedUser } from './seed-user.js';

const DRIVER = resolve(import.meta.dirname, 'pty-driver.py');
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('coach config create in a terminal (pseudo-terminal)', () => {
  it.skipIf(!hasPython)('asks for the values not given as flags, re-asks after a bad answer, and stores the answers', async () => {
    const home = tempCoachHome();
    await seedUser(home);
    const steps: Array<[string, string]> = [
      ['Config name', 'spring 🌱\r'],
      ['Analysis context', "Base build; knee's fine\r"],
      ['Planning context', '\r'],
      ['Days of activities to analyse', '0\r'],
      // inquirer keeps the rejected text: erase it, then type a valid number.
      ['not a whole number of days', '\x7f30\r'],
      ['Days of daily metrics to analyse', '\r'],
      ['Draw plots in reports?', 'n\r'],
      ['May the coach ask you questions', '\r'],
    ];
    // --ai-mode is given as a flag, so its prompt must not appear.
    const env = { ...process.env, COACH_HOME: home, NO_COLOR: '1', CI: '', DATABASE_URL: '' };
    delete (env as Record<string, string | undefined>).CI;
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const run = spawnSync('python3', [DRIVER, JSON.stringify(steps), '--', process.execPath, COACH_BIN, 'config', 'create', '--ai-mode', 'development'], {
      env,
      encoding: 'utf8',
      timeout: 550_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/AI mode/);
    expect(run.stdout).toMatch(/created training config "spring 🌱" \(active\)/);

    const shown = await runCoach(['config', 'show', 'spring 🌱', '--json'], { env: { COACH_HOME: home } });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).config).toMatchObject({
      name: 'spring 🌱',
      active: true,
      analysisContext: "Base build; knee's fine",
      planningContext: null,
      activitiesDays: 30,
      metricsDays: 56,
      aiMode: 'development',
      enablePlotting: false,
      hitlEnabled: true,
      skipSynthesis: false,
    });
  }, 600_000);
});
