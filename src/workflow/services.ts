import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Nodes that may call a language model. */
export const MODEL_NODES = ['expert_load', 'expert_sessions', 'expert_recovery', 'synthesis', 'season_planner', 'weekly_planner'] as const;
export type ModelNode = (typeof MODEL_NODES)[number];

export interface NodeModel {
  model: BaseChatModel;
  /** The provider's model id, for the pricing table and the report. */
  id: string;
}

/** One model request about to be made: what a shared rate limit needs to know. */
export interface ModelRequest {
  provider: string;
  node: string;
  modelId: string;
  /** Prompt tokens (about 4 characters each) plus the reply's expected size. */
  estimatedTokens: number;
}

/**
 * What nodes get from outside the state, through the run config's `configurable.services`:
 * the database, whose analysis this is, and the models. Models are chosen by run-analysis
 * (models.ts) and never built inside a node, so tests pass a scripted chat model here.
 */
export interface WorkflowServices {
  db: Kysely<Database>;
  userId: string;
  analysisId: string;
  configId: string;
  /** null: the offline coach writes every text. */
  models: Partial<Record<ModelNode, NodeModel>> | null;
  /** Called before each retry of a provider call (counts analysis.retry_count). */
  onRetry(node: string, error: unknown): Promise<void>;
  /** Called after every attempt of a model call, failed ones included (token and cost accounting). */
  onAttempt?(record: import('./call-model.js').AttemptRecord): Promise<void> | void;
  retry: import('./call-model.js').RetryPolicy;
  /** The run's abort (SIGINT): ends a model call at once, without retries. */
  signal?: AbortSignal;
  /** Waits, when needed, for the provider's shared rate limit before each model request (src/jobs/rate-limit.ts). */
  beforeModelCall?: (request: Omit<ModelRequest, 'provider'>) => Promise<void>;
  /** The run's facts, computed once per process (facts-cache.ts). */
  factsCache?: import('../analytics/facts.types.js').Facts;
  /**
   * Writes the report files (H-results); absent when that module is not installed. `facts`
   * are the run's facts, so the writer need not rebuild them from the rows.
   */
  writeFiles?: (args: { userId: string; analysisId: string; facts?: import('../analytics/facts.types.js').Facts }) => Promise<unknown[]>;
}

export function servicesOf(config: LangGraphRunnableConfig | undefined): WorkflowServices {
  const services = config?.configurable?.services as WorkflowServices | undefined;
  if (!services) throw new Error('workflow run config has no configurable.services');
  return services;
}
