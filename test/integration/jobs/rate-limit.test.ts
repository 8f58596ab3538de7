import { expect, it } from 'vitest';
import { takeFromBucket } from '../../../src/db/rate-limits.repository.js';
import { rateLimitsFromEnv, sharedRateLimiter } from '../../../src/jobs/rate-limit.js';
import { describeEachDatabase } from '../../support/databases.js';

it('reads COACH_RATE_LIMIT_<PROVIDER> and refuses a malformed one in one line', () => {
  const limits = rateLimitsFromEnv({ COACH_RATE_LIMIT_ANTHROPIC: '50,40000', COACH_RATE_LIMIT_OPENAI: '500' });
  expect(limits.get('anthropic')).toEqual({ requestsPerMinute: 50, tokensPerMinute: 40000 });
  expect(limits.get('openai')?.requestsPerMinute).toBe(500);
  expect(() => rateLimitsFromEnv({ COACH_RATE_LIMIT_OPENAI: 'fast' })).toThrow(/COACH_RATE_LIMIT_OPENAI must be "REQUESTS_PER_MINUTE"/);
  expect(() => rateLimitsFromEnv({ COACH_RATE_LIMIT_OPENAI: '0' })).toThrow(/above 0/);
});

describeEachDatabase('shared provider rate limit (token bucket in provider_rate_bucket)', ({ getDb }) => {
  it('grants a minute\'s requests, then says how long until the next; concurrent takers never share capacity', async () => {
    const db = getDb();
    const limits = { requestsPerMinute: 8, tokensPerMinute: 1_000_000 };
    // Twelve takers at once (as from several workers): exactly 8 get through.
    const waits = await Promise.all(Array.from({ length: 12 }, () => takeFromBucket(db, 'anthropic', limits, 100)));
    expect(waits.filter((w) => w === 0)).toHaveLength(8);
    // One request refills every 7.5 s.
    const next = Math.max(...waits);
    expect(next).toBeGreaterThan(5000);
    expect(next).toBeLessThanOrEqual(7500);
    // Another provider has its own bucket.
    expect(await takeFromBucket(db, 'openai', limits, 100)).toBe(0);
  });

  it('limits tokens per minute too: a request waits until the bucket holds its estimate', async () => {
    const db = getDb();
    const limits = { requestsPerMinute: 1000, tokensPerMinute: 6000 };
    expect(await takeFromBucket(db, 'google', limits, 2500)).toBe(0);
    expect(await takeFromBucket(db, 'google', limits, 2500)).toBe(0);
    const wait = await takeFromBucket(db, 'google', limits, 2500);
    // 1000 tokens left, 1500 more at 100 per second.
    expect(wait).toBeGreaterThan(13_000);
    expect(wait).toBeLessThanOrEqual(15_000);
  });

  it('the hook waits for capacity and then lets the request go; providers without a limit pass at once', async () => {
    const db = getDb();
    const stop = new AbortController();
    const hook = sharedRateLimiter(db, new Map([['ollama', { requestsPerMinute: 3, tokensPerMinute: 1_000_000 }]]), stop.signal)!;
    for (let i = 0; i < 3; i++) await hook({ provider: 'ollama', node: 'synthesis', modelId: 'm', estimatedTokens: 10 });
    // The fourth waits (a request refills every 20 s): still waiting when the run is stopped.
    let settled = false;
    const fourth = hook({ provider: 'ollama', node: 'synthesis', modelId: 'm', estimatedTokens: 10 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1000));
    expect(settled).toBe(false);
    stop.abort(new Error('stopped'));
    await expect(fourth).rejects.toThrow('stopped');
    const free = performance.now();
    await hook({ provider: 'anthropic', node: 'synthesis', modelId: 'm', estimatedTokens: 10 });
    expect(performance.now() - free).toBeLessThan(2000);
    expect(sharedRateLimiter(db, new Map())).toBeUndefined();
  });
});
