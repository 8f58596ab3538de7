import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { Facts } from '../../analytics/facts.types.js';
import { callModel } from '../call-model.js';
import { factsJson } from '../facts-slices.js';
import type { ExpertOutput } from '../offline-coach/experts.js';
import { factsFor } from '../facts-cache.js';
import { type ModelNode, servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate, AthleteQuestion } from '../state.js';
import { budgetedContext } from '../prompt-budget.js';
import { loadTemplate, renderTemplate } from '../templates.js';

/** Lines `QUESTION: ...` at the end of a model's reply become questions for the athlete. */
export function splitQuestions(text: string, expert: string): { content: string; questions: AthleteQuestion[] } {
  const questions: AthleteQuestion[] = [];
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*QUESTION:\s*(.+)$/i.exec(line);
    if (match) questions.push({ id: `${expert}-${questions.length + 1}`, expert, text: match[1].trim() });
    else kept.push(line);
  }
  return { content: kept.join('\n').trim(), questions: questions.slice(0, 1) };
}

/**
 * The shared body of the three expert nodes: the offline rules, or the node's model given
 * its slice of the facts and the athlete's context. Returns the expert's report and questions.
 */
export async function runExpert(
  node: ModelNode,
  title: string,
  state: AnalysisStateType,
  config: LangGraphRunnableConfig,
  slice: (facts: Facts) => unknown,
  offline: (facts: Facts) => ExpertOutput,
): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  const facts = await factsFor(state, services);
  const model = services.models?.[node];
  let output: ExpertOutput;
  let usage = { model: 'offline', inputTokens: 0, outputTokens: 0 };
  if (!model) {
    output = offline(facts);
  } else {
    const settings = state.settings!;
    const user = renderTemplate('prompts', `${node.replace('_', '-')}.prompt.md`, {
      context: budgetedContext(settings.athleteContext, settings.aiMode),
      facts: factsJson(slice(facts)),
    });
    const reply = await callModel(services, node, model, { system: loadTemplate('prompts', 'system.prompt.md'), user });
    const { content, questions } = splitQuestions(reply.text, node);
    output = { title, content: `## ${title}\n\n${content}\n`, questions };
    usage = { model: model.id, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
  }
  return {
    expertReports: { [node]: output.content },
    questions: output.questions,
    results: [{
      nodeName: node, resultType: 'summary', title: output.title, content: output.content,
      data: output.questions.length ? { questions: output.questions } : null,
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
