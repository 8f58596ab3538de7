import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysis, updateAnalysis } from '../../src/db/analyses.repository.js';
import { findActiveConfig } from '../../src/db/training-configs.repository.js';
import { findUserByEmail } from '../../src/db/users.repository.js';
import { exportableSessions } from '../../src/plan/stored-plan.js';
import { openStore, type Store } from '../robustness/harness.js';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { fakeGarminCliEnv, startFakeGarmin, type FakeGarmin } from '../support/fake-garmin.js';
import { sampleTrainingPlan } from '../support/plan-fixtures.js';

const EMAIL = 'garmin-push@example.org';
let home: string;
let store: Store;
let server: FakeGarmin;
let env: Record<string, string>;

describe('coach garmin push (built binary, local fake Garmin)', () => {
  beforeAll(async () => {
    server = await startFakeGarmin({ email: 'ada@garmin.example', password: 'garmin secret', activities: [], days: {} });
    home = tempCoachHome();
    store = await openStore(home);
    env = {
      ...store.env,
      ...fakeGarminCliEnv(server),
    };
    const init = await runCoach(['init', '--email', EMAIL, '--name', 'Garmin Push', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await store?.dispose();
    await server?.close();
  });

  it('refuses without a linked account, then pushes, re-pushes without duplicates, and removes', async () => {
    const plan = sampleTrainingPlan();
    const sessions = exportableSessions(plan);
    await store.withDb(async (db) => {
      const user = (await findUserByEmail(db, EMAIL))!;
      const config = (await findActiveConfig(db, user.id))!;
      const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
      await updateAnalysis(db, user.id, analysis.id, { status: 'completed', progress_percentage: 100, weekly_plan: plan });
    });

    const unlinked = await runCoach(['garmin', 'push'], { env });
    expect(unlinked.code).toBe(1);
    expect(unlinked.stderr.trim()).toBe('coach: no Garmin account linked: run `coach garmin link` first');

    const link = await runCoach(['garmin', 'link', '--email', 'ada@garmin.example', '--password-stdin'], { env, input: 'garmin secret' });
    expect(link.code, link.stderr).toBe(0);

    const dry = await runCoach(['garmin', 'push', '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim().split('\n')).toHaveLength(sessions.length);
    expect(dry.stdout).toContain(`would create  ${sessions[0]!.date}  ${sessions[0]!.title}`);
    expect(server.workouts.size).toBe(0);

    const first = await runCoach(['garmin', 'push', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, weekStart: '2026-12-01', dryRun: false });
    expect(doc.changes.map((c: { action: string }) => c.action)).toEqual(sessions.map(() => 'create'));
    expect(server.workouts.size).toBe(sessions.length);
    expect([...server.schedules.values()].map((s) => s.date).sort()).toEqual(sessions.map((s) => s.date).sort());

    server.failures['/workout-service/workout/'] = [{ status: 500 }];
    const again = await runCoach(['garmin', 'push'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`0 created, ${sessions.length} updated, 0 removed`);
    expect(server.workouts.size).toBe(sessions.length);
    expect(server.schedules.size).toBe(sessions.length);

    const removed = await runCoach(['garmin', 'push', '--remove'], { env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(`0 created, 0 updated, ${sessions.length} removed`);
    expect(server.workouts.size).toBe(0);
    expect(server.schedules.size).toBe(0);
    expect(`${first.stderr}${again.stderr}${removed.stderr}`).not.toContain('garmin secret');
  }, 120_000);
});
