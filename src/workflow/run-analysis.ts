import { Command, INTERRUPT } from '@langchain/langgraph';
import type { Checkpoint } from '@langchain/langgraph-checkpoint';
import type { Kysely } from 'kysely';
import { selectConfig } from '../config/select-config.js';
import { createAnalysis, findAnalysis, incrementRetryCount, updateAnalysis } from '../db/analyses.repository.js';
import type { AnalysisProgress } from '../db/checkpoints.repository.js';
import type { Database } from '../db/database.js';
import { recordModelCall } from '../db/model-calls.repository.js';
import { findConfigById } from '../db/training-configs.repository.js';
import { findUserById } from '../db/users.repository.js';
import { ExitCode, UserError } from '../errors.js';
import { redact } from '../security/secrets.js';
import { acquireAnalysisLock, failInterruptedRuns } from './analysis-lock.js';
import { findAnalysisIdsByPrefix } from '../db/results.repository.js';
import { isUuid } from '../db/in-transaction.js';
import { reportMissing } from './report-check.js';
import { reportNode } from './nodes/report.js';
import { KyselyCheckpointSaver } from './checkpointer.js';
import { buildAnalysisGraph, NODE_ORDER } from './graph.js';
import { retryPolicyFromEnv } from './call-model.js';
import { estimateCost } from './pricing.js';
import { type AiMode, buildModels, type ModelOverrides, resolveProvider } from './models.js';
import { findConfigModels } from '../db/config-models.repository.js';
import type { HitlRequest } from './nodes/hitl.js';
import type { ModelNode, NodeModel, WorkflowServices } from './services.js';
import type { AnalysisStateType, AthleteQuestion, RunSettings } from './state.js';

export interface ProgressEvent {
  analysisId: string;
  node: string;
  percentage: number;
}

export interface RunAnalysisOptions {
  db: Kysely<Database>;
  dialect: 'pglite' | 'postgres';
  userId: string;
  configName?: string;
  mode?: AiMode;
  /** false with --no-hitl. */
  hitl?: boolean;
  /** false with --no-plots. */
  plots?: boolean;
  skipSynthesis?: boolean;
  /** `--note`: the athlete's words for the planners, given up front (like answers to questions). */
  notes?: string[];
  provider?: string;
  /** --model: model ids by role or node (kept in the run's settings, so --resume uses them too). */
  modelOverrides?: ModelOverrides;
  /** Continue this analysis from its checkpoint instead of starting a new one. */
  resumeId?: string;
  /** A person is at the keyboard (the CLI passes isInteractive()). */
  interactive: boolean;
  /** Asks the athlete the experts' questions (CLI: @inquirer/prompts). Without it a pause stops the run as `pending`. */
  askQuestions?: (questions: AthleteQuestion[]) => Promise<Record<string, string>>;
  onProgress?: (event: ProgressEvent) => void;
  /** Injected models (tests: a scripted chat model); default: built from the provider. */
  models?: Partial<Record<ModelNode, NodeModel>> | null;
  retry?: Partial<WorkflowServices['retry']>;
  /** Aborts the run (SIGINT). */
  signal?: AbortSignal;
  /** The as-of date; default today in local time (COACH_TODAY overrides, for tests and benches). */
  today?: string;
  /** Shared provider rate limit, awaited before each model request (the worker's token bucket). */
  beforeModelCall?: (request: import('./services.js').ModelRequest) => Promise<void>;
  /** Called once the new `analysis` row exists (the job queue links its job to it, so a retry resumes it). */
  onCreated?: (analysisId: string) => Promise<void>;
  /** Report files writer; default: H-results' writeAnalysisFiles when installed. null skips files. */
  writeFiles?: WorkflowServices['writeFiles'] | null;
}

export interface AnalysisOutcome {
  analysisId: string;
  status: 'completed' | 'pending';
  provider: string;
  /** Questions waiting for answers when the run paused. */
  pendingQuestions: AthleteQuestion[];
  reportNote: string | null;
}

