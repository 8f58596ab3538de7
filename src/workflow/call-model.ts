import type { BaseMessage } from '@langchain/core/messages';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { abortableSleep } from './abortable-sleep.js';
import { retryAfterMs, usageFromBody, withAttempt, type AttemptContext } from './provider-fetch.js';
import type { NodeModel, WorkflowServices } from './services.js';
import {
  NATIVE_METHOD, llmType, repairPrompt, schemaErrors, structuredModeOf, StructuredOutputMismatch, structuredValueOf, textModeInstruction, withoutNulls,
  type StructuredMode, type StructuredOutput,
} from './structured-output.js';

export interface ModelReply {
  text: string;
  /** Summed over every attempt of the call, failed ones included (they were paid for). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens the provider served from its prompt cache (part of inputTokens). */
  cachedTokens: number;
  attempts: number;
  /** For a call with an output schema: enforced by the provider, or parsed from text (a model without a native mode). */
  structured?: StructuredMode;
}

/** How hard to try: attempts, backoff, the per-attempt timeout and the Retry-After cap. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  /** The longest wait a provider's Retry-After may impose before the next attempt. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, timeoutMs: 120_000, maxRetryAfterMs: 60_000 };

/**
 * The policy with the environment's overrides: COACH_MODEL_TIMEOUT_MS, COACH_MODEL_ATTEMPTS,
 * COACH_MODEL_RETRY_BASE_MS, COACH_MODEL_MAX_RETRY_AFTER_MS (positive integers; others ignored).
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    attempts: read('COACH_MODEL_ATTEMPTS', DEFAULT_RETRY.attempts),
    baseDelayMs: read('COACH_MODEL_RETRY_BASE_MS', DEFAULT_RETRY.baseDelayMs),
    timeoutMs: read('COACH_MODEL_TIMEOUT_MS', DEFAULT_RETRY.timeoutMs),
    maxRetryAfterMs: read('COACH_MODEL_MAX_RETRY_AFTER_MS', DEFAULT_RETRY.maxRetryAfterMs),
  };
}

/** One attempt of one model call, as the accounting records it (services.onAttempt). */
export interface AttemptRecord {
  node: string;
  model: string;
  /** 1-based. */
  attempt: number;
  outcome: 'ok' | 'invalid_output' | 'timeout' | 'error';
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  durationMs: number;
  /** Why it failed (redacted by the recorder), null when ok. */
  error: string | null;
}

/** A reply that parsed badly (e.g. garbage JSON for the plan): retried like a provider error. */
export class InvalidModelOutput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidModelOutput';
  }
}

/** The attempt ran out of time (COACH_MODEL_TIMEOUT_MS): retried. */
export class ModelTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no reply within ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

type ErrorShape = {
  status?: number; statusCode?: number; status_code?: number; code?: string; name?: string; message?: string;
  response?: { status?: number }; cause?: unknown; errors?: unknown[];
};

/** The error and everything it wraps (`cause`, AggregateError's `errors`), outermost first. */
export function causeChain(error: unknown): ErrorShape[] {
  const chain: ErrorShape[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e) || chain.length >= 16) return;
    seen.add(e);
    chain.push(e as ErrorShape);
    visit((e as ErrorShape).cause);
    for (const inner of Array.isArray((e as ErrorShape).errors) ? (e as ErrorShape).errors! : []) visit(inner);
  };
  visit(error);
  return chain;
}

