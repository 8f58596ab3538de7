import type { AnalysisStateType } from './state.js';

/** The athlete's words that constrain this week's plan: answers to the coach's questions and `analyze --note`s. */
export function athleteWords(state: AnalysisStateType): string[] {
  return [...(state.settings?.notes ?? []), ...Object.values(state.answers ?? {})].filter((t) => typeof t === 'string' && t.trim());
}

/**
 * The words the season outline reads: the week's words plus the config's planning context
 * (the athlete's standing notes: "recovering from a knee injury", "the spring half is the
 * goal"). The weekly plan does not read the planning context as constraints: a standing note
 * about an old injury would remove a sport for good; the season only slows its progression.
 */
export function seasonWords(state: AnalysisStateType): string[] {
  const context = state.settings?.planningContext;
  return [...athleteWords(state), ...(typeof context === 'string' && context.trim() ? [context] : [])];
}
