/**
 * Prices in US dollars per million tokens (input, output), as published by the providers
 * in 2025. Update here when they change; a model missing from the table costs 0 and the
 * report says the estimate is incomplete. Local Ollama models are free.
 */
export const PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
};

/**
 * What a cached input token costs, as a share of the input price: Anthropic and OpenAI bill
 * cache reads at a tenth, Google at a quarter.
 */
const CACHED_SHARE: [RegExp, number][] = [[/^claude-/, 0.1], [/^gpt-/, 0.1], [/^gemini-/, 0.25]];

export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (part of inputTokens). */
  cachedTokens?: number;
}

/** Estimated cost in dollars of a run's model calls; `complete` is false when a model had no price. */
export function estimateCost(usages: Usage[]): { dollars: number; complete: boolean } {
  let dollars = 0;
  let complete = true;
  for (const u of usages) {
    if (u.inputTokens === 0 && u.outputTokens === 0) continue;
    const price = PRICES_PER_MILLION[u.model];
    if (!price) {
      if (!u.model.startsWith('ollama:')) complete = false;
      continue;
    }
    const cached = Math.min(u.cachedTokens ?? 0, u.inputTokens);
    const share = CACHED_SHARE.find(([re]) => re.test(u.model))?.[1] ?? 1;
    dollars += ((u.inputTokens - cached) * price.input + cached * price.input * share + u.outputTokens * price.output) / 1_000_000;
  }
  return { dollars: Math.round(dollars * 1_000_000) / 1_000_000, complete };
}
