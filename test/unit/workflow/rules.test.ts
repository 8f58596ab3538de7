import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { InvalidModelOutput, isRetryable } from '../../../src/workflow/call-model.js';
import { allowedNumbers, ungroundedNumbers } from '../../../src/workflow/grounding.js';
import { resolveProvider, modelIdFor } from '../../../src/workflow/models.js';
import { splitQuestions } from '../../../src/workflow/nodes/run-expert.js';
import { parsePlanReply } from '../../../src/workflow/nodes/weekly-planner.js';
import { buildRulePlan } from '../../../src/workflow/offline-coach/weekly-plan-rules.js';
import { estimateCost } from '../../../src/workflow/pricing.js';
import { seasonOutline } from '../../../src/workflow/season-outline.js';
import { enforceLoadCap, loadLimits, WEEKLY_PLAN_SCHEMA, weeklyPlanProblems } from '../../../src/workflow/weekly-plan.js';

const TODAY = '2026-11-25';
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule.default }).default ?? AjvModule) as typeof AjvModule.default;

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

describe('weekly plan load rules', () => {
  it('caps at last week x 1.1 in build', () => {
    const limits = loadLimits(facts({ dailyLoad: 50, ctl: 50 }));
    expect(limits).toMatchObject({ last7: 350, usual: 350, cap: 385, target: 385 });
  });
  it('returning from low load rebuilds towards the usual week, not 10% above almost nothing', () => {
    const limits = loadLimits(facts({ dailyLoad: 10, ctl: 50 }));
    expect(limits.cap).toBe(315);
    expect(limits.rules[0]).toMatch(/returning from low load/);
  });
  it('tapers and cuts for wellness warnings; never above the cap', () => {
    expect(loadLimits(facts({ dailyLoad: 50, ctl: 50, phase: 'taper' })).target).toBe(210);
    expect(loadLimits(facts({ dailyLoad: 50, ctl: 50, phase: 'race' })).target).toBe(175);
    expect(loadLimits(facts({ dailyLoad: 50, ctl: 50, hrvBelow: true })).target).toBe(327.3);
  });
  it('gives a starter week without history', () => {
    expect(loadLimits(facts()).cap).toBe(150);
  });
  it('builds a schema-valid 7-day plan within the cap for every phase', () => {
    for (const phase of ['base', 'build', 'peak', 'taper', 'race', 'recovery', 'transition'] as const) {
      const f = facts({ dailyLoad: 47.3, ctl: 45, phase });
      const limits = loadLimits(f);
      const plan = buildRulePlan(f, limits);
      expect(weeklyPlanProblems(plan), phase).toEqual([]);
      expect(plan.days[0].date).toBe('2026-11-26');
      expect(plan.totalPlannedLoad).toBeLessThanOrEqual(limits.cap);
    }
  });
  it('spreads a triathlete\'s week over their sports in their recent mix; a long session is never a swim', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    f.data.sports = { running: 10, cycling: 8, swimming: 6, strength: 3 };
    const plan = buildRulePlan(f, loadLimits(f));
    // Build week from Thursday 2026-11-26: moderate, easy, long, easy, rest, hard, easy.
    expect(plan.days.map((d) => [d.intensity, d.sport])).toEqual([
      ['moderate', 'running'], ['easy', 'cycling'], ['long', 'running'], ['easy', 'swimming'],
      ['rest', 'rest'], ['hard', 'cycling'], ['easy', 'running'],
    ]);
    expect(plan.rules.at(-1)).toBe('sports: running, cycling and swimming as in your recent sessions');
    expect(weeklyPlanProblems(plan)).toEqual([]);
  });
  it('keeps key sessions in the A race\'s sport and puts the other trained sports on easy days', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    f.data.sports = { running: 8, cycling: 3 };
    f.season.nextARace = { id: 'm', name: 'Marathon', date: '2027-04-11', weeksToRace: 19 };
    f.races = [{ ...(f.races[0] ?? {}), id: 'm', name: 'Marathon', date: '2027-04-11', sport: 'running', isPast: false } as Facts['races'][number]];
    const plan = buildRulePlan(f, loadLimits(f));
    const key = plan.days.filter((d) => ['hard', 'long', 'moderate'].includes(d.intensity));
    expect(key.length).toBeGreaterThan(0);
    expect(key.every((d) => d.sport === 'running')).toBe(true);
    expect(plan.days.filter((d) => d.sport === 'cycling').map((d) => d.intensity)).toEqual(['easy', 'easy']);
    expect(plan.rules.at(-1)).toBe('sports: running and cycling as in your recent sessions; key sessions in running for the A race');
  });
  it('a sport below 15% of the sessions is not planned', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    f.data.sports = { running: 9, cycling: 1 };
    const plan = buildRulePlan(f, loadLimits(f));
    expect(new Set(plan.days.map((d) => d.sport))).toEqual(new Set(['running', 'rest']));
    expect(plan.rules.some((r) => r.startsWith('sports:'))).toBe(false);
  });
  it('scales an over-cap plan down', () => {
    const f = facts({ dailyLoad: 50, ctl: 50 });
    const limits = loadLimits(f);
    const plan = buildRulePlan(f, limits);
    const doubled = { ...plan, days: plan.days.map((d) => ({ ...d, plannedLoad: d.plannedLoad * 2 })) };
    const fixed = enforceLoadCap(doubled, limits);
    expect(fixed.totalPlannedLoad).toBeLessThanOrEqual(limits.cap);
    expect(fixed.rules.at(-1)).toMatch(/scaled down/);
  });
  it('the plan schema is a valid JSON Schema (the validator skips that check at run time)', () => {
    const ajv = new Ajv({ allErrors: true });
    expect(ajv.validateSchema(WEEKLY_PLAN_SCHEMA), JSON.stringify(ajv.errors)).toBe(true);
    expect(ajv.validateSchema({ ...WEEKLY_PLAN_SCHEMA, required: 'weekStart' })).toBe(false);
    // And the plan validator rejects what the schema forbids, in words.
    const f = facts({ dailyLoad: 47.3, ctl: 45 });
    const plan = buildRulePlan(f, loadLimits(f));
    expect(weeklyPlanProblems({ ...plan, days: plan.days.slice(1), extra: 1 })).toEqual([
      '/ must NOT have additional properties',
      '/days must NOT have fewer than 7 items',
    ]);
  });
});

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
    const plan = buildRulePlan(f, loadLimits(f));
    expect(parsePlanReply('```json\n' + JSON.stringify(plan) + '\n```')).toEqual(plan);
    expect(() => parsePlanReply('{"days": [')).toThrow(InvalidModelOutput);
    expect(() => parsePlanReply('{"days": []}')).toThrow(/schema/);
  });
  it('splits QUESTION lines out of expert replies', () => {
    expect(splitQuestions('All good.\nQUESTION: Any pain?', 'expert_load')).toEqual({
      content: 'All good.', questions: [{ id: 'expert_load-1', expert: 'expert_load', text: 'Any pain?' }],
    });
  });
  it('estimates cost from the pricing table', () => {
    expect(estimateCost([{ model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 100_000 }])).toEqual({ dollars: 4.5, complete: true });
    expect(estimateCost([{ model: 'mystery', inputTokens: 10, outputTokens: 0 }]).complete).toBe(false);
  });
  it('grounding flags numbers that are not in the facts', () => {
    const f = facts({ dailyLoad: 50, ctl: 42.37 });
    const allowed = allowedNumbers(f);
    expect(ungroundedNumbers('CTL 42.4 on 2026-11-25, zone Z3, 7 days', allowed)).toEqual([]);
    expect(ungroundedNumbers('VO2max 71.3', allowed)).toEqual(['71.3']);
  });
});
