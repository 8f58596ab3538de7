import { sql } from 'kysely';
import { type Db, inTransaction } from './in-transaction.js';

export interface BucketLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/**
 * Takes one request and `tokens` tokens from the provider's bucket in `provider_rate_bucket`,
 * shared by every worker on the database. The bucket refills continuously (a full minute's
 * allowance at most) and the row is locked while it is read and written, so concurrent workers
 * never take the same capacity twice. Returns 0 when taken, else how many ms until it would be.
 */
export async function takeFromBucket(db: Db, provider: string, limits: BucketLimits, tokens: number): Promise<number> {
  const { requestsPerMinute: rpm, tokensPerMinute: tpm } = limits;
  // A request larger than a minute's tokens could never go: it waits for a full bucket instead.
  const need = Math.min(tokens, tpm);
  return inTransaction(db, async (trx) => {
    await sql`insert into provider_rate_bucket (provider, requests, tokens) values (${provider}, ${rpm}, ${tpm})
      on conflict (provider) do nothing`.execute(trx);
    const { rows } = await sql<{ requests: number; tokens: number }>`
      select least(${rpm}::float8, requests + extract(epoch from clock_timestamp() - refilled_at) * ${rpm}::float8 / 60) as requests,
             least(${tpm}::float8, tokens + extract(epoch from clock_timestamp() - refilled_at) * ${tpm}::float8 / 60) as tokens
      from provider_rate_bucket where provider = ${provider} for update`.execute(trx);
    const bucket = { requests: Number(rows[0].requests), tokens: Number(rows[0].tokens) };
    const ok = bucket.requests >= 1 && bucket.tokens >= need;
    await sql`update provider_rate_bucket set
        requests = ${ok ? bucket.requests - 1 : bucket.requests}, tokens = ${ok ? bucket.tokens - need : bucket.tokens},
        refilled_at = clock_timestamp()
      where provider = ${provider}`.execute(trx);
    if (ok) return 0;
    const forRequest = ((1 - bucket.requests) / rpm) * 60_000;
    const forTokens = ((need - bucket.tokens) / tpm) * 60_000;
    return Math.max(1, Math.ceil(Math.max(forRequest, forTokens)));
  });
}
