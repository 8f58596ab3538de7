import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { callModel } from '../call-model.js';
import { offlineSeasonPlan, seasonBlockLines } from '../offline-coach/planners.js';
import { constraintsFromText } from '../../plan/athlete-constraints.js';
import { seasonOutlineOf, seasonPhases } from '../../plan/season-outline.js';
import { seasonWords } from '../athlete-words.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { budgetedContext } from '../prompt-budget.js';
import { sharedSystemPrompt } from '../shared-prompt.js';
import { renderTemplate } from '../templates.js';

/** Phases from now to the A race: dates by rule (season-outline.ts), words by the coach. */
export async function seasonPlannerNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const phases = seasonPhases(facts);
  // The athlete's words (notes, answers, planning context) shape the outline: a sport that hurts grows slower, race notes are matched to the calendar.
  const words = seasonWords(state);
  const outline = seasonOutlineOf(facts, constraintsFromText(words), words);
  const model = services.models?.season_planner;
  let content: string;
  let usage = { model: 'offline', inputTokens: 0, outputTokens: 0 };
  if (!model || !facts.season.nextARace) {
    content = offlineSeasonPlan(facts, outline);
  } else {
    const user = renderTemplate('prompts', 'season-planner.prompt.md', {
      context: budgetedContext(state.settings!.planningContext, state.settings!.aiMode),
      phases: seasonBlockLines(outline).join('\n'),
    });
    // Today, the races, the season and the current load are in the shared system message.
    const reply = await callModel(services, 'season_planner', model, { system: sharedSystemPrompt(state, facts), user });
    content = `## Season outline\n\n${reply.text}\n`;
    usage = { model: model.id, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
  }
  return {
    seasonPlan: content,
    results: [{
      nodeName: 'season_planner', resultType: 'plan', title: 'Season outline', content, data: { phases, outline },
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
