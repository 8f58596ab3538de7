import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { replaceAnalysisResults, updateAnalysis } from '../../db/analyses.repository.js';
import { analysisUsage } from '../../db/model-calls.repository.js';
import { type GroundingFlag, groundingFlags, groundingIndex } from '../grounding.js';
import { slicesShown } from '../facts-slices.js';
import { contextCutNotes } from '../prompt-budget.js';
import { seasonPhases } from '../../plan/season-outline.js';
import { offlineVerdict } from '../offline-coach/planners.js';
import { sourceWords } from '../../plan/plan-text.js';
import { estimateCost } from '../pricing.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate, NodeResult } from '../state.js';
import { loadTemplate, renderTemplate } from '../templates.js';

const MODEL_NOTICE = '> Written with the help of a language model. Every number in this report comes from your data through coach\'s training formulas; the models were told to cite only those numbers.';

/** Report order: data, experts, questions, synthesis, season, week. */
const ORDER = ['load_data', 'expert_load', 'expert_sessions', 'expert_recovery', 'hitl', 'synthesis', 'season_planner', 'weekly_planner'];

/**
 * Writes the analysis: summary and recommendations into `analysis`, one `analysisresult` per
 * node (tokens and processing time included), the cost estimate, then the report files
 * through H-results' writeAnalysisFiles when that module is installed.
 */
export async function reportNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const plan = state.weeklyPlan!;
  const usedModel = state.results.some((r) => r.model !== 'offline' && r.model !== 'none');
  const byNode = new Map(state.results.map((r) => [r.nodeName, r]));
  const ordered = ORDER.map((n) => byNode.get(n)).filter((r): r is NodeResult => Boolean(r));

  const verdict = state.synthesisText && usedModel ? '' : offlineVerdict(facts);
  // The plan itself is shown once, in the report's plan section (a table with the steps and
  // the 28-day strip); the summary and recommendations only point at it.
  const sections = ordered.filter((r) => r.nodeName !== 'load_data' && r.nodeName !== 'hitl' && r.nodeName !== 'weekly_planner').map((r) => r.content.trim());
  const hitl = byNode.get('hitl');
  if (hitl) sections.splice(3, 0, `## Questions for the athlete\n\n${hitl.content}`);

  // Grounding check on model-written text: each number must be a fact of its kind among what
  // the models were shown, or the plan's; the others are flagged in the report and its data.
  let groundingNote = '';
  const flags: (GroundingFlag & { node: string })[] = [];
  if (usedModel) {
    const index = groundingIndex([...slicesShown(facts), seasonPhases(facts), plan, state.answers]);
    for (const r of ordered.filter((r) => r.model !== 'offline' && r.model !== 'none')) {
      for (const flag of groundingFlags(r.content, index)) flags.push({ node: r.nodeName, ...flag });
    }
    if (flags.length) groundingNote = groundingNoteOf(flags);
  }

  // Contexts the prompt budget cut (prompt-budget.ts): said in the report, not only to the model.
  const settings = state.settings!;
  const cuts = usedModel
    ? contextCutNotes({ 'athlete context': settings.athleteContext, 'analysis context': settings.analysisContext, 'planning context': settings.planningContext }, settings.aiMode)
    : [];
  const budgetNote = cuts.length ? `> Note: ${cuts.join('; ')}.` : '';

  const summary = renderTemplate('offline', 'report.md', {
    athlete: facts.athlete.name ?? 'athlete',
    today: facts.today,
    notice: [usedModel ? MODEL_NOTICE : loadTemplate('offline', 'notice.md').trim(), groundingNote, budgetNote].filter(Boolean).join('\n\n'),
    verdict,
    sections: sections.join('\n\n'),
  });
  const recommendations = [
    verdict || firstParagraph(state.synthesisText ?? ''),
    planPointer(plan),
  ].filter(Boolean).join('\n\n');

  const reportResult: NodeResult = {
    nodeName: 'report', resultType: 'recommendation', title: 'Recommendations', content: recommendations,
    data: { usedModel, grounding: groundingNote || 'ok', groundingFlags: flags, contextCuts: cuts }, model: 'none', inputTokens: 0, outputTokens: 0,
    processingTime: 0,
  };
  const all = [...ordered, reportResult];
  // The run's tokens and cost are those of every attempt (model_call rows, retries and a
  // resumed run's first try included); without them (models injected without accounting)
  // the nodes' own counts.
  const usage = await analysisUsage(services.db, services.analysisId);
  const totalTokens = usage.attempts > 0 ? usage.inputTokens + usage.outputTokens : all.reduce((s, r) => s + r.inputTokens + r.outputTokens, 0);
  const dollars = usage.attempts > 0 ? usage.cost : estimateCost(all).dollars;
  await updateAnalysis(services.db, services.userId, services.analysisId, {
    summary,
    recommendations,
    weekly_plan: plan,
    total_tokens: totalTokens,
    estimated_cost: usedModel ? dollars.toFixed(6) : '0',
  });
  reportResult.processingTime = (performance.now() - started) / 1000;
  await replaceAnalysisResults(services.db, services.userId, services.analysisId, all.map((r) => ({
    node_name: r.nodeName,
    result_type: r.resultType,
    title: r.title,
    content: r.content,
    // The seed column is integer seconds (most steps take 0); milliseconds go in `data`.
    data: withProcessingMs(r.data ?? null, r.processingTime),
    tokens_used: r.inputTokens + r.outputTokens,
    processing_time: Math.round(r.processingTime),
  })));

  let reportNote: string;
  if (services.writeFiles) {
    try {
      const files = await services.writeFiles({ userId: services.userId, analysisId: services.analysisId, facts });
      reportNote = `${files.length} report file(s) written`;
    } catch (error) {
      throw new Error(`writing the report files failed: ${(error as Error).message}`);
    }
  } else {
    reportNote = 'report files skipped: the report writer (src/report/write-analysis-files) is not installed';
  }
  return { reportNote };
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith('#')) ?? '';
}

/** Recommendations point at the plan (shown once, in its own section) and say why it is as it is. */
function planPointer(plan: AnalysisStateType['weeklyPlan']): string {
  if (!plan) return '';
  const sessions = plan.days.flatMap((d) => d.sessions);
  return [
    `The plan for ${plan.weekStart} onwards (${sessions.length} sessions, load ${plan.totalPlannedLoad}; ${sourceWords(plan.source)}) is in the plan section. Why it looks as it does:`,
    ...plan.rules.map((r) => `- ${r}`),
  ].join('\n');
}

/** The report's warning: every flagged number with the words around it. */
export function groundingNoteOf(flags: readonly (GroundingFlag & { node: string })[]): string {
  const lines = flags.map((f) => `> - ${f.number} (${f.node}): "...${f.context}..."`);
  return `> Check: these numbers in the text were not found in your data:\n${lines.join('\n')}`;
}

/** The step's time in milliseconds, added to an object (or null) result payload; other payloads stay as they are. */
function withProcessingMs(data: unknown, seconds: number): unknown {
  const processingMs = Math.round(seconds * 1000);
  if (data === null) return { processingMs };
  if (typeof data === 'object' && !Array.isArray(data)) return { ...(data as Record<string, unknown>), processingMs };
  return data;
}
