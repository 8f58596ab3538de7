import type { Facts } from '../analytics/facts.types.js';
import { factsJson, sharedFacts } from './facts-slices.js';
import { budgetedContext } from './prompt-budget.js';
import type { AnalysisStateType } from './state.js';
import { renderTemplate } from './templates.js';

/**
 * The system message of every model node of a run, byte for byte the same for all six:
 * the coaching rules, the athlete's context (within the mode's budget) and the shared
 * facts. It comes first in every request, so a provider's prompt cache can serve it from
 * the second call on: OpenAI and Gemini cache a repeated prefix of 1,024 tokens or more by
 * themselves, Anthropic the block marked with cache_control (call-model.ts). Below that
 * size no provider caches, which is why the shared facts live here and not in each node's
 * message. Role, task and the node's own facts follow in the user message.
 */
export function sharedSystemPrompt(state: AnalysisStateType, facts: Facts): string {
  return renderTemplate('prompts', 'system.prompt.md', {
    context: budgetedContext(state.settings?.athleteContext, state.settings?.aiMode ?? 'standard'),
    facts: factsJson(sharedFacts(facts)),
  });
}
