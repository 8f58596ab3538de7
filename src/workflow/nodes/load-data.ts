import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { updateAnalysis } from '../../db/analyses.repository.js';
import { factsFor } from '../facts-cache.js';
import { servicesOf } from '../services.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';

/** Reads the athlete's rows and computes the facts every later node works from. */
export async function loadDataNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  const started = performance.now();
  const services = servicesOf(config);
  services.factsCache = undefined;
  const facts = await factsFor(state, services);
  const dataSummary = {
    factsSchemaVersion: facts.schemaVersion,
    today: facts.today,
    range: facts.range,
    activities: facts.data.activities,
    metricsDays: facts.data.metricsDays,
    firstActivity: facts.data.firstActivity,
    lastActivity: facts.data.lastActivity,
    sports: facts.data.sports,
    races: facts.races.length,
    notes: facts.data.notes,
  };
  await updateAnalysis(services.db, services.userId, services.analysisId, {
    data_summary: dataSummary,
    start_date: facts.range.activitiesFrom,
    end_date: facts.range.to,
  });
  const sports = Object.entries(facts.data.sports).map(([sport, n]) => `${sport} ${n}`).join(', ') || 'none';
  const content = [
    `Activities from ${facts.range.activitiesFrom} to ${facts.range.to}: ${facts.data.activities} (${sports}).`,
    `Wellness days from ${facts.range.metricsFrom}: ${facts.data.metricsDays}.`,
    ...facts.data.notes.map((n) => `Note: ${n}.`),
  ].join('\n');
  return {
    dataSummary,
    results: [{
      nodeName: 'load_data', resultType: 'summary', title: 'Data used', content, data: dataSummary,
      model: 'none', inputTokens: 0, outputTokens: 0, processingTime: (performance.now() - started) / 1000,
    }],
  };
}
