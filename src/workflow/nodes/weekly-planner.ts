import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { callModel, InvalidModelOutput } from '../call-model.js';
import { factsJson, planningSlice } from '../facts-slices.js';
import { weeklyPlanText } from '../offline-coach/planners.js';
import { buildRulePlan } from '../offline-coach/weekly-plan-rules.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { loadTemplate, renderTemplate } from '../templates.js';
import { addDays, enforceLoadCap, loadLimits, type WeeklyPlan, weeklyPlanProblems } from '../weekly-plan.js';

/** Parses a model's plan: JSON (code fences tolerated), valid against the schema, else retried. */
export function parsePlanReply(text: string): WeeklyPlan {
  const json = text.replace(/^```(?:json)?\s*/i, '').replace(/```\s*$/, '').trim();
  let plan: unknown;
  try {
    plan = JSON.parse(json);
  } catch {
    throw new InvalidModelOutput('the weekly plan is not valid JSON');
  }
  const problems = weeklyPlanProblems(plan);
  if (problems.length) throw new InvalidModelOutput(`the weekly plan does not match the schema: ${problems.slice(0, 3).join('; ')}`);
  return plan as WeeklyPlan;
}

/**
 * The next 7 days as structured JSON. The load cap and target come from the rules in
 * weekly-plan.ts (ramp, taper, wellness); a model's plan is validated against the schema and
 * scaled down if it exceeds the cap. Offline, the rules build the whole plan.
 */
export async function weeklyPlannerNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const limits = loadLimits(facts);
  const model = services.models?.weekly_planner;
  let plan: WeeklyPlan;
  let usage = { model: 'offline', inputTokens: 0, outputTokens: 0 };
  if (!model) {
    plan = buildRulePlan(facts, limits);
  } else {
    const weekStart = addDays(facts.today, 1);
    const user = renderTemplate('prompts', 'weekly-planner.prompt.md', {
      weekStart,
      phase: facts.season.phase,
      cap: limits.cap,
      target: limits.target,
      rules: limits.rules.map((r) => `- ${r}`).join('\n'),
      context: state.settings!.planningContext ?? '(none given)',
      season: state.seasonPlan ?? '(none)',
      synthesis: state.synthesisText ?? '(skipped)',
      facts: factsJson({ today: facts.today, load: planningSlice(facts).load, wellness: planningSlice(facts).wellness, races: planningSlice(facts).races }),
    });
    const reply = await callModel(services, 'weekly_planner', model, { system: loadTemplate('prompts', 'system.prompt.md'), user }, parsePlanReply);
    plan = enforceLoadCap({ ...reply.value, weekStart, phase: facts.season.phase, rules: limits.rules }, limits);
    usage = { model: model.id, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
  }
  const problems = weeklyPlanProblems(plan);
  if (problems.length) throw new Error(`weekly plan failed validation: ${problems.join('; ')}`);
  const content = weeklyPlanText(plan);
  return {
    weeklyPlan: plan,
    results: [{
      nodeName: 'weekly_planner', resultType: 'plan', title: 'Next 7 days', content, data: plan,
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
