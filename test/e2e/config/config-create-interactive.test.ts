import { describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../../support/cli.js';
import { hasPython, runCoachInTerminal } from '../../support/pty.js';
import { seedUser } from './seed-user.js';

describe('coach config create in a terminal (pseudo-terminal)', () => {
  it.skipIf(!hasPython)('asks for the values not given as flags, re-asks after a bad answer, and stores the answers', async () => {
    const home = tempCoachHome();
    await seedUser(home);
    // --ai-mode is given as a flag, so its prompt must not appear.
    const run = await runCoachInTerminal(['config', 'create', '--ai-mode', 'development'], [
      { waitFor: 'Config name', type: 'spring 🌱\r' },
      { waitFor: 'Analysis context', type: "Base build; knee's fine\r" },
      { waitFor: 'Planning context', type: '\r' },
      { waitFor: 'Days of activities to analyse', type: '0\r' },
      // inquirer keeps the rejected text: erase it, then type a valid number.
      { waitFor: 'not a whole number of days', type: '\x7f30\r' },
      { waitFor: 'Days of daily metrics to analyse', type: '\r' },
      { waitFor: 'Draw plots in reports?', type: 'n\r' },
      { waitFor: 'May the coach ask you questions', type: '\r' },
    ], { env: { COACH_HOME: home } });
    expect(run.failedStep, run.transcript).toBeNull();
    expect(run.code, run.transcript).toBe(0);
    expect(run.transcript).not.toMatch(/AI mode/);
    expect(run.transcript).toMatch(/created training config "spring 🌱" \(active\)/);

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
