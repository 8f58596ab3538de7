import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { findPreviousPlan } from '../../db/analyses.repository.js';
import { findAvailability } from '../../db/availability.repository.js';
import { availabilityOf } from '../../plan/availability.js';
import { constraintsFromText } from '../../plan/athlete-constraints.js';
import { buildRevision } from '../../plan/build-plan.js';
import { planContext, type PlanContext } from '../../plan/plan-context.js';
import { planChanges, reasonsWhereSame } from '../../plan/plan-changes.js';
import { planMarkdown } from '../../plan/plan-text.js';
import { PLAN_SCHEMA_MINOR, type PlanViolation, type TrainingPlan } from '../../plan/plan.types.js';
import { seasonOutlineOf } from '../../plan/season-outline.js';
import { planFromProposal, proposalOf } from '../../plan/proposal.js';
import { validatePlan, violationLines } from '../../plan/validate.js';
import { callModel } from '../call-model.js';
import { PLAN_PROPOSAL } from '../output-schemas.js';
import { sharedSystemPrompt } from '../shared-prompt.js';
import { StructuredOutputMismatch } from '../structured-output.js';
import { factsJson, weeklyPlannerSlice } from '../facts-slices.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf, type NodeModel, type WorkflowServices } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { athleteWords, seasonWords } from '../athlete-words.js';
import { budgetedContext } from '../prompt-budget.js';
import { renderTemplate } from '../templates.js';

/**
 * The model path, kept to one call plus at most one repair: the model revises the rule
 * plan's week (a draft with steps); src/plan turns its reply into a plan (targets, durations,
 * loads computed) and validates it. Broken twice, the rule plan is used, labelled.
 */
async function modelPlan(services: WorkflowServices, model: NodeModel, state: AnalysisStateType, ctx: PlanContext, rulePlan: TrainingPlan) {
  const facts = ctx.facts;
  const base = renderTemplate('prompts', 'weekly-planner.prompt.md', {
    weekStart: rulePlan.weekStart,
    phase: rulePlan.phase,
    rules: rulePlan.rules.map((r) => `- ${r}`).join('\n'),
    context: budgetedContext(state.settings!.planningContext, state.settings!.aiMode),
    season: state.seasonPlan ?? '(none)',
    synthesis: state.synthesisText ?? '(skipped)',
    draft: JSON.stringify(proposalOf(rulePlan)),
    facts: factsJson(weeklyPlannerSlice(facts)),
  });
  const system = sharedSystemPrompt(state, facts);
  let inputTokens = 0;
  let outputTokens = 0;
  let structured: string | undefined;
  const attempt = async (user: string): Promise<{ plan: TrainingPlan | null; violations: PlanViolation[] }> => {
    // The proposal's schema goes natively to the provider (text mode: in the prompt); a reply
    // that does not fit it is repaired like a plan that breaks a rule, its errors quoted.
    let value: unknown;
    try {
      const reply = await callModel<unknown>(services, 'weekly_planner', model, { system, user }, { output: PLAN_PROPOSAL });
      inputTokens += reply.inputTokens;
      outputTokens += reply.outputTokens;
      structured = reply.structured;
      value = reply.value;
    } catch (error) {
      if (!(error instanceof StructuredOutputMismatch)) throw error;
      inputTokens += error.usage.inputTokens;
      outputTokens += error.usage.outputTokens;
      return { plan: null, violations: error.errors.map((message) => ({ path: 'reply', rule: 'schema', message })) };
    }
    const proposed = planFromProposal(value, ctx, rulePlan);
    return proposed.plan ? { plan: proposed.plan, violations: validatePlan(proposed.plan, ctx) } : proposed;
  };
  let result = await attempt(base);
  let plan: TrainingPlan;
  if (result.plan && result.violations.length === 0) {
    plan = result.plan;
  } else {
    const first = result.violations;
    result = await attempt(`${base}\n\nYour previous plan broke these rules; return the whole corrected plan:\n${violationLines(first).map((l) => `- ${l}`).join('\n')}`);
    if (result.plan && result.violations.length === 0) {
      plan = { ...result.plan, source: 'model_repaired', rules: [...result.plan.rules, `the model's first plan was corrected once: ${violationLines(first).slice(0, 3).join('; ')}`] };
    } else {
      plan = { ...rulePlan, source: 'rules_fallback', rules: [...rulePlan.rules, `the model's plan broke the rules twice (${violationLines(result.violations).slice(0, 3).join('; ')}): rule plan used`] };
    }
  }
  // A model without a native structured-output mode (text_json) is said so in the plan's reasons.
  if (structured === 'text_json' && plan.source !== 'rules_fallback') plan = { ...plan, rules: [...plan.rules, "the model's plan was read from its text as JSON (this model has no native structured-output mode)"] };
  return { plan, usage: { model: model.id, inputTokens, outputTokens } };
}

/**
 * The 28 days from the analysis date. The rules (src/plan) build the plan from the facts,
 * the athlete's words and availability; with a model, the model revises the rules' week and
 * src/plan validates it. The report shows what changed against the previous plan.
 */
export async function weeklyPlannerNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const stored = await findAvailability(services.db, services.configId);
  const availability = stored ? availabilityOf(stored) : null;
  const previous = await findPreviousPlan(services.db, services.userId, services.configId, services.analysisId);
  const ctx = planContext(facts, { availability, constraints: constraintsFromText(athleteWords(state)), previous: previous?.plan });
  const { plan: rulePlan, reasons } = buildRevision(ctx);
  const model = services.models?.weekly_planner;
  let plan = rulePlan;
  let usage = { model: 'offline', inputTokens: 0, outputTokens: 0 };
  if (model) ({ plan, usage } = await modelPlan(services, model, state, ctx, rulePlan));
  const problems = validatePlan(plan, ctx);
  if (problems.length) throw new Error(`weekly plan failed validation: ${violationLines(problems).slice(0, 5).join('; ')}`);
  // The rule plan names the rule behind each change; a model's plan keeps those reasons where it agrees with the rules' days.
  const changes = planChanges(previous?.plan, plan, plan.source === 'model' || plan.source === 'model_repaired' ? reasonsWhereSame(rulePlan, plan, reasons) : reasons);
  if (changes.length) plan = { ...plan, changes };
  // The season outline the 28 days sit in, stored with them (the same rules as the season planner's).
  const words = seasonWords(state);
  plan = { ...plan, schemaMinor: PLAN_SCHEMA_MINOR, season: seasonOutlineOf(facts, constraintsFromText(words), words) };
  return {
    weeklyPlan: plan,
    results: [{
      nodeName: 'weekly_planner', resultType: 'plan', title: 'Next 28 days', content: planMarkdown(plan), data: plan,
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
