import type { Facts } from '../analytics/facts.types.js';
import { buildFacts } from '../analytics/build-facts.js';
import type { Db } from '../db/in-transaction.js';
import { type AnalysisDetail, findAnalysisDetail, listFiles, listResults, type ResultItem } from '../db/results.repository.js';
import { loadFactsInput } from '../db/training-data.repository.js';
import { UserError } from '../errors.js';
import { projectionOfStored } from '../plan/projection.js';
import { dayOf, isFacts, planViewOf, type ReportInput } from './report-input.js';

/**
 * Reads everything a report shows for the user's analysis. Not found (including another
 * user's id) is a UserError. `knownFacts`: the analysis's facts when the caller already holds
 * them (the workflow's report step), so they are not rebuilt from the rows a second time.
 */
export async function loadReportInput(db: Db, userId: string, analysisId: string, now: Date = new Date(), knownFacts?: Facts): Promise<ReportInput> {
  const analysis = await findAnalysisDetail(db, userId, analysisId);
  if (!analysis) throw new UserError(`analysis ${analysisId.slice(0, 40)} not found (see \`coach results list\`)`);
  return loadReportInputFor(db, userId, analysis, now, knownFacts);
}

export async function loadReportInputFor(db: Db, userId: string, analysis: AnalysisDetail, now: Date = new Date(), knownFacts?: Facts): Promise<ReportInput> {
  const [results, files] = await Promise.all([listResults(db, userId, analysis.id), listFiles(db, userId, analysis.id)]);
  const facts = knownFacts ?? (await factsFor(db, userId, analysis, results));
  return { analysis, results, files, facts, weeklyPlan: planViewOf(analysis.weeklyPlan), projection: projectionOfStored(facts, analysis.weeklyPlan), generatedAt: now.toISOString() };
}

/**
 * The facts of an analysis. The workflow stores a short data summary (with the as-of date)
 * in `analysis.data_summary` and the `load_data` result; when a whole Facts object is
 * stored there it is used as is, otherwise the facts are rebuilt from the athlete's rows
 * with the same as-of date and config (buildFacts is pure, so the numbers are the same
 * as long as the data has not changed since).
 */
async function factsFor(db: Db, userId: string, analysis: AnalysisDetail, results: ResultItem[]): Promise<Facts | null> {
  const summary = analysis.dataSummary as Record<string, unknown> | null;
  const loadData = results.find((r) => r.nodeName === 'load_data')?.data as Record<string, unknown> | null | undefined;
  for (const candidate of [summary, summary?.facts, loadData, loadData?.facts]) {
    if (isFacts(candidate)) return candidate;
  }
  const today = [summary?.today, loadData?.today].find((t): t is string => typeof t === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(t));
  if (!today && analysis.status !== 'completed') return null;
  const asOf = today ?? dayOf(analysis.endDate) ?? dayOf(analysis.createdAt)!;
  try {
    return buildFacts(await loadFactsInput(db, { userId, configId: analysis.trainingConfigId, today: asOf }));
  } catch (error) {
    if (error instanceof UserError) return null;
    throw error;
  }
}
