import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { UserError } from '../errors.js';
import { registerSecret } from '../security/secrets.js';
import { MODEL_NODES, type ModelNode, type NodeModel } from './services.js';

export const PROVIDERS = ['offline', 'anthropic', 'openai', 'google', 'ollama'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type AiMode = 'development' | 'standard' | 'cost_effective';
type Tier = 'strong' | 'balanced' | 'cheap';

/** Model ids by provider and tier (prices in pricing.ts). Ollama runs whatever OLLAMA_MODEL names. */
export const MODEL_TABLE: Record<Exclude<Provider, 'offline'>, Record<Tier, string>> = {
  anthropic: { strong: 'claude-opus-4-1', balanced: 'claude-sonnet-4-5', cheap: 'claude-haiku-4-5' },
  openai: { strong: 'gpt-5', balanced: 'gpt-5-mini', cheap: 'gpt-5-nano' },
  google: { strong: 'gemini-2.5-pro', balanced: 'gemini-2.5-flash', cheap: 'gemini-2.5-flash-lite' },
  ollama: { strong: 'llama3.1', balanced: 'llama3.1', cheap: 'llama3.1' },
};

/**
 * ai_mode -> tier per node: development uses the strongest model everywhere; standard the
 * balanced one, strong for the synthesis and the weekly plan (where judgement matters most);
 * cost_effective the cheapest everywhere.
 */
export const MODE_TIERS: Record<AiMode, Record<ModelNode, Tier>> = {
  development: { expert_load: 'strong', expert_sessions: 'strong', expert_recovery: 'strong', synthesis: 'strong', season_planner: 'strong', weekly_planner: 'strong' },
  standard: { expert_load: 'balanced', expert_sessions: 'balanced', expert_recovery: 'balanced', synthesis: 'strong', season_planner: 'balanced', weekly_planner: 'strong' },
  cost_effective: { expert_load: 'cheap', expert_sessions: 'cheap', expert_recovery: 'cheap', synthesis: 'cheap', season_planner: 'cheap', weekly_planner: 'cheap' },
};

const KEY_OF: Record<Exclude<Provider, 'offline'>, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GOOGLE_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

/**
 * The provider: the one asked for, else the first configured (Anthropic, OpenAI, Google, a
 * local Ollama), else the offline coach. Asking for a provider without its key is an error.
 */
export function resolveProvider(requested: string | undefined, env: NodeJS.ProcessEnv = process.env): Provider {
  if (requested !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(requested)) {
      throw new UserError(`--provider must be one of ${PROVIDERS.join(', ')} (got "${requested.slice(0, 40)}")`);
    }
    const provider = requested as Provider;
    if (provider !== 'offline' && !env[KEY_OF[provider]]) {
      throw new UserError(`--provider ${provider} needs ${KEY_OF[provider]} (in the environment or .env)`);
    }
    return provider;
  }
  for (const provider of ['anthropic', 'openai', 'google', 'ollama'] as const) if (env[KEY_OF[provider]]) return provider;
  return 'offline';
}

export function modelIdFor(provider: Exclude<Provider, 'offline'>, mode: AiMode, node: ModelNode, env: NodeJS.ProcessEnv = process.env): string {
  if (provider === 'ollama') return env.OLLAMA_MODEL || MODEL_TABLE.ollama.balanced;
  return MODEL_TABLE[provider][MODE_TIERS[mode][node]];
}

/** Roles a model can be chosen for: the three experts, the synthesis, the two planners. */
export const MODEL_ROLES = ['experts', 'synthesis', 'planners'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];
export const ROLE_OF: Record<ModelNode, ModelRole> = {
  expert_load: 'experts', expert_sessions: 'experts', expert_recovery: 'experts',
  synthesis: 'synthesis', season_planner: 'planners', weekly_planner: 'planners',
};

/** Model ids chosen by hand, by role or by node (a node's own entry wins over its role's). */
export type ModelOverrides = Partial<Record<ModelRole | ModelNode, string>>;

/**
 * Parses `--model` values and COACH_MODELS: `name` (every role), `role=name` or
 * `node=name`, several separated by commas. Later entries win.
 */
export function parseModelOverrides(values: readonly string[], source = '--model'): ModelOverrides {
  const out: ModelOverrides = {};
  const keys = [...MODEL_ROLES, ...MODEL_NODES] as readonly string[];
  for (const entry of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? null : entry.slice(0, eq).trim();
    const name = (eq < 0 ? entry : entry.slice(eq + 1)).trim();
    if (!/^[\w.:/@+-]{1,200}$/.test(name)) throw new UserError(`${source}: not a model name: "${name.slice(0, 40)}"`);
    if (key === null) for (const role of MODEL_ROLES) out[role] = name;
    else if (keys.includes(key)) out[key as ModelRole | ModelNode] = name;
    else throw new UserError(`${source}: unknown role "${key.slice(0, 40)}" (expected ${keys.join(', ')})`);
  }
  return out;
}

/** Environment variable holding each provider's base URL (a gateway, a proxy, a local server). */
export const BASE_URL_ENV: Record<Exclude<Provider, 'offline'>, string> = {
  anthropic: 'ANTHROPIC_BASE_URL',
  openai: 'OPENAI_BASE_URL',
  google: 'GOOGLE_BASE_URL',
  ollama: 'OLLAMA_BASE_URL',
};

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A provider base URL, checked: it receives the API key, so https only, except on this
 * machine (loopback: a local Ollama, vLLM or LiteLLM) where http is allowed.
 */
