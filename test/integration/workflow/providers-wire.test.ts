import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptRecord, callModel, callStructured } from '../../../src/workflow/call-model.js';
import { buildModels } from '../../../src/workflow/models.js';
import { EXPERT_FINDINGS, PLAN_PROPOSAL } from '../../../src/workflow/output-schemas.js';
import type { WorkflowServices } from '../../../src/workflow/services.js';
import { type FakeProvider, type FakeProviderKind, fakeProviderEnv, requestedSchema, startFakeProvider } from '../../support/fake-providers.js';

/**
 * Each provider SDK against a local server speaking its wire format: what the request looks
 * like, and what coach does with faults (429 + Retry-After, 500, a hang, malformed JSON, a
 * proxy's HTML page, a dropped connection). Waits are kept short through the retry policy.
 */
const KINDS: FakeProviderKind[] = ['ollama', 'openai', 'anthropic', 'google'];
const PROMPT = { system: 'You are a coach. SYSTEM-MARKER', user: 'Assess the week. USER-MARKER' };

let fakes: FakeProvider[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function setup(kind: FakeProviderKind, policy: Partial<WorkflowServices['retry']> = {}) {
  const fake = await startFakeProvider(kind, () => ({ text: 'Fitness is 42.', inputTokens: 120, outputTokens: 7, cachedTokens: kind === 'ollama' ? 0 : 60 }));
  fakes.push(fake);
  const models = (await buildModels(kind, 'standard', fakeProviderEnv(fake)))!;
  const attempts: AttemptRecord[] = [];
  const retries: string[] = [];
  const services = {
    // A generous timeout (a loaded machine is slow to start a first request); the hang tests set a short one.
    retry: { attempts: 4, baseDelayMs: 5, timeoutMs: 5000, maxRetryAfterMs: 250, ...policy },
    onRetry: async (node: string) => void retries.push(node),
    onAttempt: (r: AttemptRecord) => void attempts.push(r),
  } as unknown as WorkflowServices;
  return { fake, model: models.expert_load, services, attempts, retries };
}

/** The text of every message in a recorded request body, whatever the format nests it in. */
const bodyText = (body: unknown) => JSON.stringify(body);

describe.each(KINDS)('%s wire format', (kind) => {
  it('sends the system and user prompt to the right path with the key, and reads text and token usage', async () => {
    const { fake, model, services, attempts } = await setup(kind);
    const reply = await callModel(services, 'expert_load', model, PROMPT);
    expect(reply).toMatchObject({ text: 'Fitness is 42.', inputTokens: 120, outputTokens: 7, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request.method).toBe('POST');
    expect(bodyText(request.body)).toContain('SYSTEM-MARKER');
    expect(bodyText(request.body)).toContain('USER-MARKER');
    switch (kind) {
      case 'ollama':
        expect(request.path).toBe('/api/chat');
        expect(request.body).toMatchObject({ model: 'llama3.1', stream: true });
        break;
      case 'openai':
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe('Bearer sk-fake-openai-key');
        expect(request.body).toMatchObject({ model: 'gpt-5-mini', messages: [{ role: expect.stringMatching(/system|developer/) }, { role: 'user' }] });
        break;
      case 'anthropic':
        expect(request.path).toBe('/v1/messages');
        expect(request.headers['x-api-key']).toBe('sk-ant-fake-key');
        expect(request.body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 2048 });
        expect(bodyText(request.body.system)).toContain('SYSTEM-MARKER');
        // The shared system prompt is marked for Anthropic's prompt cache.
        expect(request.body.system).toEqual([expect.objectContaining({ type: 'text', cache_control: { type: 'ephemeral' } })]);
        break;
      case 'google':
        expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
        expect(request.headers['x-goog-api-key']).toBe('fake-google-key');
        break;
    }
    expect(attempts).toEqual([expect.objectContaining({ node: 'expert_load', attempt: 1, outcome: 'ok', inputTokens: 120, outputTokens: 7 })]);
    // Cached prompt tokens, as each provider reports them (Ollama has no prompt cache).
    expect(reply.cachedTokens).toBe(kind === 'ollama' ? 0 : 60);
  });

  it('honours Retry-After (capped), retries 500 and a proxy\'s HTML page, counting every attempt', async () => {
    const { fake, model, services, attempts, retries } = await setup(kind);
    fake.faults.push({ kind: 'status', status: 429, retryAfter: '30' }, { kind: 'status', status: 500 }, { kind: 'html' });
    const reply = await callModel(services, 'expert_load', model, PROMPT);
    expect(reply.text).toBe('Fitness is 42.');
    expect(reply.attempts).toBe(4);
    expect(retries).toHaveLength(3);
    expect(attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'error', 'ok']);
    expect(attempts[0].error).toMatch(/429/);
    // Retry-After: 30 was capped at 250 ms (+ at most 10% jitter): waited, but not 30 s.
    const gap = fake.requests[1].at - fake.requests[0].at;
    expect(gap).toBeGreaterThanOrEqual(240);
    expect(gap).toBeLessThan(2000);
  });

  it('cuts off a hung server at the timeout (the abort reaches the HTTP request) and retries', async () => {
    const { fake, model, services, attempts } = await setup(kind, { timeoutMs: 1000 });
    fake.faults.push({ kind: 'hang' });
    const started = Date.now();
    const reply = await callModel(services, 'expert_load', model, PROMPT);
    expect(reply.text).toBe('Fitness is 42.');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(attempts[0].outcome).toBe('timeout');
    expect(attempts.at(-1)!.outcome).toBe('ok');
    expect(attempts[0].error).toMatch(/no reply within/);
    // The client closed the hung request's connection itself (the server never answered it).
    expect(fake.closedUnanswered).toBe(1);
  });

  it('retries malformed JSON and a dropped connection (fetch failed, the reason in its cause)', async () => {
    const { fake, model, services, attempts } = await setup(kind);
    fake.faults.push({ kind: 'malformed' }, { kind: 'reset' });
    const reply = await callModel(services, 'expert_load', model, PROMPT);
    expect(reply.text).toBe('Fitness is 42.');
    expect(attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'ok']);
  });

  it('does not retry a client error (401), and says so in one line', async () => {
    const { fake, model, services, attempts } = await setup(kind);
    fake.faults.push({ kind: 'status', status: 401, message: 'invalid api key' });
    const error = await callModel(services, 'expert_load', model, PROMPT).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/expert_load: model .* failed after 1 attempt\(s\): .*401/);
    expect((error as Error).message).not.toContain('\n');
    expect(attempts).toHaveLength(1);
  });
});