/** Each SDK names the HTTP status differently: `status` (OpenAI, Anthropic, Google), `status_code` (Ollama), ... */
function statusOf(e: ErrorShape): number | undefined {
  const status = e.status ?? e.statusCode ?? e.status_code ?? e.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Network failures worth another try (Node's and undici's codes). */
const RETRYABLE_CODES = new Set([
  'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RESPONSE_STATUS_CODE',
]);

/** Failures a retry cannot fix: the host does not exist, the certificate is wrong, the URL is bad. */
const FINAL_CODES = /^(ENOTFOUND|ERR_INVALID_URL|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/;

// "fetch failed" is undici's network failure; Google's SDK keeps only that message, not the cause.
const RETRYABLE_WORDING = /\bfetch failed\b|\b(429|500|502|503|504|timed? ?out|overloaded|rate[- ]limit(ed)?|too many requests|internal (server )?error|bad gateway|service unavailable|socket hang up|other side closed|premature close)\b|did not receive done or success response in stream|invalid json|unexpected end of json/i;

/**
 * Provider errors worth another try: rate limits, server errors, timeouts, dropped
 * connections, bodies that are not JSON. The whole cause chain counts: Node's fetch throws
 * TypeError "fetch failed" with the real reason (ECONNRESET, UND_ERR_SOCKET) in `cause`, and
 * SDKs wrap that again. An HTTP status, where one is found, decides alone (401 is final).
 */
export function isRetryable(error: unknown): boolean {
  const chain = causeChain(error);
  if (chain.length === 0) return false;
  const status = chain.map(statusOf).find((s) => s !== undefined);
  if (status !== undefined) return status === 429 || status === 408 || status === 409 || status >= 500;
  if (chain.some((e) => typeof e.code === 'string' && FINAL_CODES.test(e.code))) return false;
  return chain.some((e) =>
    e instanceof InvalidModelOutput || e instanceof ModelTimeout ||
    // A proxy's HTML error page or a truncated body: a transient fault of the provider.
    e instanceof SyntaxError ||
    e.name === 'TimeoutError' || e.name === 'AbortError' || e.name === 'APIConnectionTimeoutError' || e.name === 'APIConnectionError' ||
    (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) ||
    RETRYABLE_WORDING.test(e.message ?? ''));
}

/** One line: the message, the HTTP status and the codes and messages of the causes. */
export function describeError(error: unknown): string {
  const chain = causeChain(error);
  if (chain.length === 0) return String(error);
  const status = chain.map(statusOf).find((s) => s !== undefined);
  const parts: string[] = [];
  for (const e of chain) {
    const text = [typeof e.code === 'string' ? e.code : '', e.message ?? ''].filter(Boolean).join(': ');
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
  }
  return `${status ? `HTTP ${status}: ` : ''}${parts[0] ?? String(error)}${parts.length > 1 ? ` (${parts.slice(1).join('; ')})` : ''}`.replace(/\s+/g, ' ');
}

/**
 * How long the provider asked us to wait, in ms: a Retry-After header kept on the error
 * (OpenAI, Anthropic SDKs), the one providerFetch saw (every SDK given it), or Google's
 * RetryInfo `retryDelay: "30s"` in the error details.
 */
export function providerRetryAfterMs(error: unknown, context?: AttemptContext): number | undefined {
  for (const e of causeChain(error)) {
    const fromHeaders = retryAfterMs((e as { headers?: unknown }).headers);
    if (fromHeaders !== undefined) return fromHeaders;
    const details = (e as { errorDetails?: { retryDelay?: string }[] }).errorDetails;
    const delay = Array.isArray(details) ? details.find((d) => typeof d?.retryDelay === 'string')?.retryDelay : undefined;
    const seconds = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay)?.[1] : undefined;
    if (seconds) return Number(seconds) * 1000;
  }
  return context?.retryAfterMs;
}

/**
 * The wait before attempt `attempt + 1`: the provider's Retry-After when it gave one, else
 * exponential backoff (base x 2^attempt); capped at maxRetryAfterMs, plus up to 10% jitter
 * (at least the base) so parallel experts do not come back in the same millisecond.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, providerAfterMs: number | undefined, random = Math.random): number {
  const wanted = providerAfterMs ?? policy.baseDelayMs * 2 ** attempt;
  const capped = Math.min(wanted, policy.maxRetryAfterMs);
  const jitter = random() * Math.max(capped * 0.1, Math.min(policy.baseDelayMs, policy.maxRetryAfterMs));
  return Math.round(capped + jitter);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part as { text?: string }).text ?? '')).join('');
  return '';
}

/** `work`, but settled as soon as `signal` aborts even if the SDK ignores the signal. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The system prompt, the same text for every node of every run, first, so providers' prompt
 * caches can serve it: OpenAI and Gemini cache a repeated prefix by themselves; Anthropic
 * caches only what is marked (cache_control), so its system block is marked. (Caches start at
 * about 1,024 tokens of prefix; cached tokens show in model_call.cached_tokens.)
 */
function systemMessage(model: NodeModel, system: string): SystemMessage {
  const type = (model.model as { _llmType?: () => string })._llmType?.();
  if (type === 'anthropic') return new SystemMessage({ content: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }] });
  return new SystemMessage(system);
}

interface Usage { input_tokens?: number; output_tokens?: number; input_token_details?: { cache_read?: number } }

type RawReply = BaseMessage & { usage_metadata?: Usage; tool_calls?: { name: string; args: unknown }[] };

