import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type BucketLimits, takeFromBucket } from '../db/rate-limits.repository.js';
import { UserError } from '../errors.js';
import { abortableSleep } from '../workflow/abortable-sleep.js';
import type { ModelRequest } from '../workflow/services.js';

/**
 * Provider rate limits shared by every worker on the database, so eight workers do not
 * produce a storm of 429s: `COACH_RATE_LIMIT_<PROVIDER>=REQUESTS_PER_MINUTE[,TOKENS_PER_MINUTE]`
 * (e.g. COACH_RATE_LIMIT_ANTHROPIC=50,40000). A provider without a setting is not limited
 * here (the model call's own backoff, which honours Retry-After, still applies).
 */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Map<string, BucketLimits> {
  const limits = new Map<string, BucketLimits>();
  for (const [key, raw] of Object.entries(env)) {
    const match = /^COACH_RATE_LIMIT_([A-Z0-9_]+)$/.exec(key);
    if (!match || raw === undefined || raw === '') continue;
    const parts = raw.split(',').map((p) => p.trim());
    const [rpm, tpm] = [Number(parts[0]), parts[1] === undefined ? Number.POSITIVE_INFINITY : Number(parts[1])];
    if (parts.length > 2 || !(rpm > 0) || !(tpm > 0) || !Number.isFinite(rpm) || Number.isNaN(tpm)) {
      throw new UserError(`${key} must be "REQUESTS_PER_MINUTE" or "REQUESTS_PER_MINUTE,TOKENS_PER_MINUTE", both above 0 (got "${raw.slice(0, 30)}")`);
    }
    limits.set(match[1].toLowerCase(), { requestsPerMinute: rpm, tokensPerMinute: Number.isFinite(tpm) ? tpm : Number.MAX_SAFE_INTEGER });
  }
  return limits;
}

/**
 * The hook runAnalysis awaits before each model request (`beforeModelCall`): waits until the
 * provider's shared bucket has a request and the estimated tokens. Undefined when no limit is set.
 */
export function sharedRateLimiter(
  db: Kysely<Database>,
  limits: Map<string, BucketLimits>,
  signal?: AbortSignal,
): ((request: ModelRequest) => Promise<void>) | undefined {
  if (limits.size === 0) return undefined;
  return async (request) => {
    const limit = limits.get(request.provider);
    if (!limit) return;
    for (;;) {
      const waitMs = await takeFromBucket(db, request.provider, limit, request.estimatedTokens);
      if (waitMs === 0) return;
      // Re-check at least every 5 s: other workers' requests change the picture.
      await abortableSleep(Math.min(waitMs, 5000), signal);
    }
  };
}
