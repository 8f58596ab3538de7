import { describe, expect, it } from 'vitest';
import { describeError, isRetryable, ModelTimeout, providerRetryAfterMs, retryDelayMs, retryPolicyFromEnv } from '../../../src/workflow/call-model.js';
import { buildModels, checkBaseUrl, chosenModelId, parseModelOverrides } from '../../../src/workflow/models.js';
import { retryAfterMs } from '../../../src/workflow/provider-fetch.js';

/** What Node's fetch throws when the connection drops: TypeError "fetch failed", the reason in `cause`. */
function fetchFailed(code: string, message = 'other side closed'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('retryable errors, from the whole cause chain', () => {
  it('reads network codes in the cause (fetch failed + ECONNRESET / UND_ERR_*), and wrapped again by an SDK', () => {
    expect(isRetryable(fetchFailed('ECONNRESET'))).toBe(true);
    expect(isRetryable(fetchFailed('UND_ERR_SOCKET'))).toBe(true);
    expect(isRetryable(fetchFailed('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error'))).toBe(true);
    const wrapped = new Error('Connection error.', { cause: fetchFailed('ECONNRESET') });
    expect(isRetryable(wrapped)).toBe(true);
    expect(isRetryable(new ModelTimeout(1000))).toBe(true);
  });
  it('does not retry what a retry cannot fix: an unknown host, a bad certificate, a client error anywhere in the chain', () => {
    expect(isRetryable(fetchFailed('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid'))).toBe(false);
    expect(isRetryable(fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe(false);
    expect(isRetryable(new Error('request failed', { cause: Object.assign(new Error('bad key'), { status: 401 }) }))).toBe(false);
    expect(isRetryable(null)).toBe(false);
  });
  it('survives a cycle in the causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isRetryable(a)).toBe(false);
  });
  it('describes an error in one line with its status and causes', () => {
    expect(describeError(fetchFailed('ECONNRESET', 'read ECONNRESET'))).toBe('fetch failed (ECONNRESET: read ECONNRESET)');
    expect(describeError(Object.assign(new Error('slow down'), { status: 429 }))).toBe('HTTP 429: slow down');
  });
});

describe('Retry-After', () => {
  it('reads seconds, an HTTP date and retry-after-ms, from Headers or a plain record', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '30' }))).toBe(30_000);
    expect(retryAfterMs({ 'retry-after-ms': '1500' })).toBe(1500);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Tue, 01 Dec 2026 10:00:20 GMT' }, now)).toBe(20_000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
  it('finds it on an SDK error, in Google\'s RetryInfo, or as providerFetch saw it', () => {
    expect(providerRetryAfterMs(Object.assign(new Error('429'), { status: 429, headers: new Headers({ 'retry-after': '7' }) }))).toBe(7000);
    expect(providerRetryAfterMs(Object.assign(new Error('429'), { status: 429, errorDetails: [{ '@type': 'x' }, { retryDelay: '12s' }] }))).toBe(12_000);
    expect(providerRetryAfterMs(new Error('429'), { signal: new AbortController().signal, retryAfterMs: 3000 })).toBe(3000);
  });
  it('waits what the provider asked (Retry-After: 30 is 30 s), capped, plus at most 10% jitter; backoff otherwise', () => {
    const policy = { attempts: 4, baseDelayMs: 1000, timeoutMs: 120_000, maxRetryAfterMs: 60_000 };
    expect(retryDelayMs(policy, 0, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(policy, 0, 30_000, () => 1)).toBe(33_000);
    expect(retryDelayMs({ ...policy, maxRetryAfterMs: 10_000 }, 0, 30_000, () => 0)).toBe(10_000);
    expect(retryDelayMs(policy, 2, undefined, () => 0)).toBe(4000);
    expect(retryDelayMs(policy, 2, undefined, () => 0.5)).toBe(4500);
  });
  it('takes the policy from the environment, ignoring nonsense', () => {
    expect(retryPolicyFromEnv({ COACH_MODEL_TIMEOUT_MS: '5000', COACH_MODEL_ATTEMPTS: 'x', COACH_MODEL_MAX_RETRY_AFTER_MS: '-1' }))
      .toEqual({ attempts: 4, baseDelayMs: 1000, timeoutMs: 5000, maxRetryAfterMs: 60_000 });
  });
});