const FINDINGS = { assessment: 'Fitness is 42 and rising.', findings: [{ kind: 'going_well', text: 'Steady build.' }], questions: ['Any pain?'] };
/** The schema as each provider's request carries it (Gemini's has additionalProperties taken out by the SDK). */
const ASKED_VIA: Record<FakeProviderKind, string> = { openai: 'response_format', anthropic: 'tool', google: 'responseSchema', ollama: 'format' };

describe.each(KINDS)('%s structured output', (kind) => {
  it('sends the output schema in the native mode (OpenAI json_schema, Anthropic tool use, Gemini responseSchema, Ollama format), reads the value and the tokens', async () => {
    const { fake, model, services, attempts } = await setup(kind);
    fake.reply = () => ({ text: '', structured: FINDINGS, inputTokens: 300, outputTokens: 30, cachedTokens: kind === 'ollama' ? 0 : 200 });
    const reply = await callStructured(services, 'expert_load', model, PROMPT, EXPERT_FINDINGS);
    expect(reply).toMatchObject({ value: FINDINGS, structured: 'native', repairedFrom: [], inputTokens: 300, outputTokens: 30, cachedTokens: kind === 'ollama' ? 0 : 200, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    const asked = requestedSchema(kind, fake.requests[0].body!);
    expect(asked?.via).toBe(ASKED_VIA[kind]);
    expect(asked?.schema).toMatchObject({ type: 'object', required: ['assessment', 'findings', 'questions'], properties: { findings: { type: 'array' } } });
    if (kind === 'openai' || kind === 'anthropic') expect(asked?.name).toBe('expert_findings');
    // The schema travels in the request, not in the prompt text.
    expect(bodyText(fake.requests[0].body)).not.toContain('matching this JSON schema');
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'ok', inputTokens: 300, outputTokens: 30 })]);
  });

  it('a plan proposal goes natively too (the nested step schema the provider must accept)', async () => {
    const { fake, model, services } = await setup(kind);
    const week = { days: Array.from({ length: 7 }, (_, i) => ({ date: `2026-01-0${i + 1}`, sessions: i === 2 ? [{ sport: 'running', type: 'easy', title: 'Easy run', steps: [{ kind: 'steady', duration_s: 1800, intensityFactor: 0.7, distance_m: null }] }] : [] })) };
    fake.reply = () => ({ text: '', structured: week });
    const reply = await callModel(services, 'weekly_planner', model, PROMPT, { output: PLAN_PROPOSAL });
    // Null fields the provider filled in are dropped before validation.
    expect((reply.value as typeof week).days[2].sessions[0].steps[0]).toEqual({ kind: 'steady', duration_s: 1800, intensityFactor: 0.7 });
    expect(requestedSchema(kind, fake.requests[0].body!)?.schema).toMatchObject({ properties: { days: { minItems: 7, maxItems: 7 } } });
  });

  it('a malformed structured reply gets one repair turn quoting the errors; a second misfit returns null for the caller\'s fallback, every turn billed', async () => {
    const { fake, model, services, attempts, retries } = await setup(kind);
    // 1) broken JSON, then a fit: repaired. 2) two replies the schema rejects: null.
    const replies: unknown[] = ['{"assessment": "Fitness is', FINDINGS, { assessment: 'ok', findings: [], questions: [] }, { assessment: 'ok', findings: [{ kind: 'great', text: 'x' }], questions: [] }];
    fake.reply = () => ({ text: '', structured: replies.shift(), inputTokens: 100, outputTokens: 10 });
    const repaired = await callStructured(services, 'expert_load', model, PROMPT, EXPERT_FINDINGS);
    expect(repaired).toMatchObject({ value: FINDINGS, structured: 'native', attempts: 2, inputTokens: 200, outputTokens: 20 });
    expect(repaired.repairedFrom).toHaveLength(1);
    expect(repaired.repairedFrom[0]).toMatch(/not (a JSON object|valid JSON)/);
    expect(bodyText(fake.requests[1].body)).toContain('Your previous reply did not match the required JSON schema');

    const failed = await callStructured(services, 'expert_load', model, PROMPT, EXPERT_FINDINGS);
    expect(failed.value).toBeNull();
    expect(failed.repairedFrom).toEqual(['findings must NOT have fewer than 1 items']);
    expect(failed.errors).toEqual([expect.stringMatching(/^findings\.0\.kind must be equal to one of the allowed values: going_well, risk, adjustment$/)]);
    expect(bodyText(fake.requests[3].body)).toContain('findings must NOT have fewer than 1 items');
    // A misfit is not retried with the same prompt (no onRetry), but every turn is recorded and counted.
    expect(retries).toHaveLength(0);
    expect(attempts.map((a) => a.outcome)).toEqual(['invalid_output', 'ok', 'invalid_output', 'invalid_output']);
    expect(failed).toMatchObject({ inputTokens: 200, outputTokens: 20, attempts: 2 });
  });

  it('provider faults on a structured call are retried like any other (429 with Retry-After, a hang)', async () => {
    const { fake, model, services, attempts } = await setup(kind, { timeoutMs: 1500 });
    fake.reply = () => ({ text: '', structured: FINDINGS });
    fake.faults.push({ kind: 'status', status: 429, retryAfter: '30' }, { kind: 'hang' });
    const reply = await callStructured(services, 'expert_load', model, PROMPT, EXPERT_FINDINGS);
    expect(reply.value).toEqual(FINDINGS);
    expect(attempts.map((a) => a.outcome)).toEqual(['error', 'timeout', 'ok']);
    expect(fake.closedUnanswered).toBe(1);
  });
});

describe('the run\'s abort', () => {
  it('ends a call to a hung server at once and is not retried', async () => {
    const { fake, model, services, attempts } = await setup('ollama', { timeoutMs: 60_000 });
    fake.faults.push({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 100);
    const started = Date.now();
    const error = await callModel({ ...services, signal: controller.signal }, 'expert_load', model, PROMPT).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(attempts).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });
});
