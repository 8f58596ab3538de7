import type { BaseMessage } from '@langchain/core/messages';
import type { NodeModel } from './services.js';

/**
 * A node whose output is data (an expert's findings and questions, a plan) asks for it as a
 * JSON schema. Each provider enforces the schema natively where its SDK can; any other chat
 * model (the scripted test model, a fake) gets the schema in the prompt and its text is
 * parsed as JSON: the `text_json` mode, recorded on the node's result so it is never
 * mistaken for a provider-enforced reply. Either way the value is validated here (ajv), and
 * the errors are what a repair turn quotes back to the model.
 */
export interface StructuredOutput {
  /** The tool / schema name the provider sees (letters, digits and _). */
  name: string;
  /** A JSON schema (draft-07 subset every provider accepts: no $ref, no oneOf). */
  schema: Record<string, unknown>;
}

export type StructuredMode = 'native' | 'text_json';

/**
 * How each provider SDK enforces a schema (LangChain's withStructuredOutput `method`), by the
 * chat model's _llmType: OpenAI (and OpenAI-compatible gateways) `response_format:
 * json_schema`; Anthropic a forced tool_use whose input_schema is the schema; Gemini
 * `generationConfig.responseSchema` with `responseMimeType: application/json`; Ollama
 * `format: <schema>`.
 */
const NATIVE_METHOD: Record<string, 'jsonSchema' | 'functionCalling'> = {
  openai: 'jsonSchema',
  anthropic: 'functionCalling',
  googlegenerativeai: 'jsonSchema',
  ollama: 'jsonSchema',
};

function llmType(model: NodeModel): string | undefined {
  return (model.model as { _llmType?: () => string })._llmType?.();
}

export function structuredModeOf(model: NodeModel): StructuredMode {
  const type = llmType(model);
  return type && NATIVE_METHOD[type] && typeof model.model.withStructuredOutput === 'function' ? 'native' : 'text_json';
}

/** A reply that is JSON but not what the schema asks for, or not JSON at all: the repair turn's input. */
export class StructuredOutputMismatch extends Error {
  /** Tokens of every attempt of the call that produced it (already recorded per attempt). */
  usage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, attempts: 0 };
  constructor(readonly errors: string[], readonly replyText: string) {
    super(`the reply does not match the output schema: ${errors.slice(0, 3).join('; ')}`);
    this.name = 'StructuredOutputMismatch';
  }
}

/** What the model is told in text mode, after the node's own prompt (so the shared prefix stays first). */
export function textModeInstruction(output: StructuredOutput): string {
  return `\n\nReply with ONLY a JSON object, no prose and no code fences, matching this JSON schema:\n${JSON.stringify(output.schema)}`;
}

/** The message parts that carry the structured value: a tool call's arguments, else the text as JSON. */
export function structuredValueOf(raw: BaseMessage & { tool_calls?: { name: string; args: unknown }[]; invalid_tool_calls?: { name?: string; args?: string; error?: string }[] }, text: string, output: StructuredOutput): unknown {
  const call = raw.tool_calls?.find((c) => c.name === output.name) ?? raw.tool_calls?.[0];
  if (call) return call.args;
  const invalid = raw.invalid_tool_calls?.[0];
  if (invalid) throw new StructuredOutputMismatch([`the ${output.name} call's arguments are not valid JSON${invalid.error ? ` (${invalid.error})` : ''}`], invalid.args ?? '');
  return parseJsonText(text);
}

/** JSON from a text reply: code fences and text around one object tolerated. */
export function parseJsonText(text: string): unknown {
  const unfenced = text.replace(/^\s*```(?:json)?\s*/i, '').replace(/```\s*$/, '').trim();
  try {
    return JSON.parse(unfenced);
  } catch {
    const start = unfenced.indexOf('{');
    const end = unfenced.lastIndexOf('}');
    if (start >= 0 && end > start) {
      try {
        return JSON.parse(unfenced.slice(start, end + 1));
      } catch {
        // fall through
      }
    }
    throw new StructuredOutputMismatch([text.trim() ? 'the reply is not a JSON object' : 'the reply is empty'], text);
  }
}

/** Object keys whose value is null dropped (providers fill optional fields with null). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

type Validate = ((value: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null };
const compiled = new WeakMap<object, Validate>();

/** ajv is loaded on the first structured call only (`coach --help` must not load it). */
async function validatorFor(schema: Record<string, unknown>): Promise<Validate> {
  let validate = compiled.get(schema);
  if (!validate) {
    const mod = (await import('ajv')) as unknown as { default: { default?: new (o: object) => { compile(s: object): Validate } } & (new (o: object) => { compile(s: object): Validate }) };
    const Ajv = mod.default.default ?? mod.default;
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The schema's complaints about `value`, one readable line each (at most 10), [] when it fits. */
export async function schemaErrors(output: StructuredOutput, value: unknown): Promise<string[]> {
  const validate = await validatorFor(output.schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(the object)';
    const allowed = Array.isArray(e.params?.allowedValues) ? `: ${(e.params!.allowedValues as unknown[]).join(', ')}` : '';
    const extra = typeof e.params?.additionalProperty === 'string' ? ` (${e.params.additionalProperty})` : '';
    return `${where} ${e.message ?? 'is invalid'}${allowed}${extra}`;
  });
}

/**
 * The repair turn's prompt: the node's prompt again (same prefix, so the provider's cache
 * serves it), then the previous reply and what was wrong with it.
 */
export function repairPrompt(user: string, problems: string[], previousReply: string, what = 'the required JSON schema'): string {
  const shown = previousReply.length > 4000 ? `${previousReply.slice(0, 4000)} [...]` : previousReply;
  return `${user}\n\nYour previous reply did not match ${what}:\n${problems.map((p) => `- ${p}`).join('\n')}\nPrevious reply:\n${shown}\nReturn the whole corrected object.`;
}

export { NATIVE_METHOD, llmType };