/**
 * The single place where a request goes to a provider: one attempt with its own timeout,
 * the run's abort signal, and the attempt's signal handed to the HTTP request
 * (providerFetch). A shared rate limiter hooks in here. With an output schema in native
 * mode the request carries it (withStructuredOutput) and the raw message comes back too
 * (includeRaw), so the tokens are read from it like any other reply's.
 */
async function sendOnce(model: NodeModel, messages: BaseMessage[], context: AttemptContext, output?: StructuredOutput): Promise<{ text: string; usage: Usage; raw: RawReply; parsed?: unknown }> {
  const runnable = output
    ? model.model.withStructuredOutput(output.schema, { name: output.name, method: NATIVE_METHOD[llmType(model)!], includeRaw: true })
    : null;
  const reply: unknown = await withAttempt(context, () => raceAbort<unknown>(
    runnable ? runnable.invoke(messages, { signal: context.signal }) : model.model.invoke(messages, { signal: context.signal }),
    context.signal,
  ));
  const raw = (runnable ? (reply as { raw: RawReply }).raw : reply) as RawReply;
  return { text: textOf(raw.content).trim(), usage: (raw.usage_metadata ?? {}) as Usage, raw, ...(runnable ? { parsed: (reply as { parsed: unknown }).parsed } : {}) };
}

/** The validated value of a structured reply, or StructuredOutputMismatch with the schema's errors. */
async function structuredValue(reply: { text: string; raw: RawReply; parsed?: unknown }, output: StructuredOutput): Promise<unknown> {
  // LangChain's parse where it succeeded; otherwise ours, which says what was wrong.
  const found = reply.parsed !== undefined && reply.parsed !== null ? reply.parsed : structuredValueOf(reply.raw, reply.text, output);
  const value = withoutNulls(found);
  const errors = await schemaErrors(output, value);
  if (errors.length) throw new StructuredOutputMismatch(errors, reply.text || JSON.stringify(value));
  return value;
}

/** How callModel reads a reply: a text parser, or an output schema (then the value is the validated object). */
export interface CallOptions<T> {
  parse?: (text: string) => T;
  output?: StructuredOutput;
}

/**
 * One model call with retries on retryable errors (Retry-After honoured, capped, with
 * jitter), each retry reported through services.onRetry and every attempt, failed ones
 * included, through services.onAttempt. `parse` may throw InvalidModelOutput to ask again.
 * With `output` (a JSON schema) the reply is data: requested in the provider's native mode
 * where there is one (else the schema goes in the prompt and the text is parsed, mode
 * `text_json`), validated, and a reply that does not fit is thrown as
 * StructuredOutputMismatch without a retry: the caller's repair turn quotes its errors.
 * The run's abort (services.signal) ends the call at once and is not retried.
 */
