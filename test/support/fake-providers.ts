/**
 * Local stand-ins for the model providers' HTTP APIs (node:http on 127.0.0.1, port 0), in
 * each one's wire format: Ollama (/api/chat, NDJSON stream), OpenAI (/v1/chat/completions),
 * Anthropic (/v1/messages) and Gemini (/v1beta/models/{model}:generateContent). Every
 * request is recorded (path, headers, parsed body). Faults queued in `faults` are served
 * first, one per request: an HTTP status (with Retry-After), a hang (headers never sent),
 * malformed JSON, an HTML error page from a proxy, a dropped connection. A request that
 * carries an output schema in its provider's native form (requestedSchema) is answered in
 * the same form: a forced tool call for Anthropic, JSON text for the others.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeProviderKind = 'ollama' | 'openai' | 'anthropic' | 'google';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'html' }
  | { kind: 'reset' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
  /** ms since the server started. */
  at: number;
}

/** What the fake answers (its text and usage); a function sees the request's body. */
export interface FakeReply {
  text: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  /** Replies with a tool call of this name and these arguments instead of text (where the format has tools). */
  toolCall?: { name: string; args: unknown };
  /**
   * A structured reply: the value, sent the way the request asked for it (requestedSchema):
   * Anthropic's forced tool as a tool_use block, else the value as JSON text. A string is
   * sent as it is (to serve broken JSON).
   */
  structured?: unknown;
}

/** The output schema a request carries in its provider's native form, and the name it goes by. */
export interface RequestedSchema {
  /** How the format carries it. */
  via: 'response_format' | 'tool' | 'responseSchema' | 'format';
  name?: string;
  schema: Record<string, unknown>;
}

export function requestedSchema(kind: FakeProviderKind, body: Record<string, unknown>): RequestedSchema | null {
  const b = body as Record<string, any>;
  switch (kind) {
    case 'openai':
      return b.response_format?.type === 'json_schema' ? { via: 'response_format', name: b.response_format.json_schema?.name, schema: b.response_format.json_schema?.schema } : null;
    case 'anthropic': {
      const name = b.tool_choice?.type === 'tool' ? b.tool_choice.name : undefined;
      const tool = Array.isArray(b.tools) ? b.tools.find((t: { name?: string }) => t.name === name) : undefined;
      return tool ? { via: 'tool', name, schema: tool.input_schema } : null;
    }
    case 'google':
      return b.generationConfig?.responseSchema && b.generationConfig?.responseMimeType === 'application/json' ? { via: 'responseSchema', schema: b.generationConfig.responseSchema } : null;
    case 'ollama':
      return b.format && typeof b.format === 'object' ? { via: 'format', schema: b.format } : null;
  }
}

export interface FakeProvider {
  kind: FakeProviderKind;
  /** Base URL to give the SDK (OpenAI's includes /v1, as its SDK expects). */
  baseUrl: string;
  requests: RecordedRequest[];
  faults: Fault[];
  /** Hung requests whose connection the client closed (its timeout or abort reached the socket). */
  closedUnanswered: number;
  reply: (body: Record<string, unknown>) => FakeReply;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Each provider's error body for a status. */
function errorBody(kind: FakeProviderKind, status: number, message: string, retryAfter?: string): unknown {
  switch (kind) {
    case 'ollama': return { error: message };
    case 'openai': return { error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null } };
    case 'anthropic': return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } };
    // Gemini says how long to wait in the body (google.rpc.RetryInfo), not only in a header.
    case 'google': return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL', ...(retryAfter ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }] } : {}) } };
  }
}

