import type { AiMode } from './models.js';

/**
 * The prompt budget per ai_mode: the most characters of each free-text context (athlete,
 * analysis and planning context) that go into a prompt. The facts slices are bounded by
 * construction (facts-slices.ts); the contexts are whatever the athlete typed, and a
 * 20,000-character note sent to six nodes took a run from ~7.5k to ~37k prompt tokens.
 * A cut is said in the prompt and in the report (contextCutNotes).
 */
export const CONTEXT_CHAR_BUDGET: Record<AiMode, number> = { development: 4000, standard: 2000, cost_effective: 1000 };

export type ContextLabel = 'athlete context' | 'analysis context' | 'planning context';

/** The context within the mode's budget: cut at a word boundary with a marker the model sees. */
export function budgetedContext(text: string | null | undefined, mode: AiMode): string {
  const value = text?.trim();
  if (!value) return '(none given)';
  const budget = CONTEXT_CHAR_BUDGET[mode] ?? CONTEXT_CHAR_BUDGET.standard;
  if (value.length <= budget) return value;
  const head = value.slice(0, budget);
  const cut = head.slice(0, Math.max(head.lastIndexOf(' '), budget - 40)).trimEnd();
  return `${cut} [... the rest of this text (${value.length - cut.length} of ${value.length} characters) was cut to fit the prompt budget]`;
}

/** One line per context that the budget cut, for the report and the terminal. */
export function contextCutNotes(contexts: Partial<Record<ContextLabel, string | null | undefined>>, mode: AiMode): string[] {
  const budget = CONTEXT_CHAR_BUDGET[mode] ?? CONTEXT_CHAR_BUDGET.standard;
  return Object.entries(contexts)
    .filter(([, text]) => (text?.trim().length ?? 0) > budget)
    .map(([label, text]) => `the ${label} (${text!.trim().length} characters) was cut to about ${budget} for the ${mode} mode's prompt budget`);
}
