import { expect, it } from 'vitest';
import { findAnalysis, listAnalysisResults } from '../../../src/db/analyses.repository.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { runAnalysis } from '../../../src/workflow/run-analysis.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

const sports = (plan: TrainingPlan) => new Set([...plan.days.flatMap((d) => d.sessions.map((s) => s.sport)), ...plan.weeks.flatMap((w) => w.sessions.map((s) => s.sport))]);

describeEachDatabase('the athlete\'s words reach the planner', ({ getDb, target }) => {
  it('analyze --note "left knee sore": running leaves the plan, replaced by easy cycling, and the plan says why', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { email: 'note@example.com', hitl: false });
    const outcome = await runAnalysis({ db, dialect: target.name, userId: user.id, interactive: false, models: null, today: TODAY, writeFiles: null, notes: ['left knee sore'] });
    const plan = (await findAnalysis(db, user.id, outcome.analysisId))!.weekly_plan as TrainingPlan;
    expect(sports(plan).has('running')).toBe(false);
    expect(sports(plan).has('cycling')).toBe(true);
    expect(plan.rules).toContain('no running this week (you said "left knee sore"): easy cycling instead');
    // The season outline is stored with the plan and in the season planner's result, shaped by the note.
    expect(plan.schemaMinor).toBe(1);
    expect(plan.season!.blocks.at(-2)).toMatchObject({ phase: 'race', focus: 'City Marathon, target 03:15:00' });
    expect(plan.season!.constraints[0]).toMatch(/^running: you said "left knee sore": .*half the usual rate/);
    const season = (await listAnalysisResults(db, user.id, outcome.analysisId)).find((r) => r.node_name === 'season_planner')!;
    expect((season.data as { outline: unknown }).outline).toEqual(plan.season);
    expect(season.content).toContain('Your words, taken into account:');
    expect(season.content).toContain('half the usual rate');
    // Without the note the same athlete runs.
    const plain = await runAnalysis({ db, dialect: target.name, userId: user.id, interactive: false, models: null, today: TODAY, writeFiles: null });
    expect(sports((await findAnalysis(db, user.id, plain.analysisId))!.weekly_plan as TrainingPlan).has('running')).toBe(true);
  });

  it('an answer to the coach\'s question reaches the plan and the season outline with synthesis on', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { email: 'hitl-synth@example.com', hrvDrop: true, skipSynthesis: false });
    const base = { db, dialect: target.name, userId: user.id, models: null, today: TODAY, writeFiles: null } as const;
    const paused = await runAnalysis({ ...base, interactive: true });
    expect(paused.status).toBe('pending');
    const done = await runAnalysis({ ...base, interactive: true, resumeId: paused.analysisId, askQuestions: async (qs) => Object.fromEntries(qs.map((q) => [q.id, 'My left shin hurts when I run.'])) });
    expect(done.status).toBe('completed');
    const results = await listAnalysisResults(db, user.id, paused.analysisId);
    expect(results.find((r) => r.node_name === 'synthesis')!.content).toContain('My left shin hurts when I run.');
    const plan = (await findAnalysis(db, user.id, paused.analysisId))!.weekly_plan as TrainingPlan;
    expect(sports(plan).has('running')).toBe(false);
    expect(plan.rules.some((r) => r.startsWith('no running this week (you said "My left shin hurts when I run."'))).toBe(true);
    expect(plan.season!.constraints[0]).toMatch(/^running: you said "My left shin hurts when I run\."/);
  });

  it('an answer to the coach\'s question reaches the plan with synthesis skipped', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { email: 'hitl-knee@example.com', hrvDrop: true, skipSynthesis: true });
    const base = { db, dialect: target.name, userId: user.id, models: null, today: TODAY, writeFiles: null } as const;
    const paused = await runAnalysis({ ...base, interactive: true });
    expect(paused.status).toBe('pending');
    const done = await runAnalysis({ ...base, interactive: true, resumeId: paused.analysisId, askQuestions: async (qs) => Object.fromEntries(qs.map((q) => [q.id, 'Sleeping badly, and my knee hurts on the stairs.'])) });
    expect(done.status).toBe('completed');
    const results = await listAnalysisResults(db, user.id, paused.analysisId);
    expect(results.some((r) => r.node_name === 'synthesis')).toBe(false);
    const plan = (await findAnalysis(db, user.id, paused.analysisId))!.weekly_plan as TrainingPlan;
    expect(sports(plan).has('running')).toBe(false);
    expect(plan.rules.some((r) => r.startsWith('no running this week (you said "my knee hurts on the stairs."') || r.startsWith('no running this week (you said "Sleeping badly, and my knee hurts on the stairs."'))).toBe(true);
  });
});