function answer(kind: FakeProviderKind, res: ServerResponse, body: Record<string, unknown>, given: FakeReply): void {
  let reply = given;
  if (given.structured !== undefined) {
    const asked = requestedSchema(kind, body);
    const text = typeof given.structured === 'string' ? given.structured : JSON.stringify(given.structured);
    reply = asked?.via === 'tool' && typeof given.structured !== 'string' ? { ...given, toolCall: { name: asked.name!, args: given.structured } } : { ...given, text };
  }
  const input = reply.inputTokens ?? 100;
  const output = reply.outputTokens ?? 20;
  const cached = reply.cachedTokens ?? 0;
  const model = String(body.model ?? 'fake');
  switch (kind) {
    case 'ollama': {
      // Ollama streams NDJSON: content chunks, then a done line with the token counts.
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const created_at = new Date().toISOString();
      const message = reply.toolCall
        ? { role: 'assistant', content: '', tool_calls: [{ function: { name: reply.toolCall.name, arguments: reply.toolCall.args } }] }
        : { role: 'assistant', content: reply.text };
      res.write(`${JSON.stringify({ model, created_at, message, done: false })}\n`);
      res.end(`${JSON.stringify({ model, created_at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: input, eval_count: output })}\n`);
      return;
    }
    case 'openai': {
      const message = reply.toolCall
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.args) } }] }
        : { role: 'assistant', content: reply.text };
      send(res, 200, {
        id: 'chatcmpl-fake', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
        choices: [{ index: 0, message, finish_reason: reply.toolCall ? 'tool_calls' : 'stop', logprobs: null }],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, prompt_tokens_details: { cached_tokens: cached } },
      });
      return;
    }
    case 'anthropic': {
      const content = reply.toolCall
        ? [{ type: 'tool_use', id: 'toolu_1', name: reply.toolCall.name, input: reply.toolCall.args }]
        : [{ type: 'text', text: reply.text }];
      send(res, 200, {
        id: 'msg_fake', type: 'message', role: 'assistant', model, content,
        stop_reason: reply.toolCall ? 'tool_use' : 'end_turn', stop_sequence: null,
        // Anthropic counts cache reads apart from input_tokens.
        usage: { input_tokens: input - cached, output_tokens: output, cache_read_input_tokens: cached, cache_creation_input_tokens: 0 },
      });
      return;
    }
    case 'google': {
      const parts = reply.toolCall ? [{ functionCall: { name: reply.toolCall.name, args: reply.toolCall.args } }] : [{ text: reply.text }];
      send(res, 200, {
        candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output, cachedContentTokenCount: cached },
        modelVersion: model,
      });
      return;
    }
  }
}

function routeMatches(kind: FakeProviderKind, method: string, path: string): boolean {
  if (method !== 'POST') return false;
  switch (kind) {
    case 'ollama': return path === '/api/chat';
    case 'openai': return path === '/v1/chat/completions';
    case 'anthropic': return path === '/v1/messages';
    case 'google': return /^\/v1(beta)?\/models\/[^/]+:generateContent$/.test(path);
  }
}

export async function startFakeProvider(kind: FakeProviderKind, reply: FakeProvider['reply'] = () => ({ text: 'All good.' })): Promise<FakeProvider> {
  const started = Date.now();
  const sockets = new Set<Socket>();
  let closing = false;
  const fake: FakeProvider = { kind, baseUrl: '', requests: [], faults: [], closedUnanswered: 0, reply, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? '/').split('?')[0];
    fake.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, at: Date.now() - started });
    if (!routeMatches(kind, req.method ?? 'GET', path)) return send(res, 404, errorBody(kind, 404, `no route ${req.method} ${path}`));
    const fault = fake.faults.shift();
    if (fault) {
      switch (fault.kind) {
        case 'status':
          return send(res, fault.status, errorBody(kind, fault.status, fault.message ?? `fake ${fault.status}`, fault.retryAfter), fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        case 'hang':
          // Never answers; counts the client giving up (close() destroys what is left).
          res.on('close', () => void (closing || fake.closedUnanswered++));
          return;
        case 'malformed':
          return send(res, 200, '{"id": "broken", "choices": [', { 'content-type': kind === 'ollama' ? 'application/x-ndjson' : 'application/json' });
        case 'html':
          return send(res, 502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>', { 'content-type': 'text/html' });
        case 'reset':
          return req.socket.destroy();
      }
    }
    answer(kind, res, body ?? {}, fake.reply(body ?? {}));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}${kind === 'openai' ? '/v1' : ''}`;
  fake.close = () => new Promise<void>((resolve) => {
    closing = true;
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return fake;
}

/** The environment that points coach's provider at a fake (keys are dummies). */
export function fakeProviderEnv(fake: FakeProvider, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  switch (fake.kind) {
    case 'ollama': return { OLLAMA_BASE_URL: fake.baseUrl, OLLAMA_MODEL: 'llama3.1', ...extra };
    case 'openai': return { OPENAI_API_KEY: 'sk-fake-openai-key', OPENAI_BASE_URL: fake.baseUrl, ...extra };
    case 'anthropic': return { ANTHROPIC_API_KEY: 'sk-ant-fake-key', ANTHROPIC_BASE_URL: fake.baseUrl, ...extra };
    case 'google': return { GOOGLE_API_KEY: 'fake-google-key', GOOGLE_BASE_URL: fake.baseUrl, ...extra };
  }
}
