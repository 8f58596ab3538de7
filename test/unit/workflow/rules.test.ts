import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { InvalidModelOutput, isRetryable } from '../../../src/workflow/call-model.js';
import { allowedNumbers, ungroundedNumbers } from '../../../src/workflow/grounding.js';
import { resolveProvider, modelIdFor } from '../../../src/workflow/models.js';
import { expertOutputOf } from '../../../src/workflow/nodes/run-expert.js';
import { EXPERT_FINDINGS, PLAN_PROPOSAL } from '../../../src/workflow/output-schemas.js';
import { parseJsonText, schemaErrors, StructuredOutputMismatch, withoutNulls } from '../../../src/workflow/structured-output.js';
import { proposalOf } from '../../../src/plan/proposal.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { estimateCost } from '../../../src/workflow/pricing.js';
import { seasonPhases } from '../../../src/plan/season-outline.js';

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
    const phases = seasonPhases(f);
    expect(phases.map((p) => p.phase)).toEqual(['base', 'build', 'peak', 'taper', 'race']);
    expect(phases.at(-2)).toMatchObject({ from: '2027-02-17', to: '2027-03-02' });
    f.season.nextARace = { id: 'r', name: 'M', date: '2026-12-10', weeksToRace: 2 };
    expect(seasonPhases(f).map((p) => p.phase)).toEqual(['taper', 'race']);
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
  it('reads JSON from a text reply (fences and surrounding prose tolerated) and rejects garbage', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    const proposal = proposalOf(buildRulePlan(f));
    expect(parseJsonText('```json\n' + JSON.stringify(proposal) + '\n```')).toEqual(proposal);
    expect(parseJsonText('Here it is: {"a": 1} hope that helps')).toEqual({ a: 1 });
    expect(() => parseJsonText('{"days": [')).toThrow(StructuredOutputMismatch);
    expect(withoutNulls({ a: null, b: [null, { c: null, d: 1 }] })).toEqual({ b: [null, { d: 1 }] });
  });
  it('validates structured replies against their schema, one readable line per problem', async () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    expect(await schemaErrors(PLAN_PROPOSAL, proposalOf(buildRulePlan(f)))).toEqual([]);
    const broken = proposalOf(buildRulePlan(f));
    broken.days = broken.days.slice(0, 6);
    (broken.days[0] as { sessions: unknown }).sessions = [{ sport: 'rowing', type: 'easy', title: 'Row', steps: [] }];
    const errors = await schemaErrors(PLAN_PROPOSAL, broken);
    expect(errors).toEqual(expect.arrayContaining([
      'days must NOT have fewer than 7 items',
      expect.stringMatching(/^days\.0\.sessions\.0\.sport must be equal to one of the allowed values: running, cycling/),
      'days.0.sessions.0.steps must NOT have fewer than 1 items',
    ]));
    expect(await schemaErrors(EXPERT_FINDINGS, { assessment: 'Fine.', findings: [{ kind: 'great', text: 'x' }], questions: ['a', 'b'] })).toEqual(expect.arrayContaining([
      expect.stringMatching(/^findings\.0\.kind must be equal to one of the allowed values: going_well, risk, adjustment$/),
      'questions must NOT have more than 1 items',
    ]));
  });
  it("renders an expert's findings as its report section with at most one question", () => {
    const out = expertOutputOf('expert_load', 'Load and fitness', {
      assessment: 'Fitness is climbing.', findings: [{ kind: 'risk', text: 'Monotony is high.' }, { kind: 'adjustment', text: 'Add a rest day.' }], questions: ['Any pain?'],
    });
    expect(out.content).toBe('## Load and fitness\n\nFitness is climbing.\n\n- **Risk:** Monotony is high.\n- **Adjust:** Add a rest day.\n');
    expect(out.questions).toEqual([{ id: 'expert_load-1', expert: 'expert_load', text: 'Any pain?' }]);
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
