import type { ColumnType, Selectable } from 'kysely';
import type { Timestamps, UuidPk, WithDefault } from './common.js';

export type ModelCallOutcome = 'ok' | 'invalid_output' | 'timeout' | 'error';

/** `model_call`: one attempt of one model request of an analysis (migration 0010). */
export interface ModelCallTable extends Timestamps {
  id: UuidPk;
  analysis_id: string;
  node_name: string;
  attempt: number;
  model: string;
  outcome: ModelCallOutcome;
  input_tokens: WithDefault<number>;
  output_tokens: WithDefault<number>;
  cached_tokens: WithDefault<number>;
  /** numeric(14,6) dollars: read as a string, written as a number or string. */
  cost: ColumnType<string, number | string | undefined, number | string>;
  duration_ms: WithDefault<number>;
  error: string | null;
}
export type ModelCallRow = Selectable<ModelCallTable>;
