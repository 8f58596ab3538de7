import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { findAnalysis, listAnalysisResults } from '../../../src/db/analyses.repository.js';
import type { Database } from '../../../src/db/database.js';
import { ExitCode, UserError } from '../../../src/errors.js';
import { acquireAnalysisLock } from '../../../src/workflow/analysis-lock.js';
import { allowedNumbers, ungroundedNumbers } from '../../../src/workflow/grounding.js';
import { MODEL_NODES, type NodeModel } from '../../../src/workflow/services.js';
import { runAnalysis, type RunAnalysisOptions } from '../../../src/workflow/run-analysis.js';
import { ScriptedChatModel, providerError, scriptedExpertJson, scriptedReply, type Script } from '../../../src/workflow/testing/scripted-chat-model.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { loadFactsInput } from '../../../src/db/training-data.repository.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

/**
 * Replies that cite only numbers found in the prompt's FACTS, like a well-behaved model: the
 * experts' as the JSON their schema asks for (the scripted model has no native mode, so its
 * text is read as JSON), the plan as the draft.
 */
const groundedScript: Script = (call) => {
  const ctl = /"ctl":([\d.]+)/.exec(call.prompt)?.[1];
  return scriptedReply(call, `Fitness (CTL) is ${ctl ?? 'unknown'}; keep building steadily.`);
};

function models(model: ScriptedChatModel, id = 'claude-sonnet-4-5'): Record<string, NodeModel> {
  return Object.fromEntries(MODEL_NODES.map((node) => [node, { model, id }]));
}

function options(db: Kysely<Database>, dialect: 'pglite' | 'postgres', userId: string, extra: Partial<RunAnalysisOptions> = {}): RunAnalysisOptions {
  return { db, dialect, userId, interactive: false, today: TODAY, writeFiles: null, retry: { attempts: 4, baseDelayMs: 1, timeoutMs: 10_000 }, ...extra };
}

async function factsFor(db: Kysely<Database>, userId: string, configId: string): Promise<Facts> {
  return buildFacts(await loadFactsInput(db, { userId, configId, today: TODAY }));
}