export function checkBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(`${source} is not a URL: "${value.slice(0, 60)}"`);
  }
  if (url.username || url.password) throw new UserError(`${source} must not contain a user name or password`);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname))) return url.toString().replace(/\/$/, '');
  throw new UserError(`${source} must be https (http only for localhost), got "${url.protocol}//${url.host}"`);
}

export interface ModelChoice {
  /** --model (flags win over COACH_MODELS). */
  overrides?: ModelOverrides;
  /** The training config's `models` section (trainingconfig_model): under COACH_MODELS and --model. */
  configOverrides?: ModelOverrides;
}

/**
 * The model id for a node: the first layer (most important first: --model, COACH_MODELS,
 * the config file) that names the node or its role, else the table by mode. Within a layer
 * the node's own entry wins over its role's; across layers the higher layer wins, so
 * `--model planners=x` beats a config's `weekly_planner: y`.
 */
export function chosenModelId(provider: Exclude<Provider, 'offline'>, mode: AiMode, node: ModelNode, overrides: ModelOverrides | ModelOverrides[] = {}, env: NodeJS.ProcessEnv = process.env): string {
  for (const layer of Array.isArray(overrides) ? overrides : [overrides]) {
    const chosen = layer[node] ?? layer[ROLE_OF[node]];
    if (chosen) return chosen;
  }
  return modelIdFor(provider, mode, node, env);
}

/**
 * One chat model per node for the provider and mode, or null for the offline coach.
 * Provider SDK retries are off (maxRetries 0): call-model.ts retries and counts them. Every
 * SDK that takes a fetch gets providerFetch, so the attempt's timeout reaches the HTTP request.
 */
export async function buildModels(provider: Provider, mode: AiMode, env: NodeJS.ProcessEnv = process.env, choice: ModelChoice = {}): Promise<Record<ModelNode, NodeModel> | null> {
  if (provider === 'offline') return null;
  const { providerFetch, currentAttemptSignal } = await import('./provider-fetch.js');
  const key = env[KEY_OF[provider]]!;
  if (provider !== 'ollama') registerSecret(key);
  const baseEnv = BASE_URL_ENV[provider];
  const baseUrl = env[baseEnv] ? checkBaseUrl(env[baseEnv]!, baseEnv) : undefined;
  // Precedence: flags > environment > config file > the table by mode.
  const overrides = [choice.overrides ?? {}, parseModelOverrides(env.COACH_MODELS ? [env.COACH_MODELS] : [], 'COACH_MODELS'), choice.configOverrides ?? {}];
  const cache = new Map<string, BaseChatModel>();
  const make = async (id: string): Promise<BaseChatModel> => {
    switch (provider) {
      case 'anthropic': {
        // The base URL is always given, so the SDK never reads an unchecked one from the environment.
        const { ChatAnthropic } = await import('@langchain/anthropic');
        return new ChatAnthropic({ model: id, apiKey: key, maxRetries: 0, maxTokens: 2048, clientOptions: { baseURL: baseUrl ?? 'https://api.anthropic.com', fetch: providerFetch } });
      }
      case 'openai': {
        const { ChatOpenAI } = await import('@langchain/openai');
        return new ChatOpenAI({ model: id, apiKey: key, maxRetries: 0, configuration: { baseURL: baseUrl ?? 'https://api.openai.com/v1', fetch: providerFetch } });
      }
      case 'google': {
        // @google/generative-ai calls the global fetch (no fetch option), and
        // @langchain/google-genai 2.x drops the call's signal on its non-streaming path
        // (_generate calls completionWithRetry without options): hand it the attempt's signal.
        const { ChatGoogleGenerativeAI } = await import('@langchain/google-genai');
        type GoogleChat = InstanceType<typeof ChatGoogleGenerativeAI>;
        class ChatGoogleWithSignal extends ChatGoogleGenerativeAI {
          override completionWithRetry(request: Parameters<GoogleChat['completionWithRetry']>[0], options?: this['ParsedCallOptions']) {
            return super.completionWithRetry(request, { ...options, signal: options?.signal ?? currentAttemptSignal() } as this['ParsedCallOptions']);
          }
        }
        return new ChatGoogleWithSignal({ model: id, apiKey: key, maxRetries: 0, ...(baseUrl ? { baseUrl } : {}) });
      }
      case 'ollama': {
        // @langchain/ollama 1.x checks the signal only between stream chunks: the fetch carries it.
        const { ChatOllama } = await import('@langchain/ollama');
        return new ChatOllama({ model: id, baseUrl: checkBaseUrl(key, 'OLLAMA_BASE_URL'), maxRetries: 0, fetch: providerFetch });
      }
    }
  };
  const models = {} as Record<ModelNode, NodeModel>;
  for (const node of MODEL_NODES) {
    const id = chosenModelId(provider, mode, node, overrides, env);
    if (!cache.has(id)) cache.set(id, await make(id));
    models[node] = { model: cache.get(id)!, id: provider === 'ollama' ? `ollama:${id}` : id };
  }
  return models;
}
