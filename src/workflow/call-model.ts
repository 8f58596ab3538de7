import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { NodeModel, WorkflowServices } from './services.js';

export interface ModelReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Provider errors worth another try: rate limits, server errors, timeouts, dropped connections. */
export function isRetryable(error: unknown): boolean {
  const e = error as {
    status?: number; statusCode?: number; status_code?: number; code?: string; name?: string; message?: string;
    response?: { status?: number };
  } | null;
  if (!e) return false;
  if (e instanceof InvalidModelOutput) return true;
  // A provider that answered with a body that is not JSON (a proxy's HTML error page,
  // a truncated stream) is a transient fault of the provider, not of our request.
  if (e instanceof SyntaxError) return true;
  // Each SDK names the HTTP status differently: `status` (OpenAI, Anthropic),
  // `statusCode`, `status_code` (Ollama's ResponseError), `response.status` (fetch wrappers).
  const status = e.status ?? e.statusCode ?? e.status_code ?? e.response?.status;
  if (typeof status === 'number') return status === 429 || status === 408 || status >= 500;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (e.code && ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(e.code)) return true;
  return /\b(429|500|502|503|504|timed? ?out|overloaded|rate[- ]limit(ed)?|too many requests|internal (server )?error|bad gateway|service unavailable)\b/i.test(e.message ?? '') ||
    // Ollama's client, when the stream it read was not JSON or ended early.
    /did not receive done or success response in stream|invalid json/i.test(e.message ?? '');
}

/** A reply that parsed badly (e.g. garbage JSON for the plan): retried like a provider error. */
export class InvalidModelOutput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidModelOutput';
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part as { text?: string }).text ?? '')).join('');
  return '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One model call with retries: exponential backoff (base x 2^attempt, plus jitter) on
 * retryable errors, each retry reported through services.onRetry. `parse` may throw
 * InvalidModelOutput to ask again. Token counts come from the reply's usage_metadata.
 */
export async function callModel<T = string>(
  services: WorkflowServices,
  node: string,
  model: NodeModel,
  prompt: { system: string; user: string },
  parse: (text: string) => T = (text) => text as unknown as T,
): Promise<ModelReply & { value: T }> {
  const { attempts, baseDelayMs, timeoutMs } = services.retry;
  let inputTokens = 0;
  let outputTokens = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = await model.model.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], {
        signal: AbortSignal.timeout(timeoutMs),
      });
      inputTokens += reply.usage_metadata?.input_tokens ?? 0;
      outputTokens += reply.usage_metadata?.output_tokens ?? 0;
      const text = textOf(reply.content).trim();
      if (!text) throw new InvalidModelOutput('the model returned an empty reply');
      const value = parse(text);
      return { text, value, inputTokens, outputTokens };
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= attempts) {
        const failure = error as { status?: number; status_code?: number } | null;
        const status = failure?.status ?? failure?.status_code;
        const reason = `${status ? `HTTP ${status}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
        throw new Error(`${node}: model ${model.id} failed after ${attempt + 1} attempt(s): ${reason}`);
      }
      await services.onRetry(node, error);
      await sleep(baseDelayMs * 2 ** attempt + Math.random() * baseDelayMs);
    }
  }
}