export async function callModel<T = string>(
  services: WorkflowServices,
  node: string,
  model: NodeModel,
  prompt: { system: string; user: string },
  how: ((text: string) => T) | CallOptions<T> = {},
): Promise<ModelReply & { value: T }> {
  const { parse = (text: string) => text as unknown as T, output } = typeof how === 'function' ? { parse: how } : how;
  const mode = output ? structuredModeOf(model) : undefined;
  const policy = { ...DEFAULT_RETRY, ...services.retry };
  // In text mode the schema goes last, after the node's prompt, so the shared prefix stays first.
  const user = mode === 'text_json' ? prompt.user + textModeInstruction(output!) : prompt.user;
  const messages = [systemMessage(model, prompt.system), new HumanMessage(user)];
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedTokens = 0;
  for (let attempt = 0; ; attempt++) {
    services.signal?.throwIfAborted();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new ModelTimeout(policy.timeoutMs)), policy.timeoutMs);
    const signal = services.signal ? AbortSignal.any([timeout.signal, services.signal]) : timeout.signal;
    const context: AttemptContext = { signal };
    const started = performance.now();
    const usage = { input: 0, output: 0, cached: 0 };
    const record = (outcome: AttemptRecord['outcome'], error: unknown) => services.onAttempt?.({
      node, model: model.id, attempt: attempt + 1, outcome,
      inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cached,
      durationMs: Math.round(performance.now() - started), error: error === null ? null : describeError(error),
    });
    try {
      await services.beforeModelCall?.({ node, modelId: model.id, estimatedTokens: Math.ceil((prompt.system.length + user.length) / 4) + 1024 });
      const reply = await sendOnce(model, messages, context, mode === 'native' ? output : undefined);
      usage.input = reply.usage.input_tokens ?? 0;
      usage.output = reply.usage.output_tokens ?? 0;
      usage.cached = reply.usage.input_token_details?.cache_read ?? 0;
      inputTokens += usage.input;
      outputTokens += usage.output;
      cachedTokens += usage.cached;
      if (output) {
        const value = (await structuredValue(reply, output)) as T;
        await record('ok', null);
        return { text: reply.text || JSON.stringify(value), value, inputTokens, outputTokens, cachedTokens, attempts: attempt + 1, structured: mode };
      }
      if (!reply.text) throw new InvalidModelOutput('the model returned an empty reply');
      const value = parse(reply.text);
      await record('ok', null);
      return { text: reply.text, value, inputTokens, outputTokens, cachedTokens, attempts: attempt + 1 };
    } catch (caught) {
      // The run was interrupted: no retry, and the reason is the interruption itself.
      if (services.signal?.aborted) {
        await record('error', services.signal.reason ?? caught);
        throw caught;
      }
      // An SDK that threw on a reply it did receive (OpenAI parses a json_schema reply itself and
      // throws SyntaxError when it is not JSON): the tokens were billed, and for a structured
      // call it is a reply that does not fit, for the repair turn.
      let mismatch = caught;
      if (!timeout.signal.aborted && usage.input === 0 && context.responseBody) {
        const seen = usageFromBody(await context.responseBody);
        if (seen) {
          Object.assign(usage, { input: seen.input, output: seen.output, cached: seen.cached });
          inputTokens += seen.input;
          outputTokens += seen.output;
          cachedTokens += seen.cached;
          if (output && causeChain(caught).some((e) => e instanceof SyntaxError)) mismatch = new StructuredOutputMismatch(['the reply is not valid JSON'], seen.text);
        }
      }
      // Data that does not fit the schema: the same question again would not fix it; a repair turn may.
      if (mismatch instanceof StructuredOutputMismatch && !timeout.signal.aborted) {
        await record('invalid_output', mismatch);
        mismatch.usage = { inputTokens, outputTokens, cachedTokens, attempts: attempt + 1 };
        throw mismatch;
      }
      const error = timeout.signal.aborted ? timeout.signal.reason : caught;
      const outcome = error instanceof ModelTimeout ? 'timeout' : error instanceof InvalidModelOutput ? 'invalid_output' : 'error';
      await record(outcome, error);
      if (!isRetryable(error) || attempt + 1 >= policy.attempts) {
        throw new Error(`${node}: model ${model.id} failed after ${attempt + 1} attempt(s): ${describeError(error)}`, { cause: error });
      }
      await services.onRetry(node, error);
      await abortableSleep(retryDelayMs(policy, attempt, providerRetryAfterMs(error, context)), services.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface StructuredReply<T> {
  /** null: the reply did not fit the schema twice (the caller falls back to its rules). */
  value: T | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  attempts: number;
  structured: StructuredMode;
  /** The first reply's schema errors, quoted in the repair turn ([] when it fitted at once). */
  repairedFrom: string[];
  /** The last reply's schema errors when value is null. */
  errors: string[];
}

/**
 * A structured call with one repair turn: a reply that does not fit the schema is sent back
 * with the validation errors quoted; a second misfit returns value null and the errors.
 * Tokens are summed over both turns and every attempt.
 */
export async function callStructured<T>(
  services: WorkflowServices,
  node: string,
  model: NodeModel,
  prompt: { system: string; user: string },
  output: StructuredOutput,
): Promise<StructuredReply<T>> {
  const totals = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, attempts: 0 };
  const add = (u: typeof totals) => {
    totals.inputTokens += u.inputTokens;
    totals.outputTokens += u.outputTokens;
    totals.cachedTokens += u.cachedTokens;
    totals.attempts += u.attempts;
  };
  const structured = structuredModeOf(model);
  let first: StructuredOutputMismatch | null = null;
  for (const turn of [0, 1]) {
    const user = turn === 0 ? prompt.user : repairPrompt(prompt.user, first!.errors, first!.replyText);
    try {
      const reply = await callModel<T>(services, node, model, { system: prompt.system, user }, { output });
      add(reply);
      return { ...totals, value: reply.value, structured, repairedFrom: first?.errors ?? [], errors: [] };
    } catch (error) {
      if (!(error instanceof StructuredOutputMismatch)) throw error;
      add(error.usage);
      if (turn === 1) return { ...totals, value: null, structured, repairedFrom: first!.errors, errors: error.errors };
      first = error;
    }
  }
  throw new Error('unreachable');
}
