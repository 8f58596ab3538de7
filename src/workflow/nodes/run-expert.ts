import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { Facts } from '../../analytics/facts.types.js';
import { callStructured } from '../call-model.js';
import { factsJson } from '../facts-slices.js';
import type { ExpertOutput } from '../offline-coach/experts.js';
import { factsFor } from '../facts-cache.js';
import { EXPERT_FINDINGS, type ExpertFindings } from '../output-schemas.js';
import { type ModelNode, servicesOf } from '../services.js';
import { sharedSystemPrompt } from '../shared-prompt.js';
import type { AnalysisStateType, AnalysisUpdate, AthleteQuestion } from '../state.js';
import { renderTemplate } from '../templates.js';

const KIND_LABEL: Record<ExpertFindings['findings'][number]['kind'], string> = { going_well: 'Going well', risk: 'Risk', adjustment: 'Adjust' };

/** An expert's structured reply as its report section and its question (at most one). */
export function expertOutputOf(node: ModelNode, title: string, value: ExpertFindings): ExpertOutput {
  const lines = value.findings.map((f) => `- **${KIND_LABEL[f.kind]}:** ${f.text.trim()}`);
  const questions: AthleteQuestion[] = value.questions.slice(0, 1).map((text, i) => ({ id: `${node}-${i + 1}`, expert: node, text: text.trim() }));
  return { title, content: `## ${title}\n\n${value.assessment.trim()}\n\n${lines.join('\n')}\n`, questions };
}

/**
 * The shared body of the three expert nodes: the offline rules, or the node's model given
 * the shared system message and its slice of the facts, replying with findings and at most
 * one question as data (output-schemas.ts). A reply that does not fit the schema gets one
 * repair turn; after a second misfit the rules' report is used, and the result says so.
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
  let data: Record<string, unknown> | null = null;
  if (!model) {
    output = offline(facts);
  } else {
    const user = renderTemplate('prompts', `${node.replace('_', '-')}.prompt.md`, { facts: factsJson(slice(facts)) });
    const reply = await callStructured<ExpertFindings>(services, node, model, { system: sharedSystemPrompt(state, facts), user }, EXPERT_FINDINGS);
    usage = { model: model.id, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
    // How the data came: enforced by the provider ('native') or parsed from text ('text_json').
    const how = { structuredOutput: reply.structured, ...(reply.repairedFrom.length ? { repairedFrom: reply.repairedFrom } : {}) };
    if (reply.value) {
      output = expertOutputOf(node, title, reply.value);
      data = { ...how, findings: reply.value.findings, questions: output.questions };
    } else {
      const rules = offline(facts);
      // The schema errors stay in the data: they hold counts that are not the athlete's numbers.
      output = { ...rules, content: `${rules.content.trimEnd()}\n\n> The model's reply did not fit the expected form, even after a repair turn: this section is the rules' assessment.\n` };
      data = { ...how, fallback: 'rules', errors: reply.errors, questions: output.questions };
    }
  }
  if (!data && output.questions.length) data = { questions: output.questions };
  return {
    expertReports: { [node]: output.content },
    questions: output.questions,
    results: [{
      nodeName: node, resultType: 'summary', title: output.title, content: output.content, data,
      ...usage, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
