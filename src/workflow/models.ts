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

/**
 * One chat model per node for the provider and mode, or null for the offline coach.
 * Provider SDK retries are off (maxRetries 0): call-model.ts retries and counts them.
 */
export async function buildModels(provider: Provider, mode: AiMode, env: NodeJS.ProcessEnv = process.env): Promise<Record<ModelNode, NodeModel> | null> {
  if (provider === 'offline') return null;
  const key = env[KEY_OF[provider]]!;
  if (provider !== 'ollama') registerSecret(key);
  const cache = new Map<string, BaseChatModel>();
  const make = async (id: string): Promise<BaseChatModel> => {
    switch (provider) {
      case 'anthropic': {
        const { ChatAnthropic } = await import('@langchain/anthropic');
        return new ChatAnthropic({ model: id, apiKey: key, maxRetries: 0, maxTokens: 2048 });
      }
      case 'openai': {
        const { ChatOpenAI } = await import('@langchain/openai');
        return new ChatOpenAI({ model: id, apiKey: key, maxRetries: 0 });
      }
      case 'google': {
        const { ChatGoogleGenerativeAI } = await import('@langchain/google-genai');
        return new ChatGoogleGenerativeAI({ model: id, apiKey: key, maxRetries: 0 });
      }
      case 'ollama': {
        const { ChatOllama } = await import('@langchain/ollama');
        return new ChatOllama({ model: id, baseUrl: key, maxRetries: 0 });
      }
    }
  };
  const models = {} as Record<ModelNode, NodeModel>;
  for (const node of MODEL_NODES) {
    const id = modelIdFor(provider, mode, node, env);
    if (!cache.has(id)) cache.set(id, await make(id));
    models[node] = { model: cache.get(id)!, id: provider === 'ollama' ? `ollama:${id}` : id };
  }
  return models;
}
