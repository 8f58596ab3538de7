import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { sessionsSlice } from '../facts-slices.js';
import { offlineSessionsExpert } from '../offline-coach/experts.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { runExpert } from './run-expert.js';

/** Sessions and execution expert: recent sessions, key workouts, best efforts, data gaps. */
export function expertSessionsNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  return runExpert('expert_sessions', 'Sessions and execution', state, config, sessionsSlice, offlineSessionsExpert);
}
