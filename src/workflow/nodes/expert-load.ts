import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { loadSlice } from '../facts-slices.js';
import { offlineLoadExpert } from '../offline-coach/experts.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { runExpert } from './run-expert.js';

/** Load and fitness expert: PMC, ACWR, weekly pattern, intensity distribution. */
export function expertLoadNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  return runExpert('expert_load', 'Load and fitness', state, config, loadSlice, offlineLoadExpert);
}
