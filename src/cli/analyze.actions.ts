import { constants } from 'node:os';
import { dirname } from 'node:path';
import { AI_MODES } from '../db/tables/training-config.table.js';
import { ExitCode, UserError } from '../errors.js';
import { planMarkdown } from '../plan/plan-text.js';
import { structuredPlanOrNull } from '../plan/stored-plan.js';
import { parseRequiredText, TEXT_LIMITS } from '../validation/index.js';
import type { AnalysisOutcome, ProgressEvent } from '../workflow/run-analysis.js';
import type { AthleteQuestion } from '../workflow/state.js';
import { withUser, type UserContext } from './context.js';
import { isInteractive, print, printJson, say } from './output.js';

export interface AnalyzeFlags {
  config?: string;
  mode?: string;
  hitl?: boolean;
  plots?: boolean;
  skipSynthesis?: boolean;
  provider?: string;
  /** --model values: `name` or `role=name` (models.ts parseModelOverrides). */
  model?: string[];
  resume?: string;
  json?: boolean;
  enqueue?: boolean;
  /** --note values: the athlete's words for the planners (constraints, like HITL answers). */
  note?: string[];
}

/** Progress on stderr: an ora spinner in a terminal, plain lines for cron logs. */
async function progressReporter(interactive: boolean) {
  // A pseudo-terminal without a window size (columns 0) makes ora's line clearing run away.
  if (!interactive || !process.stderr.columns) {
    return {
      update: (e: ProgressEvent) => say(`coach: ${e.node} done (${e.percentage}%)`),
      stop: () => {},
      pause: () => {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'loading data', stream: process.stderr }).start();
  return {
    update: (e: ProgressEvent) => {
      spinner.text = `${e.node} done (${e.percentage}%)`;
      if (!spinner.isSpinning) spinner.start();
    },
    stop: () => spinner.stop(),
    pause: () => spinner.stop(),
  };
}

async function askInTerminal(questions: AthleteQuestion[]): Promise<Record<string, string>> {
  const { input } = await import('@inquirer/prompts');
  say('The coach has a question before planning (press Enter to skip):');
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const answer = await input({ message: q.text });
    if (answer.trim()) answers[q.id] = answer.trim();
  }
  return answers;
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function analyzeAction(flags: AnalyzeFlags): Promise<void> {
  if (flags.enqueue) return (await import('./jobs.actions.js')).enqueueAnalysisAction(flags);
  checkFlags(flags);
  // One analysis at a time: on the embedded database a second `coach analyze` must refuse at
  // once (BusyError, exit 75) instead of queueing behind the first, so it does not wait for
  // the database lock (an explicit COACH_DB_LOCK_WAIT_MS still wins).
  process.env.COACH_DB_LOCK_WAIT_MS ??= '0';
  await withUser((ctx) => analyzeAs(ctx, flags), 'coach analyze');
}

function checkFlags(flags: AnalyzeFlags): void {
  if (flags.mode !== undefined && !(AI_MODES as readonly string[]).includes(flags.mode)) {
    throw new UserError(`--mode must be one of ${AI_MODES.join(', ')} (got "${flags.mode.slice(0, 40)}")`);
  }
}

/** Runs (or resumes) an analysis for the user of an open database and renders it (also used by `coach demo`). */
export async function analyzeAs({ handle, db, user }: UserContext, flags: AnalyzeFlags): Promise<void> {
  checkFlags(flags);
  const interactive = isInteractive();
  const controller = new AbortController();
  // Ctrl-C, `timeout`/systemd/container stops (SIGTERM) and a closed terminal (SIGHUP) all
  // stop the run the same way: status failed "interrupted", checkpoint kept, resumable. A
  // second signal of the same kind gets Node's default (immediate exit).
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  const progress = await progressReporter(interactive);
  try {
    const [{ runAnalysis }, { findAnalysis, listAnalysisResults }, { listFiles }] = await Promise.all([
      import('../workflow/run-analysis.js'),
      import('../db/analyses.repository.js'),
      import('../db/results.repository.js'),
    ]);
    const result = await runAnalysis({
      db,
      dialect: handle.dialect,
      userId: user.id,
      configName: flags.config,
      mode: flags.mode as never,
      hitl: flags.hitl,
      plots: flags.plots,
      skipSynthesis: flags.skipSynthesis,
      notes: flags.note?.length ? flags.note.map((n) => parseRequiredText(n, '--note', { max: TEXT_LIMITS.context })) : undefined,
      provider: flags.provider,
      modelOverrides: flags.model?.length ? (await import('../workflow/models.js')).parseModelOverrides(flags.model) : undefined,
      resumeId: flags.resume,
      interactive,
      askQuestions: async (questions) => {
        progress.pause();
        try {
          return await askInTerminal(questions);
        } catch (error) {
          if ((error as Error).name === 'ExitPromptError') {
            // Ctrl-C at a question is an interruption like SIGINT: exit 130, resumable.
            controller.abort();
            throw new UserError('questions not answered', ExitCode.interrupted);
          }
          throw error;
        }
      },
      onProgress: progress.update,
      signal: controller.signal,
    });
    const row = await findAnalysis(db, user.id, result.analysisId);
    const results = await listAnalysisResults(db, user.id, result.analysisId);
    const files = await listFiles(db, user.id, result.analysisId);
    progress.stop();
    render(result, row!, results, files, flags.json === true);
  } catch (error) {
    // Exit 128 + the signal's number, as shells report it (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
    if (received && error instanceof UserError && error.exitCode === ExitCode.interrupted) {
      throw new UserError(error.message.replace(/ interrupted;/, ` interrupted (${received});`), 128 + constants.signals[received]);
    }
    throw error;
  } finally {
    progress.stop();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

type Row = Awaited<ReturnType<typeof import('../db/analyses.repository.js').findAnalysis>> & object;
type ResultRow = Awaited<ReturnType<typeof import('../db/analyses.repository.js').listAnalysisResults>>[number];
type FileRow = Awaited<ReturnType<typeof import('../db/results.repository.js').listFiles>>[number];

/** The grounding check's flags, stored with the report result (src/workflow/nodes/report.ts). */
function groundingFlagsOf(results: ResultRow[]): { number: string; node: string; context: string }[] {
  const data = results.find((r) => r.node_name === 'report')?.data as { groundingFlags?: { number: string; node: string; context: string }[] } | null | undefined;
  return Array.isArray(data?.groundingFlags) ? data.groundingFlags : [];
}

function render(outcome: AnalysisOutcome, row: Row, results: ResultRow[], files: FileRow[], json: boolean): void {
  const flags = groundingFlagsOf(results);
  if (json) {
    printJson({
      analysis: {
        id: row.id,
        status: row.status,
        provider: outcome.provider,
        trainingConfigId: row.training_config_id,
        progressPercentage: row.progress_percentage,
        currentNode: row.current_node,
        startDate: row.start_date,
        endDate: row.end_date,
        totalTokens: row.total_tokens,
        estimatedCost: row.estimated_cost,
        retryCount: row.retry_count,
        summary: row.summary,
        recommendations: row.recommendations,
        weeklyPlan: row.weekly_plan,
        dataSummary: row.data_summary,
      },
      results: results.map((r) => ({
        nodeName: r.node_name,
        resultType: r.result_type,
        title: r.title,
        tokensUsed: r.tokens_used,
        processingTime: r.processing_time,
      })),
      pendingQuestions: outcome.pendingQuestions,
      groundingFlags: flags,
      reportNote: outcome.reportNote,
      files: files.map((f) => ({ filename: f.filename, fileType: f.fileType, mimeType: f.mimeType, fileSize: f.fileSize, filePath: f.filePath })),
    });
    sayWhereReportIs(files);
    return;
  }
  if (outcome.status === 'pending') {
    say(`analysis ${row.id} is paused with ${outcome.pendingQuestions.length} question(s) for you:`);
    for (const q of outcome.pendingQuestions) say(`  - ${q.text}`);
    say(`answer them in a terminal with: coach analyze --resume ${row.id}`);
    return;
  }
  print(row.recommendations ?? '');
  // The week itself, with its steps, right after the advice: what the athlete acts on. The
  // advice above already lists the rules that shaped it, so they are not printed twice.
  const plan = structuredPlanOrNull(row.weekly_plan);
  if (plan) print(`\n${planMarkdown(plan, { rules: false })}`);
  say(`analysis ${row.id} completed (${outcome.provider}${row.total_tokens ? `, ${row.total_tokens} tokens, ~$${row.estimated_cost}` : ''})`);
  if (outcome.reportNote) say(outcome.reportNote);
  sayWhereReportIs(files);
  const cuts = (results.find((r) => r.node_name === 'report')?.data as { contextCuts?: string[] } | null | undefined)?.contextCuts;
  for (const cut of Array.isArray(cuts) ? cuts : []) say(`note: ${cut}`);
  if (flags.length) {
    say(`check: ${flags.length} number(s) in the model's text were not found in your data:`);
    for (const f of flags) say(`  ${f.number} (${f.node}): "...${f.context}..."`);
  }
  say(`full report: coach results show ${row.id}`);
}

/** Where the report files are (stderr, also in --json mode): the HTML report and its folder. */
function sayWhereReportIs(files: FileRow[]): void {
  const html = files.find((f) => f.filename === 'report.html')?.filePath;
  if (html) say(`report: ${html}`);
  const folder = files[0]?.filePath ? dirname(files[0].filePath) : null;
  if (folder) say(`report files (${files.length}): ${folder}`);
}
