import { expect, it } from 'vitest';
import { buildFacts } from '../../src/analytics/build-facts.js';
import { createAnalysis, updateAnalysis } from '../../src/db/analyses.repository.js';
import { loadFactsInput } from '../../src/db/training-data.repository.js';
import { createConfig } from '../../src/db/training-configs.repository.js';
import { insertUser } from '../../src/db/users.repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { sampleTrainingPlan } from '../support/plan-fixtures.js';

describeEachDatabase('done against planned from the stored plans', ({ getDb }) => {
  it("finds the config's newest structured plan that started before today, and none too old or of version 1", async () => {
    const db = getDb();
    const user = await insertUser(db, { email: 'compliance@example.org', full_name: 'C', hashed_password: 'x' });
    const config = await createConfig(db, user.id, { name: 'main' });
    const other = await createConfig(db, user.id, { name: 'other' });
    const store = async (configId: string, plan: unknown, status: 'completed' | 'failed' = 'completed') => {
      const a = await createAnalysis(db, user.id, { configId, analysisType: 'offline:standard' });
      await updateAnalysis(db, user.id, a.id, { status, weekly_plan: plan });
      return a.id;
    };
    const older = await store(config.id, sampleTrainingPlan('2026-11-03'));
    const previous = await store(config.id, sampleTrainingPlan('2026-11-10'));
    await store(config.id, sampleTrainingPlan('2026-11-17')); // today's own plan: not "previous"
    await store(config.id, { weekStart: '2026-11-12', days: [] }); // version 1
    await store(config.id, sampleTrainingPlan('2026-11-14'), 'failed');
    await store(other.id, sampleTrainingPlan('2026-11-15'));

    const input = await loadFactsInput(db, { userId: user.id, configId: config.id, today: '2026-11-17' });
    expect(input.previousPlan).toMatchObject({ analysisId: previous, weekStart: '2026-11-10' });
    expect(input.previousPlan!.sessions).toHaveLength(6);
    const facts = buildFacts(input);
    expect(facts.compliance!.counts).toEqual({ planned: 6, green: 0, amber: 0, red: 0, missed: 6 });

    expect((await loadFactsInput(db, { userId: user.id, configId: config.id, today: '2026-11-09' })).previousPlan?.analysisId).toBe(older);
    // A plan whose week started more than 13 days ago is over: nothing to compare.
    expect((await loadFactsInput(db, { userId: user.id, configId: config.id, today: '2026-12-20' })).previousPlan).toBeNull();
  });
});
