import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { recoverySlice } from '../facts-slices.js';
import { offlineRecoveryExpert } from '../offline-coach/experts.js';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';
import { runExpert } from './run-expert.js';

/** Recovery and physiology expert: HRV, resting heart rate, sleep, wellness flags. */
export function expertRecoveryNode(state: AnalysisStateType, config: LangGraphRunnableConfig): Promise<AnalysisUpdate> {
  return runExpert('expert_recovery', 'Recovery and physiology', state, config, recoverySlice, offlineRecoveryExpert);
}