export function localToday(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COACH_TODAY && /^\d{4}-\d{2}-\d{2}$/.test(env.COACH_TODAY)) return env.COACH_TODAY;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function defaultWriteFiles(db: Kysely<Database>, plots: boolean): Promise<WorkflowServices['writeFiles']> {
  // A literal specifier, so the bundler (scripts/bundle.mjs) sees the module and gives it a chunk.
  try {
    const mod = (await import('../report/write-analysis-files.js')) as { writeAnalysisFiles?: (db: Kysely<Database>, args: Parameters<NonNullable<WorkflowServices['writeFiles']>>[0]) => Promise<unknown[]> };
    if (typeof mod.writeAnalysisFiles !== 'function') return undefined;
    // `plots` is extra to the contract: a writer that ignores it follows the config's enable_plotting.
    return (args) => mod.writeAnalysisFiles!(db, { ...args, plots } as never);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * Runs (or resumes) one analysis: creates the `analysis` row, takes the per-user lock,
 * streams the graph while recording status, current_node and progress_percentage, answers
 * HITL pauses through `askQuestions`, and records failures (status failed + error_message,
 * checkpoint kept for `--resume`).
 */
export async function runAnalysis(options: RunAnalysisOptions): Promise<AnalysisOutcome> {
  const { db, userId } = options;
  const lock = await acquireAnalysisLock(db, options.dialect, userId);
  try {
    // We hold the athlete's lock: an analysis of theirs still `running` lost its process.
    await failInterruptedRuns(db, userId);
    return await runLocked(options);
  } finally {
    await lock.release();
  }
}

async function runLocked(options: RunAnalysisOptions): Promise<AnalysisOutcome> {
  const { db, userId } = options;
  // Set once the analysis row exists; until then checkpoints carry no progress.
  let progressAt: ((checkpoint: Checkpoint) => AnalysisProgress | null) | undefined;
  const checkpointer = new KyselyCheckpointSaver(db, (checkpoint) => progressAt?.(checkpoint) ?? null);
  const graph = buildAnalysisGraph(checkpointer);

  let analysisId: string;
  let configId: string;
  let settings: RunSettings;
  let input: unknown;
  if (options.resumeId) {
    const row = await findAnalysis(db, userId, await resolveResumeId(db, userId, options.resumeId));
    if (!row) throw new UserError(`no analysis ${options.resumeId.slice(0, 40)} for this user (see \`coach results list\`)`);
    if (row.status === 'completed') throw new UserError(`analysis ${row.id} has already completed; nothing to resume`);
    analysisId = row.id;
    configId = row.training_config_id;
    const snapshot = await graph.getState({ configurable: { thread_id: analysisId } });
    const saved = (snapshot.values as Partial<AnalysisStateType>).settings;
    if (saved) {
      settings = { ...saved, interactive: options.interactive && saved.hitlEnabled };
      // `--resume ID --provider NAME` finishes the run with another provider (the first one
      // is down, or the key is gone); without it the run keeps the provider it started with.
      if (options.provider !== undefined && options.models === undefined) settings.provider = resolveProvider(options.provider);
      const interrupted = snapshot.tasks.some((t) => t.interrupts.length > 0);
      // Paused at the questions: ask them now, or go on without answers when nobody can answer.
      input = interrupted ? { resumeQuestions: true } : null;
    } else {
      // Failed before its first checkpoint: start the graph again on the same row.
      const config = await findConfigById(db, userId, configId);
      if (!config) throw new UserError('the training config of this analysis no longer exists');
      settings = settingsOf(config, options);
      input = { settings };
    }
  } else {
    const config = await selectConfig(db, userId, options.configName);
    configId = config.id;
    const configModels = await findConfigModels(db, config.id);
    settings = { ...settingsOf(config, options), athleteContext: (await findUserById(db, userId))?.athlete_context ?? null, ...(Object.keys(configModels).length ? { configModels } : {}) };
    const row = await createAnalysis(db, userId, { configId, analysisType: `${settings.provider}:${settings.aiMode}`, workflowId: 'coach-analysis/v1' });
    analysisId = row.id;
    input = { settings };
    await options.onCreated?.(analysisId);
  }

  const models = options.models !== undefined ? options.models : await buildModels(settings.provider as never, settings.aiMode, process.env, { overrides: options.modelOverrides ?? settings.modelOverrides, configOverrides: settings.configModels });
  const services: WorkflowServices = {
    db,
    userId,
    analysisId,
    configId,
    models,
    retry: { ...retryPolicyFromEnv(), ...options.retry },
    signal: options.signal,
    onRetry: async () => incrementRetryCount(db, userId, analysisId),
    beforeModelCall: options.beforeModelCall && ((request) => options.beforeModelCall!({ ...request, provider: settings.provider })),
    // Every attempt, failed ones included, is stored with its tokens and cost (they were billed).
    onAttempt: async (a) => {
      await recordModelCall(db, userId, analysisId, {
        node_name: a.node, attempt: a.attempt, model: a.model, outcome: a.outcome,
        input_tokens: a.inputTokens, output_tokens: a.outputTokens, cached_tokens: a.cachedTokens,
        cost: estimateCost([a]).dollars, duration_ms: a.durationMs, error: a.error === null ? null : redact(a.error).slice(0, 500),
      });
    },
    writeFiles: options.writeFiles === null ? undefined : options.writeFiles ?? (await defaultWriteFiles(db, settings.enablePlotting)),
  };
  // The graph's own abort: the caller's signal (SIGINT/SIGTERM/SIGHUP) reaches it at once,
  // except during the report step, which writes rows and files and takes a fraction of a
  // second: stopping it half-way would leave files without rows, so it finishes first.
  const graphAbort = new AbortController();
  let inReport = false;
  let interruptDeferred = false;
  const onAbort = () => {
    if (inReport) interruptDeferred = true;
    else graphAbort.abort();
  };
  if (options.signal?.aborted) graphAbort.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  services.signal = graphAbort.signal;
  // durability 'sync': each step's checkpoint is stored before the next step starts, so a
  // kill -9 never leaves side effects of a step whose predecessor is not checkpointed.
  const runConfig = { configurable: { thread_id: analysisId, services }, signal: graphAbort.signal, streamMode: 'updates' as const, durability: 'sync' as const };
  const order: string[] = NODE_ORDER.filter((n) => !(settings.skipSynthesis && n === 'synthesis'));
  const totalNodes = order.length;
  const percentDone = (nodesDone: number) => Math.min(100, Math.round((nodesDone / totalNodes) * 100));
  // The analysis row's current_node and progress_percentage are written with each step's
  // checkpoint, in its statement: the nodes the checkpoint has seen run are the nodes done
  // (on a resumed thread too), the last of them in run order is the current node.
  progressAt = (checkpoint) => {
    const seen = order.filter((node) => node in (checkpoint.versions_seen ?? {}));
    if (seen.length === 0) return null;
    return { analysisId, userId, currentNode: seen.at(-1)!, percentage: percentDone(seen.length) };
  };
  const done = new Set<string>();
  if (options.resumeId) {
    // Every node before the first one still to run is done (hitl leaves no result row when
    // it had no questions, so results alone undercount), plus the experts that finished.
    const snapshot = await graph.getState({ configurable: { thread_id: analysisId } });
    for (const r of (snapshot.values as Partial<AnalysisStateType>).results ?? []) done.add(r.nodeName);
    const pending = snapshot.next.map((n) => order.indexOf(n)).filter((i) => i >= 0);
    const firstPending = pending.length ? Math.min(...pending) : snapshot.next.length === 0 && (snapshot.values as Partial<AnalysisStateType>).settings ? totalNodes : 0;
    for (const n of order.slice(0, firstPending)) done.add(n);
    if (done.has('weekly_planner')) inReport = true;
  }
  let reportNote: string | null = null;
  /** Questions recorded but not answered (no terminal): the outcome lists them. */
  const unanswered: AthleteQuestion[] = [];

  await updateAnalysis(db, userId, analysisId, { status: 'running', error_message: null });
  try {
    let next: unknown = input;
    if (input && typeof input === 'object' && 'resumeQuestions' in input) {
      // Resuming a run paused at the questions.
      const snapshot = await graph.getState({ configurable: { thread_id: analysisId } });
      const questions = (snapshot.tasks.flatMap((t) => t.interrupts)[0]?.value as HitlRequest | undefined)?.questions ?? [];
      const answers = await answerOrPause(questions);
      if (answers === PAUSE) return await paused(questions);
      next = new Command({ resume: answers });
    }
    for (;;) {
      const questions = await streamOnce(next);
      if (!questions) break;
      const answers = await answerOrPause(questions);
      if (answers === PAUSE) return await paused(questions);
      await updateAnalysis(db, userId, analysisId, { status: 'running' });
      next = new Command({ resume: answers });
    }
    await ensureReportWritten();
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    const interrupted = options.signal?.aborted === true;
    const message = interrupted ? 'interrupted' : redact((error as Error).message ?? String(error)).slice(0, 2000);
    await recordFailure(db, userId, analysisId, message);
    const hint = `resume with \`coach analyze --resume ${analysisId}\``;
    if (interrupted) throw new UserError(`analysis ${analysisId} interrupted; ${hint}`, ExitCode.interrupted);
    throw new UserError(`analysis ${analysisId} failed: ${message}; ${hint}`);
  }
  options.signal?.removeEventListener('abort', onAbort);
  await updateAnalysis(db, userId, analysisId, { status: 'completed', progress_percentage: 100, current_node: 'report', error_message: null });
  if (interruptDeferred) reportNote = [reportNote, 'interrupted during the report step: the report was finished first'].filter(Boolean).join('; ');
  // The experts' questions that went unanswered (no terminal, skipped, or questions off).
  const finalState = (await graph.getState({ configurable: { thread_id: analysisId } })).values as Partial<AnalysisStateType>;
  for (const q of finalState.questions ?? []) {
    if (!finalState.answers?.[q.id] && !unanswered.some((u) => u.id === q.id)) unanswered.push(q);
  }
  return { analysisId, status: 'completed', provider: settings.provider, pendingQuestions: unanswered, reportNote };

  /**
   * Completed means the report step wrote its rows and files. After a kill -9 the graph can
   * end (its last checkpoint says so) while the report's rows or files are missing or
   * partial: then the report step runs again here, from the checkpointed state.
   */
  async function ensureReportWritten(): Promise<void> {
    const missing = await reportMissing(db, userId, analysisId, Boolean(services.writeFiles));
    if (!missing) return;
    const snapshot = await graph.getState({ configurable: { thread_id: analysisId } });
    const state = snapshot.values as AnalysisStateType;
    if (!state.weeklyPlan) throw new Error(`the report is missing (${missing}) and the checkpoint has no plan to rebuild it from`);
    inReport = true;
    const update = await reportNode(state, runConfig as never);
    reportNote = (update as { reportNote?: string | null }).reportNote ?? reportNote;
    const still = await reportMissing(db, userId, analysisId, Boolean(services.writeFiles));
    if (still) throw new Error(`the report step did not complete: ${still}`);
  }

  /** Streams the graph until it ends or pauses; returns the questions it paused with, if any. */
  async function streamOnce(next: unknown): Promise<AthleteQuestion[] | null> {
    let interruptedWith: AthleteQuestion[] | null = null;
    const stream = await graph.stream(next as never, runConfig);
    for await (const chunk of stream as AsyncIterable<Record<string, unknown>>) {
      for (const [node, update] of Object.entries(chunk)) {
        if (node === INTERRUPT) {
          interruptedWith = (update as { value: HitlRequest }[])[0]?.value.questions ?? [];
          continue;
        }
        // LangGraph's own keys (`__metadata__` marks writes replayed from a checkpoint).
        if (node.startsWith('__')) continue;
        done.add(node);
        if (node === 'weekly_planner') inReport = true;
        if (node === 'report') reportNote = (update as { reportNote?: string } | null)?.reportNote ?? null;
        // The row was updated with the step's checkpoint (progressAt); this tells the caller.
        const percentage = percentDone(done.size);
        options.onProgress?.({ analysisId, node, percentage });
      }
    }
    return interruptedWith;
  }

  async function answerOrPause(questions: AthleteQuestion[]): Promise<Record<string, string> | typeof PAUSE> {
    if (settings.interactive && options.askQuestions) {
      const answers = await options.askQuestions(questions);
      unanswered.push(...questions.filter((q) => !answers[q.id]));
      return answers;
    }
    // Nobody to ask now (cron, or a paused run resumed without a terminal): carry on without
    // answers; the questions stay in the report and in the outcome.
    if (!settings.interactive) {
      unanswered.push(...questions);
      return {};
    }
    return PAUSE;
  }

  async function paused(questions: AthleteQuestion[]): Promise<AnalysisOutcome> {
    await updateAnalysis(db, userId, analysisId, { status: 'pending', current_node: 'hitl' });
    return { analysisId, status: 'pending', provider: settings.provider, pendingQuestions: questions, reportNote: null };
  }
}

const PAUSE = Symbol('pause');

/** `--resume` takes a full id or the 8-character prefix `coach results list` shows. */
async function resolveResumeId(db: Kysely<Database>, userId: string, ref: string): Promise<string> {
  const text = ref.trim();
  if (isUuid(text)) return text;
  const ids = await findAnalysisIdsByPrefix(db, userId, text);
  if (ids.length > 1) throw new UserError(`analysis id prefix ${JSON.stringify(text.slice(0, 40))} is ambiguous: type more characters`);
  if (ids.length === 0) throw new UserError(`no analysis ${text.slice(0, 40)} for this user (see \`coach results list\`)`);
  return ids[0]!;
}

function settingsOf(
  config: { name: string; ai_mode: AiMode; hitl_enabled: boolean; skip_synthesis: boolean; enable_plotting: boolean; analysis_context: string | null; planning_context: string | null },
  options: RunAnalysisOptions,
): RunSettings {
  const hitlEnabled = config.hitl_enabled && options.hitl !== false;
  const provider = options.models !== undefined ? (options.models ? 'scripted' : 'offline') : resolveProvider(options.provider);
  return {
    configName: config.name,
    aiMode: options.mode ?? config.ai_mode,
    provider,
    hitlEnabled,
    interactive: options.interactive && hitlEnabled,
    skipSynthesis: options.skipSynthesis ?? config.skip_synthesis,
    enablePlotting: config.enable_plotting && options.plots !== false,
    athleteContext: null,
    analysisContext: config.analysis_context,
    planningContext: config.planning_context,
    ...(options.modelOverrides ? { modelOverrides: options.modelOverrides } : {}),
    ...(options.notes?.length ? { notes: options.notes } : {}),
    today: options.today ?? localToday(),
  };
}

/**
 * Marks the analysis failed. When the failure was a dropped database connection, the first
 * attempt can land on a pooled connection that is dead too; a few short retries reach a
 * fresh one, so the row does not stay `running` forever.
 */
async function recordFailure(db: Parameters<typeof updateAnalysis>[0], userId: string, analysisId: string, message: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await updateAnalysis(db, userId, analysisId, { status: 'failed', error_message: message });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
    }
  }
}
