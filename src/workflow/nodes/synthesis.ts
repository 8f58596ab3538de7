import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { callModel } from '../call-model.js';
import { offlineSynthesis } from '../offline-coach/planners.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { budgetedContext } from '../prompt-budget.js';
import { sharedSystemPrompt } from '../shared-prompt.js';
import { renderTemplate } from '../templates.js';

/** Head coach: one assessment from the three expert reports and the athlete's answers. */
export async function synthesisNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const model = services.models?.synthesis;
  let content: string;
  let usage = { model: 'offline', inputTokens: 0, outputTokens: 0 };
  if (!model) {
    content = offlineSynthesis(facts, state.expertReports, state.questions, state.answers);
  } else {
    const answers = state.questions.filter((q) => state.answers[q.id]).map((q) => `- ${q.text} -> ${state.answers[q.id]}`).join('\n');
    const user = renderTemplate('prompts', 'synthesis.prompt.md', {
      context: budgetedContext(state.settings!.analysisContext, state.settings!.aiMode),
      reports: Object.entries(state.expertReports).sort().map(([, text]) => text).join('\n\n'),
      answers: answers || '(none)',
    });
    // The facts it needs (today, season, current load) are all in the shared system message.
    const reply = await callModel(services, 'synthesis', model, { system: sharedSystemPrompt(state, facts), user });
    content = `## Overall assessment\n\n${reply.text}\n`;
    usage = { model: model.id, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
  }
  return {
    synthesisText: content,
    results: [{
      nodeName: 'synthesis', resultType: 'summary', title: 'Overall assessment', content, data: null,
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
