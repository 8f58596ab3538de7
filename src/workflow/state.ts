import { Annotation } from '@langchain/langgraph';
import type { ResultType } from '../db/tables/analysis-result.table.js';
import type { TrainingPlan } from '../plan/plan.types.js';

/** What one node produced; the report node turns each into one `analysisresult` row. */
export interface NodeResult {
  nodeName: string;
  resultType: ResultType;
  title: string;
  content: string;
  data?: unknown;
  /** Model id that wrote the text, or 'offline' for the rules-and-templates coach. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Seconds. */
  processingTime: number;
}

/** A question an expert wants the athlete to answer before planning (human in the loop). */
export interface AthleteQuestion {
  id: string;
  expert: string;
  text: string;
}

/** The settings of this run, fixed when it starts (config row + command-line flags). */
export interface RunSettings {
  configName: string;
  aiMode: 'development' | 'standard' | 'cost_effective';
  provider: string;
  hitlEnabled: boolean;
  /** A person can answer questions now (TTY); otherwise questions are recorded, not asked. */
  interactive: boolean;
  skipSynthesis: boolean;
  enablePlotting: boolean;
  athleteContext: string | null;
  analysisContext: string | null;
  planningContext: string | null;
  /** --model choices by role or node (models.ts), when given. */
  modelOverrides?: Partial<Record<string, string>>;
  /** The config's models by role (trainingconfig_model) when the run started: a resumed run keeps them. */
  configModels?: Partial<Record<string, string>>;
  today: string;
  /** Notes from the athlete given up front (`coach analyze --note`): constraints for the planners, like answers. */
  notes?: string[];
}

const replace = <T>(initial: () => T) => Annotation<T>({ reducer: (_old, value) => value, default: initial });

/**
 * The workflow's state. Each field says who writes it; reducers decide how parallel writes
 * (the three experts run in one super-step) combine.
 */
// The facts themselves are not a state field: see facts-cache.ts (kept out of checkpoints).
export const AnalysisState = Annotation.Root({
  /** Set once at the start by run-analysis. */
  settings: replace<RunSettings | null>(() => null),
  /** load_data: a compact summary of what data the analysis saw (stored in analysis.data_summary). */
  dataSummary: replace<Record<string, unknown> | null>(() => null),
  /** Experts (in parallel): their findings by expert node name; merged, not replaced. */
  expertReports: Annotation<Record<string, string>>({
    reducer: (old, value) => ({ ...old, ...value }),
    default: () => ({}),
  }),
  /** Experts: questions for the athlete, appended by each expert. */
  questions: Annotation<AthleteQuestion[]>({
    reducer: (old, value) => [...old, ...value],
    default: () => [],
  }),
  /** hitl: answers by question id; an unanswered question is absent. */
  answers: replace<Record<string, string>>(() => ({})),
  /** synthesis: the combined assessment (null when skipped). */
  synthesisText: replace<string | null>(() => null),
  /** season_planner: phases up to the A race, in words. */
  seasonPlan: replace<string | null>(() => null),
  /** weekly_planner: the 28-day plan (week 1 in full), checked by src/plan/validate.ts. */
  weeklyPlan: replace<TrainingPlan | null>(() => null),
  /** Every node appends its result, in the order the nodes finished. */
  results: Annotation<NodeResult[]>({
    reducer: (old, value) => [...old, ...value],
    default: () => [],
  }),
  /** report: what the files step did (paths written, or why it was skipped). */
  reportNote: replace<string | null>(() => null),
});

export type AnalysisStateType = typeof AnalysisState.State;
export type AnalysisUpdate = typeof AnalysisState.Update;
