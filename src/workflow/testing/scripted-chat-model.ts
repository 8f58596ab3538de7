import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';

/**
 * The fake at the model boundary for tests and benchmarks (never used by `coach analyze`
 * itself): a FakeListChatModel whose replies come from a script function, with
 * usage_metadata filled in like a provider's. Input tokens are estimated as characters / 4
 * (a common rule of thumb for English and JSON), which is what the token benchmark counts.
 */
export interface ScriptedCall {
  node: string;
  prompt: string;
  inputTokens: number;
}

export type Script = (call: ScriptedCall, callIndex: number) => string | Error;

const ROLE_TO_NODE: [RegExp, string][] = [
  [/Role: load and fitness expert/, 'expert_load'],
  [/Role: sessions and execution expert/, 'expert_sessions'],
  [/Role: recovery and physiology expert/, 'expert_recovery'],
  [/Role: head coach/, 'synthesis'],
  [/Role: season planner/, 'season_planner'],
  [/Role: weekly planner/, 'weekly_planner'],
];

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export class ScriptedChatModel extends FakeListChatModel {
  readonly calls: ScriptedCall[] = [];
  constructor(private readonly script: Script) {
    super({ responses: ['(scripted)'] });
  }

  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const prompt = messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
    const node = ROLE_TO_NODE.find(([re]) => re.test(prompt))?.[1] ?? 'unknown';
    const call = { node, prompt, inputTokens: estimateTokens(prompt) };
    const index = this.calls.length;
    this.calls.push(call);
    const reply = this.script(call, index);
    if (reply instanceof Error) throw reply;
    const outputTokens = estimateTokens(reply);
    const message = new AIMessage({
      content: reply,
      usage_metadata: { input_tokens: call.inputTokens, output_tokens: outputTokens, total_tokens: call.inputTokens + outputTokens },
    });
    return { generations: [{ text: reply, message }] };
  }
}

/** An error shaped like a provider's HTTP error (status 429, 500, ...). */
export function providerError(status: number, message = `provider returned ${status}`): Error {
  return Object.assign(new Error(message), { status });
}

/** Extracts the weekly-planner prompt's week start and phase. */
export function planRequest(prompt: string): { weekStart: string; phase: string } {
  const weekStart = /starting (\d{4}-\d{2}-\d{2})/.exec(prompt)?.[1] ?? '2026-01-01';
  const phase = /\(phase ([a-z]+)\)/.exec(prompt)?.[1] ?? 'base';
  return { weekStart, phase };
}

/** The draft week in the weekly-planner prompt (coach's rule plan as a proposal). */
export function planDraft(prompt: string): { days: Array<{ date: string; sessions: Array<Record<string, unknown>> }> } {
  const line = prompt.split('\n').find((l, i, all) => all[i - 1]?.trim() === 'DRAFT:');
  return JSON.parse(line ?? '{"days":[]}');
}

/** A valid plan a scripted planner can return: the draft as it came (a model that agrees). */
export function scriptedPlanJson(prompt: string): string {
  return JSON.stringify(planDraft(prompt));
}

/**
 * An expert's reply as the structured output asks for it (output-schemas.ts EXPERT_FINDINGS),
 * as JSON text: the scripted model has no native structured-output mode, so coach reads its
 * text as JSON (mode text_json).
 */
export function scriptedExpertJson(assessment: string, options: { findings?: string[]; question?: string } = {}): string {
  const findings = (options.findings ?? [assessment]).map((text) => ({ kind: 'going_well', text }));
  return JSON.stringify({ assessment, findings, questions: options.question ? [options.question] : [] });
}

/** The reply a well-behaved scripted model gives each node: prose, an expert's JSON, the draft plan. */
export function scriptedReply(call: ScriptedCall, prose: string): string {
  if (call.node === 'weekly_planner') return scriptedPlanJson(call.prompt);
  if (call.node.startsWith('expert_')) return scriptedExpertJson(prose);
  return prose;
}