describeEachDatabase('coach analyze with a scripted model', ({ getDb, target }) => {
  const dialect = target.name;

  it('calls each model node once, experts in one step, and accounts tokens and cost per node', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    const model = new ScriptedChatModel(groundedScript);
    const order: string[] = [];
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(model), onProgress: (e) => order.push(e.node) }));
    expect(outcome.status).toBe('completed');
    expect(model.calls.map((c) => c.node).slice(0, 3).sort()).toEqual(['expert_load', 'expert_recovery', 'expert_sessions']);
    expect(model.calls.map((c) => c.node).slice(3)).toEqual(['synthesis', 'season_planner', 'weekly_planner']);
    expect(order).toEqual(['load_data', expect.any(String), expect.any(String), expect.any(String), 'hitl', 'synthesis', 'season_planner', 'weekly_planner', 'report']);
    const row = (await findAnalysis(db, user.id, outcome.analysisId))!;
    const results = await listAnalysisResults(db, user.id, outcome.analysisId);
    const tokens = results.reduce((s, r) => s + r.tokens_used, 0);
    expect(tokens).toBeGreaterThan(0);
    expect(row.total_tokens).toBe(tokens);
    expect(Number(row.estimated_cost)).toBeGreaterThan(0);
    for (const node of MODEL_NODES) expect(results.find((r) => r.node_name === node)?.tokens_used, node).toBeGreaterThan(0);
    expect(row.summary).toContain('language model');
    expect(row.summary).not.toContain('no language model was used');
  });

  it('grounding: every number in the narrative of a scripted run is in the facts or derived by a rule', async () => {
    const db = getDb();
    const { user, config } = await seedAthlete(db);
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(new ScriptedChatModel(groundedScript)) }));
    const row = (await findAnalysis(db, user.id, outcome.analysisId))!;
    const facts = await factsFor(db, user.id, config.id);
    const allowed = allowedNumbers(facts, row.weekly_plan as TrainingPlan);
    const narrative = `${row.summary}\n${row.recommendations}`;
    expect(ungroundedNumbers(narrative, allowed), narrative).toEqual([]);
    expect(row.summary, row.summary!.split('\n').filter((l) => l.startsWith('> -')).join('\n')).not.toContain('were not found in your data');

    // The offline coach's report passes the same check.
    const offline = await runAnalysis(options(db, dialect, user.id, { models: null }));
    const offlineRow = (await findAnalysis(db, user.id, offline.analysisId))!;
    const offlineText = `${offlineRow.summary}\n${offlineRow.recommendations}`;
    const offlineBad = ungroundedNumbers(offlineText, allowedNumbers(facts, offlineRow.weekly_plan as TrainingPlan));
    expect(offlineBad, offlineText.split('\n').filter((l) => offlineBad.some((n) => l.includes(n))).join('\n')).toEqual([]);

    // A model that invents a number is caught and the report says so.
    const inventing = new ScriptedChatModel((call) => scriptedReply(call, 'Your VO2max is 71.37 and rising.'));
    const bad = await runAnalysis(options(db, dialect, user.id, { models: models(inventing) }));
    const badRow = (await findAnalysis(db, user.id, bad.analysisId))!;
    expect(badRow.summary).toContain('were not found in your data:');
    expect(badRow.summary).toMatch(/- 71\.37 \(expert_load\): ".*Your VO2max is 71\.37 and rising/);
  });

  it('cuts a 20,000-character athlete context to the mode\'s prompt budget and says so in the report', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    await db.updateTable('user').set({ athlete_context: 'Shift worker, knee niggle in spring. '.repeat(540) }).where('id', '=', user.id).execute();
    const model = new ScriptedChatModel(groundedScript);
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(model) }));
    const experts = model.calls.filter((c) => c.node.startsWith('expert_'));
    expect(experts).toHaveLength(3);
    for (const call of experts) {
      expect(call.prompt).toContain('was cut to fit the prompt budget');
      expect(call.prompt.split('Shift worker').length - 1).toBeLessThanOrEqual(Math.ceil(2000 / 37));
    }
    const row = (await findAnalysis(db, user.id, outcome.analysisId))!;
    expect(row.summary).toMatch(/> Note: the athlete context \(\d+ characters\) was cut to about 2000 for the standard mode's prompt budget/);
    const report = (await listAnalysisResults(db, user.id, outcome.analysisId)).find((r) => r.node_name === 'report');
    expect((report?.data as { contextCuts: string[] }).contextCuts).toHaveLength(1);
  });

  it('skip_synthesis leaves the synthesis node out', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { skipSynthesis: true });
    const model = new ScriptedChatModel(groundedScript);
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(model) }));
    expect(model.calls.map((c) => c.node)).not.toContain('synthesis');
    const results = await listAnalysisResults(db, user.id, outcome.analysisId);
    expect(results.map((r) => r.node_name)).not.toContain('synthesis');
    expect((await findAnalysis(db, user.id, outcome.analysisId))?.progress_percentage).toBe(100);
  });

  it('retries 429s with backoff (retry_count) and repairs a truncated JSON plan once, every attempt counted', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    let loadFailures = 2;
    let garbage = 1;
    const model = new ScriptedChatModel((call) => {
      if (call.node === 'expert_load' && loadFailures-- > 0) return providerError(429, 'rate limited');
      if (call.node === 'weekly_planner' && garbage-- > 0) return '{"not": "a plan"';
      return groundedScript(call, 0);
    });
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(model) }));
    const row = (await findAnalysis(db, user.id, outcome.analysisId))!;
    // Two retries of the 429s; the truncated plan got a repair turn (not a retry of the same prompt).
    expect(row).toMatchObject({ status: 'completed', retry_count: 2 });
    const planPrompts = model.calls.filter((c) => c.node === 'weekly_planner').map((c) => c.prompt);
    expect(planPrompts).toHaveLength(2);
    expect(planPrompts[1]).toContain('- reply: the reply is not a JSON object [schema]');
    // Every attempt is recorded; the garbage plan's tokens were billed and count in the run.
    const calls = await db.selectFrom('model_call').selectAll().where('analysis_id', '=', outcome.analysisId).orderBy('created_at').execute();
    expect(calls).toHaveLength(9);
    expect(calls.filter((c) => c.node_name === 'expert_load').map((c) => c.outcome)).toEqual(['error', 'error', 'ok']);
    const plan = calls.filter((c) => c.node_name === 'weekly_planner');
    expect(plan.map((c) => c.outcome)).toEqual(['invalid_output', 'ok']);
    expect(plan[0].input_tokens).toBeGreaterThan(0);
    expect(row.total_tokens).toBe(calls.reduce((s, c) => s + c.input_tokens + c.output_tokens, 0));
    expect(Number(row.estimated_cost)).toBeCloseTo(calls.reduce((s, c) => s + Number(c.cost), 0), 6);
  });

  it('experts reply as data: the question reaches the run, a reply that does not fit gets one repair turn quoting the schema errors, then the rules\' section, labelled', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { hitl: false });
    const expertPrompts: Record<string, string[]> = {};
    const model = new ScriptedChatModel((call) => {
      if (call.node.startsWith('expert_')) (expertPrompts[call.node] ??= []).push(call.prompt);
      // The load expert asks one question; the recovery expert never fits the schema; the sessions expert fits on the repair turn.
      if (call.node === 'expert_load') return scriptedExpertJson('Fitness is building.', { question: 'Any pain in the knee?' });
      if (call.node === 'expert_recovery') return JSON.stringify({ assessment: 'Recovered.', findings: [{ kind: 'great', text: 'Sleep is fine.' }], questions: [] });
      if (call.node === 'expert_sessions' && expertPrompts.expert_sessions.length === 1) return 'Sessions look consistent.';
      return groundedScript(call, 0);
    });
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: models(model) }));
    expect(outcome.status).toBe('completed');
    const results = await listAnalysisResults(db, user.id, outcome.analysisId);
    const byNode = (node: string) => results.find((r) => r.node_name === node)!;

    expect(expertPrompts.expert_load).toHaveLength(1);
    // In text mode the schema is in the prompt, after the node's own part.
    expect(expertPrompts.expert_load[0]).toMatch(/matching this JSON schema:\n\{"type":"object"/);
    expect(byNode('expert_load').data).toMatchObject({ structuredOutput: 'text_json', questions: [{ id: 'expert_load-1', expert: 'expert_load', text: 'Any pain in the knee?' }] });
    expect(byNode('expert_load').content).toContain('Fitness is building.');

    expect(expertPrompts.expert_sessions).toHaveLength(2);
    expect(expertPrompts.expert_sessions[1]).toContain('Your previous reply did not match the required JSON schema:\n- the reply is not a JSON object');
    expect(expertPrompts.expert_sessions[1]).toContain('Previous reply:\nSessions look consistent.');
    expect(byNode('expert_sessions').data).toMatchObject({ structuredOutput: 'text_json', repairedFrom: ['the reply is not a JSON object'] });

    expect(expertPrompts.expert_recovery).toHaveLength(2);
    expect(expertPrompts.expert_recovery[1]).toContain('- findings.0.kind must be equal to one of the allowed values: going_well, risk, adjustment');
    expect(byNode('expert_recovery').data).toMatchObject({ fallback: 'rules', errors: [expect.stringContaining('findings.0.kind')] });
    expect(byNode('expert_recovery').content).toContain("this section is the rules' assessment");
    // Both turns were billed.
    const calls = await db.selectFrom('model_call').selectAll().where('analysis_id', '=', outcome.analysisId).where('node_name', '=', 'expert_recovery').execute();
    expect(calls.map((c) => c.outcome)).toEqual(['invalid_output', 'invalid_output']);
    expect(byNode('expert_recovery').tokens_used).toBe(calls.reduce((s, c) => s + c.input_tokens + c.output_tokens, 0));
  });

  it('a provider that keeps failing fails the analysis (status, message, retries); --resume then finishes without repeating finished nodes', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    const failing = new ScriptedChatModel((call) => (call.node === 'season_planner' ? providerError(503, 'service unavailable') : groundedScript(call, 0)));
    const error = await runAnalysis(options(db, dialect, user.id, { models: models(failing) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/failed: .*service unavailable.*--resume/);
    const analysisId = /analysis ([0-9a-f-]{36})/.exec((error as Error).message)![1];
    const failed = (await findAnalysis(db, user.id, analysisId))!;
    expect(failed).toMatchObject({ status: 'failed', retry_count: 3, current_node: 'synthesis' });
    expect(failed.error_message).toContain('503');
    expect(failing.calls.filter((c) => c.node === 'season_planner')).toHaveLength(4);
    // The failed run still shows what it cost: the experts' and the synthesis' calls were billed.
    const calls = await db.selectFrom('model_call').selectAll().where('analysis_id', '=', analysisId).execute();
    expect(calls.filter((c) => c.node_name === 'season_planner').map((c) => c.outcome)).toEqual(['error', 'error', 'error', 'error']);
    expect(calls.find((c) => c.node_name === 'season_planner')?.error).toContain('503');
    expect(failed.total_tokens).toBeGreaterThan(0);
    expect(failed.total_tokens).toBe(calls.reduce((s, c) => s + c.input_tokens + c.output_tokens, 0));
    expect(Number(failed.estimated_cost)).toBeGreaterThan(0);

    const healthy = new ScriptedChatModel(groundedScript);
    const resumed = await runAnalysis(options(db, dialect, user.id, { models: models(healthy), resumeId: analysisId }));
    expect(resumed).toMatchObject({ analysisId, status: 'completed' });
    expect(healthy.calls.map((c) => c.node)).toEqual(['season_planner', 'weekly_planner']);
    const results = await listAnalysisResults(db, user.id, analysisId);
    expect(results.map((r) => r.node_name)).toEqual(['load_data', 'expert_load', 'expert_sessions', 'expert_recovery', 'synthesis', 'season_planner', 'weekly_planner', 'report']);
    const finished = (await findAnalysis(db, user.id, analysisId))!;
    expect(finished).toMatchObject({ status: 'completed', error_message: null, progress_percentage: 100 });
    // The resumed run's cost includes the failed first run's.
    expect(finished.total_tokens).toBeGreaterThan(failed.total_tokens);
    expect(Number(finished.estimated_cost)).toBeGreaterThan(Number(failed.estimated_cost));
  });

  it('resumes after a simulated crash mid-run (process died after the experts) from the checkpoint', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    const controller = new AbortController();
    const first = new ScriptedChatModel((call) => {
      if (call.node === 'synthesis') controller.abort();
      return groundedScript(call, 0);
    });
    const error = await runAnalysis(options(db, dialect, user.id, { models: models(first), signal: controller.signal })).catch((e: unknown) => e);
    expect((error as UserError).exitCode).toBe(ExitCode.interrupted);
    const analysisId = /analysis ([0-9a-f-]{36})/.exec((error as Error).message)![1];
    expect(await findAnalysis(db, user.id, analysisId)).toMatchObject({ status: 'failed', error_message: 'interrupted' });
    const second = new ScriptedChatModel(groundedScript);
    await runAnalysis(options(db, dialect, user.id, { models: models(second), resumeId: analysisId }));
    expect(second.calls.map((c) => c.node)).not.toContain('expert_load');
    expect(second.calls.map((c) => c.node)).toContain('weekly_planner');
    expect(await findAnalysis(db, user.id, analysisId)).toMatchObject({ status: 'completed' });
  });

  it('HITL in a terminal: pauses with the experts\' questions (status pending), resumes with the answers', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { hrvDrop: true });
    const paused = await runAnalysis(options(db, dialect, user.id, { models: null, interactive: true }));
    expect(paused.status).toBe('pending');
    expect(paused.pendingQuestions.map((q) => q.id)).toContain('recovery-markers');
    expect(await findAnalysis(db, user.id, paused.analysisId)).toMatchObject({ status: 'pending', current_node: 'hitl' });

    const replayed: string[] = [];
    const done = await runAnalysis(options(db, dialect, user.id, {
      models: null, interactive: true, resumeId: paused.analysisId,
      askQuestions: async (questions) => Object.fromEntries(questions.map((q) => [q.id, 'A cold, getting better'])),
      onProgress: (e) => replayed.push(e.node),
    }));
    expect(done.status).toBe('completed');
    expect(replayed).not.toContain('load_data');
    expect(replayed).not.toContain('expert_recovery');
    const results = await listAnalysisResults(db, user.id, paused.analysisId);
    expect(results.find((r) => r.node_name === 'hitl')?.content).toContain('A cold, getting better');
    expect(results.find((r) => r.node_name === 'synthesis')?.content).toContain('You said: "A cold, getting better"');
  });

  it('without a terminal (cron) questions are recorded, not asked, and the run completes', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { hrvDrop: true });
    let asked = false;
    const outcome = await runAnalysis(options(db, dialect, user.id, { models: null, interactive: false, askQuestions: async () => ((asked = true), {}) }));
    expect(outcome.status).toBe('completed');
    expect(asked).toBe(false);
    const hitl = (await listAnalysisResults(db, user.id, outcome.analysisId)).find((r) => r.node_name === 'hitl');
    expect(hitl?.content).toContain('not answered: no terminal to ask on');
  });

  it('refuses a second analysis of the same user while one holds the lock, and another user\'s analysis cannot be resumed', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db);
    const other = await seedAthlete(db, { email: 'other@example.com' });
    const lock = await acquireAnalysisLock(db, dialect, user.id);
    try {
      const error = await runAnalysis(options(db, dialect, user.id, { models: null })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(ExitCode.busy);
      // Another athlete is not blocked.
      const theirs = await runAnalysis(options(db, dialect, other.user.id, { models: null }));
      expect(theirs.status).toBe('completed');
      const stolen = await runAnalysis(options(db, dialect, other.user.id, { models: null, resumeId: theirs.analysisId })).catch((e: unknown) => e);
      expect((stolen as Error).message).toContain('already completed');
      const foreign = await runAnalysis(options(db, dialect, user.id + '', { models: null, resumeId: theirs.analysisId })).catch((e: unknown) => e);
      expect((foreign as UserError).exitCode).toBe(ExitCode.busy);
    } finally {
      await lock.release();
    }
    const foreign = await runAnalysis(options(db, dialect, user.id, { models: null, resumeId: (await db.selectFrom('analysis').select('id').where('user_id', '=', other.user.id).executeTakeFirstOrThrow()).id })).catch((e: unknown) => e);
    expect((foreign as Error).message).toMatch(/no analysis .* for this user/);
  });
});
