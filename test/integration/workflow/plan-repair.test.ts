import { expect, it } from 'vitest';
import { findAnalysis } from '../../../src/db/analyses.repository.js';
import type { PlanProposal } from '../../../src/plan/proposal.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { runAnalysis } from '../../../src/workflow/run-analysis.js';
import { MODEL_NODES, type NodeModel } from '../../../src/workflow/services.js';
import { planDraft, ScriptedChatModel, scriptedReply, type Script } from '../../../src/workflow/testing/scripted-chat-model.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

/** A model's plan goes back to the model once with the violations listed; still broken, the rules' plan is used. */
type Breaker = (draft: PlanProposal) => PlanProposal;

/** Each rule a model might break, as an edit of coach's draft, and the rule the validator names. */
const BREAKERS: Array<[string, Breaker]> = [
  ['hard_consecutive', (d) => {
    const hard = d.days.findIndex((x) => x.sessions.some((s) => s.type === 'threshold' || s.type === 'vo2max'));
    const next = d.days[hard + 1] ?? d.days[hard - 1]!;
    next.sessions = [structuredClone(d.days[hard]!.sessions.find((s) => s.type === 'threshold' || s.type === 'vo2max')!)];
    return d;
  }],
  ['long_consecutive', (d) => {
    // A second long session the day after the long one (a long run on Saturday, a long ride on Sunday).
    const long = d.days.findIndex((x) => x.sessions.some((s) => s.type === 'long'));
    const next = d.days[long + 1] ? long + 1 : long - 1;
    d.days[next]!.sessions = [structuredClone(d.days[long]!.sessions.find((s) => s.type === 'long')!)];
    return d;
  }],
  ['longest', (d) => {
    const long = d.days.flatMap((x) => x.sessions).find((s) => s.type === 'long' || s.type === 'easy')!;
    long.steps = [{ kind: 'steady', duration_s: 235 * 60, intensityFactor: 0.7 }];
    return d;
  }],
  ['dates', (d) => {
    d.days[3]!.date = d.days[2]!.date;
    return d;
  }],
  ['sports', (d) => {
    const easy = d.days.flatMap((x) => x.sessions).find((s) => s.type === 'easy')!;
    easy.sport = 'swimming';
    return d;
  }],
  ['easy_share', (d) => {
    for (const s of d.days.flatMap((x) => x.sessions)) if (s.type !== 'race') s.steps = s.steps.map((st) => ({ ...st, intensityFactor: st.kind === 'repeat' ? undefined : 0.95 }) as typeof st);
    return d;
  }],
];

function models(model: ScriptedChatModel): Record<string, NodeModel> {
  return Object.fromEntries(MODEL_NODES.map((node) => [node, { model, id: 'claude-sonnet-4-5' }]));
}

describeEachDatabase('weekly planner: a model plan is validated, repaired once, or replaced', ({ getDb, target }) => {
  for (const [rule, breaker] of BREAKERS) {
    it(`breaks ${rule}: the model is told, the corrected plan is used (model_repaired); a model that never learns gets the rules' plan (rules_fallback)`, async () => {
      const db = getDb();
      const { user } = await seedAthlete(db, { email: `${rule}@example.com`, hitl: false });
      const prompts: string[] = [];
      const once: Script = (call) => {
        if (call.node !== 'weekly_planner') return scriptedReply(call, 'Keep building steadily.');
        prompts.push(call.prompt);
        const draft = planDraft(call.prompt) as PlanProposal;
        return JSON.stringify(prompts.length === 1 ? breaker(draft) : draft);
      };
      const run = (script: Script) => runAnalysis({ db, dialect: target.name, userId: user.id, interactive: false, today: TODAY, writeFiles: null, models: models(new ScriptedChatModel(script)), retry: { attempts: 1, baseDelayMs: 1, timeoutMs: 10_000 } });
      const repaired = await run(once);
      expect(repaired.status).toBe('completed');
      expect(prompts).toHaveLength(2);
      expect(prompts[1]).toContain('Your previous plan broke these rules');
      expect(prompts[1]).toContain(`[${rule}]`);
      const plan = (await findAnalysis(db, user.id, repaired.analysisId))!.weekly_plan as TrainingPlan;
      expect(plan.source).toBe('model_repaired');
      expect(validatePlan(plan)).toEqual([]);

      let calls = 0;
      const never: Script = (call) => {
        if (call.node !== 'weekly_planner') return scriptedReply(call, 'Keep building steadily.');
        calls++;
        return JSON.stringify(breaker(planDraft(call.prompt) as PlanProposal));
      };
      const fallback = await run(never);
      expect(calls).toBe(2);
      const rulesPlan = (await findAnalysis(db, user.id, fallback.analysisId))!.weekly_plan as TrainingPlan;
      expect(rulesPlan.source).toBe('rules_fallback');
      expect(rulesPlan.rules.at(-1)).toMatch(/^the model's plan broke the rules twice \(.*\): rule plan used$/);
    });
  }

  it('a model never sets a load: loads it writes are ignored and computed from the steps', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { email: 'loads@example.com', hitl: false });
    const script: Script = (call) => {
      if (call.node !== 'weekly_planner') return scriptedReply(call, 'Keep building steadily.');
      const draft = planDraft(call.prompt);
      for (const s of draft.days.flatMap((d) => d.sessions)) Object.assign(s, { plannedLoad: 10, duration_min: 999 });
      return JSON.stringify(draft);
    };
    const outcome = await runAnalysis({ db, dialect: target.name, userId: user.id, interactive: false, today: TODAY, writeFiles: null, models: models(new ScriptedChatModel(script)) });
    const plan = (await findAnalysis(db, user.id, outcome.analysisId))!.weekly_plan as TrainingPlan;
    expect(plan.source).toBe('model');
    const sessions = plan.days.flatMap((d) => d.sessions);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.plannedLoad !== 10 && s.duration_min !== 999)).toBe(true);
    expect(validatePlan(plan)).toEqual([]);
  });
});
