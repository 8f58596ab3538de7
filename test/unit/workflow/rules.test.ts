import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { InvalidModelOutput, isRetryable } from '../../../src/workflow/call-model.js';
import { allowedNumbers, ungroundedNumbers } from '../../../src/workflow/grounding.js';
import { resolveProvider, modelIdFor } from '../../../src/workflow/models.js';
import { splitQuestions } from '../../../src/workflow/nodes/run-expert.js';
import { parsePlanReply } from '../../../src/workflow/nodes/weekly-planner.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { estimateCost } from '../../../src/workflow/pricing.js';
import { seasonOutline } from '../../../src/workflow/season-outline.js';

const TODAY = '2026-11-25';

function facts(options: { dailyLoad?: number; ctl?: number; phase?: Facts['season']['phase']; hrvBelow?: boolean } = {}): Facts {
  const f = buildFacts({ today: TODAY, user: { name: 'T' }, config: { activities_days: 28, metrics_days: 28 }, activities: [], dailyMetrics: [], zones: [], races: [] });
  const daily = Array.from({ length: 14 }, (_, i) => {
    const d = new Date(`${TODAY}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 13 + i);
    return { date: d.toISOString().slice(0, 10), load: options.dailyLoad ?? 0, ctl: 0, atl: 0, tsb: 0 };
  });
  f.load.daily = daily;
  f.load.current.ctl = options.ctl ?? 0;
  f.season.phase = options.phase ?? 'build';
  if (options.hrvBelow) f.wellness.hrv.status = 'below';
  return f;
}

describe('season outline', () => {
  it('counts phases back from the A race and clips them to today', () => {
    const f = facts();
    f.season.nextARace = { id: 'r', name: 'M', date: '2027-03-03', weeksToRace: 14 };
    const phases = seasonOutline(f);
    expect(phases.map((p) => p.phase)).toEqual(['base', 'build', 'peak', 'taper', 'race']);
    expect(phases.at(-2)).toMatchObject({ from: '2027-02-17', to: '2027-03-02' });
    f.season.nextARace = { id: 'r', name: 'M', date: '2026-12-10', weeksToRace: 2 };
    expect(seasonOutline(f).map((p) => p.phase)).toEqual(['taper', 'race']);
  });
});

describe('model plumbing', () => {
  it('picks the provider from flags or keys, offline without any', () => {
    expect(resolveProvider(undefined, {})).toBe('offline');
    expect(resolveProvider(undefined, { OPENAI_API_KEY: 'k', GOOGLE_API_KEY: 'g' })).toBe('openai');
    expect(resolveProvider('offline', { ANTHROPIC_API_KEY: 'k' })).toBe('offline');
    expect(() => resolveProvider('anthropic', {})).toThrow(/needs ANTHROPIC_API_KEY/);
    expect(() => resolveProvider('gpt', {})).toThrow(/--provider must be one of/);
    expect(modelIdFor('anthropic', 'cost_effective', 'synthesis')).toBe('claude-haiku-4-5');
    expect(modelIdFor('ollama', 'development', 'synthesis', { OLLAMA_MODEL: 'qwen3' })).toBe('qwen3');
  });
  it('retries rate limits, server errors, timeouts and bad output, not client errors', () => {
    expect(isRetryable(Object.assign(new Error('x'), { status: 429 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { status: 503 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { status: 401 }))).toBe(false);
    expect(isRetryable(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetryable(new InvalidModelOutput('bad json'))).toBe(true);
    expect(isRetryable(new Error('invalid api key'))).toBe(false);
  });
  it('reads the status where Ollama puts it, its wording, and garbage bodies', () => {
    // ollama's ResponseError: { error: message, status_code }
    expect(isRetryable(Object.assign(new Error('internal error'), { status_code: 500 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('rate limited'), { status_code: 429 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('model not found'), { status_code: 404 }))).toBe(false);
    expect(isRetryable(new Error('rate limited'))).toBe(true);
    expect(isRetryable(new SyntaxError('Unexpected token < in JSON at position 0'))).toBe(true);
    // What @langchain/ollama throws when the stream body is not JSON.
    expect(isRetryable(new Error('Did not receive done or success response in stream.'))).toBe(true);
  });
  it('parses plan replies (fences tolerated) and rejects garbage', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    const plan = buildRulePlan(f);
    expect(parsePlanReply('```json\n' + JSON.stringify(plan) + '\n```')).toEqual(plan);
    expect(() => parsePlanReply('{"days": [')).toThrow(InvalidModelOutput);
  });
  it('splits QUESTION lines out of expert replies', () => {
    expect(splitQuestions('All good.\nQUESTION: Any pain?', 'expert_load')).toEqual({
      content: 'All good.', questions: [{ id: 'expert_load-1', expert: 'expert_load', text: 'Any pain?' }],
    });
  });
  it('estimates cost from the pricing table', () => {
    expect(estimateCost([{ model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 100_000 }])).toEqual({ dollars: 4.5, complete: true });
    expect(estimateCost([{ model: 'mystery', inputTokens: 10, outputTokens: 0 }]).complete).toBe(false);
    // Cache reads cost a tenth of the input price at Anthropic.
    expect(estimateCost([{ model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 0, cachedTokens: 500_000 }]).dollars).toBeCloseTo(1.65, 6);
  });
  it('grounding flags numbers that are not in the facts', () => {
    const f = facts({ dailyLoad: 50, ctl: 42.37 });
    const allowed = allowedNumbers(f);
    expect(ungroundedNumbers('CTL 42.4 on 2026-11-25, zone Z3, 7 days', allowed)).toEqual([]);
    expect(ungroundedNumbers('VO2max 71.3', allowed)).toEqual(['71.3']);
  });
});