describe('base URLs and model choice', () => {
  it('allows https anywhere and http only on this machine (the URL receives the key)', () => {
    expect(checkBaseUrl('https://openrouter.ai/api/v1/', 'OPENAI_BASE_URL')).toBe('https://openrouter.ai/api/v1');
    expect(checkBaseUrl('http://localhost:4000/v1', 'OPENAI_BASE_URL')).toBe('http://localhost:4000/v1');
    expect(checkBaseUrl('http://127.0.0.1:11434', 'OLLAMA_BASE_URL')).toBe('http://127.0.0.1:11434');
    expect(() => checkBaseUrl('http://gateway.example.com/v1', 'OPENAI_BASE_URL')).toThrow(/OPENAI_BASE_URL must be https/);
    expect(() => checkBaseUrl('https://user:pw@example.com', 'OPENAI_BASE_URL')).toThrow(/user name or password/);
    expect(() => checkBaseUrl('not a url', 'GOOGLE_BASE_URL')).toThrow(/GOOGLE_BASE_URL is not a URL/);
  });
  it('refuses a plain-http remote base URL before any request', async () => {
    await expect(buildModels('openai', 'standard', { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://10.0.0.5:8000/v1' })).rejects.toThrow(/must be https/);
  });
  it('parses --model: a name for every role, role=name, node=name; the node wins over its role', () => {
    const overrides = parseModelOverrides(['experts=gpt-5-nano,synthesis=gpt-5', 'weekly_planner=o3']);
    expect(overrides).toEqual({ experts: 'gpt-5-nano', synthesis: 'gpt-5', weekly_planner: 'o3' });
    expect(chosenModelId('openai', 'standard', 'expert_load', overrides)).toBe('gpt-5-nano');
    expect(chosenModelId('openai', 'standard', 'weekly_planner', overrides)).toBe('o3');
    expect(chosenModelId('openai', 'standard', 'season_planner', overrides)).toBe('gpt-5-mini');
    expect(parseModelOverrides(['meta-llama/Llama-3.1-8B-Instruct'])).toEqual({
      experts: 'meta-llama/Llama-3.1-8B-Instruct', synthesis: 'meta-llama/Llama-3.1-8B-Instruct', planners: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    expect(() => parseModelOverrides(['coach=x'])).toThrow(/unknown role "coach"/);
    expect(() => parseModelOverrides(['experts=a b'])).toThrow(/not a model name/);
  });
  it('builds per-role models, COACH_MODELS under --model', async () => {
    const env = { OPENAI_API_KEY: 'sk-x', COACH_MODELS: 'experts=gpt-5-nano,planners=gpt-5' };
    const models = (await buildModels('openai', 'standard', env, { overrides: { planners: 'my-gateway-model' } }))!;
    expect(models.expert_load.id).toBe('gpt-5-nano');
    expect(models.synthesis.id).toBe('gpt-5');
    expect(models.weekly_planner.id).toBe('my-gateway-model');
  });

  it('precedence: --model > COACH_MODELS > the config file > the table by mode, a higher layer\'s role beating a lower one\'s node', async () => {
    const config = { experts: 'cfg-experts', weekly_planner: 'cfg-weekly', synthesis: 'cfg-synthesis' };
    const none = (await buildModels('openai', 'standard', { OPENAI_API_KEY: 'sk-x' }, { configOverrides: config }))!;
    expect([none.expert_load.id, none.synthesis.id, none.weekly_planner.id, none.season_planner.id]).toEqual(['cfg-experts', 'cfg-synthesis', 'cfg-weekly', 'gpt-5-mini']);
    const env = { OPENAI_API_KEY: 'sk-x', COACH_MODELS: 'planners=env-planners' };
    const layered = (await buildModels('openai', 'standard', env, { overrides: { synthesis: 'flag-synthesis' }, configOverrides: config }))!;
    expect([layered.expert_load.id, layered.synthesis.id, layered.weekly_planner.id, layered.season_planner.id]).toEqual(['cfg-experts', 'flag-synthesis', 'env-planners', 'env-planners']);
  });
});
