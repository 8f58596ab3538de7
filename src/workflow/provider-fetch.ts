import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The fetch every provider SDK is given (models.ts), so one request path holds for all of
 * them. Some SDKs drop the caller's AbortSignal on the way to the HTTP request
 * (@langchain/ollama 1.x only checks it between stream chunks, so a server that never
 * answers was never cut off); this fetch adds the signal of the current attempt
 * (call-model.ts) to every request made inside it, and notes the response's Retry-After,
 * which not every SDK keeps on the error it throws.
 */
export interface AttemptContext {
  signal: AbortSignal;
  /** Set from the last response's Retry-After / retry-after-ms header, in milliseconds. */
  retryAfterMs?: number;
  /**
   * The last successful JSON response's body, read beside the SDK: when an SDK throws on a
   * reply it received (OpenAI's parse of a json_schema reply that is not JSON), the tokens
   * it was billed for and the text are still known.
   */
  responseBody?: Promise<unknown>;
}

const attempt = new AsyncLocalStorage<AttemptContext>();

/** Runs `fn` with `context` as the current attempt: every providerFetch inside it uses its signal. */
export function withAttempt<T>(context: AttemptContext, fn: () => Promise<T>): Promise<T> {
  return attempt.run(context, fn);
}

/** The current attempt's signal, for SDKs that take a signal but no fetch (Google). */
export function currentAttemptSignal(): AbortSignal | undefined {
  return attempt.getStore()?.signal;
}

export const providerFetch: typeof fetch = async (input, init) => {
  const context = attempt.getStore();
  if (!context) return fetch(input, init);
  const signal = init?.signal ? AbortSignal.any([init.signal, context.signal]) : context.signal;
  const response = await fetch(input, { ...init, signal });
  const after = retryAfterMs(response.headers);
  if (after !== undefined) context.retryAfterMs = after;
  if (response.ok && /json/.test(response.headers.get('content-type') ?? '') && !/ndjson/.test(response.headers.get('content-type') ?? '')) {
    context.responseBody = response.clone().json().catch(() => undefined);
  }
  return response;
};

/** Token usage and reply text in a provider's JSON body (OpenAI, Anthropic, Gemini shapes), if any. */
export function usageFromBody(body: unknown): { input: number; output: number; cached: number; text: string } | undefined {
  const b = body as Record<string, any> | undefined;
  if (!b || typeof b !== 'object') return undefined;
  if (b.usage && typeof b.usage.prompt_tokens === 'number') {
    return { input: b.usage.prompt_tokens, output: b.usage.completion_tokens ?? 0, cached: b.usage.prompt_tokens_details?.cached_tokens ?? 0, text: String(b.choices?.[0]?.message?.content ?? '') };
  }
  if (b.usage && typeof b.usage.input_tokens === 'number') {
    const cached = b.usage.cache_read_input_tokens ?? 0;
    const text = Array.isArray(b.content) ? b.content.map((c: { text?: string }) => c.text ?? '').join('') : '';
    return { input: b.usage.input_tokens + cached + (b.usage.cache_creation_input_tokens ?? 0), output: b.usage.output_tokens ?? 0, cached, text };
  }
  if (b.usageMetadata && typeof b.usageMetadata.promptTokenCount === 'number') {
    const text = (b.candidates?.[0]?.content?.parts ?? []).map((p: { text?: string }) => p.text ?? '').join('');
    return { input: b.usageMetadata.promptTokenCount, output: b.usageMetadata.candidatesTokenCount ?? 0, cached: b.usageMetadata.cachedContentTokenCount ?? 0, text };
  }
  return undefined;
}

/**
 * Retry-After in milliseconds from response headers: `retry-after-ms` (OpenAI), then
 * `retry-after` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const record = headers as Record<string, unknown>;
    const value = record[name] ?? record[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  };
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
