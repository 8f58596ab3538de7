import { type BaseCheckpointSaver, END, START, StateGraph } from '@langchain/langgraph';
import { expertLoadNode } from './nodes/expert-load.js';
import { expertRecoveryNode } from './nodes/expert-recovery.js';
import { expertSessionsNode } from './nodes/expert-sessions.js';
import { hitlNode } from './nodes/hitl.js';
import { loadDataNode } from './nodes/load-data.js';
import { reportNode } from './nodes/report.js';
import { seasonPlannerNode } from './nodes/season-planner.js';
import { synthesisNode } from './nodes/synthesis.js';
import { weeklyPlannerNode } from './nodes/weekly-planner.js';
import { AnalysisState, type AnalysisStateType } from './state.js';

/** Every node, in the order a full run finishes them (the experts share one step). */
export const NODE_ORDER = [
  'load_data', 'expert_load', 'expert_sessions', 'expert_recovery', 'hitl', 'synthesis', 'season_planner', 'weekly_planner', 'report',
] as const;
export type NodeName = (typeof NODE_ORDER)[number];

const EXPERTS = ['expert_load', 'expert_sessions', 'expert_recovery'] as const;

/** After the questions: synthesis, unless the config skips it. */
function afterHitl(state: AnalysisStateType): 'synthesis' | 'season_planner' {
  return state.settings?.skipSynthesis ? 'season_planner' : 'synthesis';
}

/**
 * load_data -> three experts in parallel -> hitl -> synthesis? -> season_planner -> weekly_planner -> report.
 * The join edge from all three experts makes hitl wait for the slowest.
 */
export function buildAnalysisGraph(checkpointer?: BaseCheckpointSaver) {
  return new StateGraph(AnalysisState)
    .addNode('load_data', loadDataNode)
    .addNode('expert_load', expertLoadNode)
    .addNode('expert_sessions', expertSessionsNode)
    .addNode('expert_recovery', expertRecoveryNode)
    .addNode('hitl', hitlNode)
    .addNode('synthesis', synthesisNode)
    .addNode('season_planner', seasonPlannerNode)
    .addNode('weekly_planner', weeklyPlannerNode)
    .addNode('report', reportNode)
    .addEdge(START, 'load_data')
    .addEdge('load_data', 'expert_load')
    .addEdge('load_data', 'expert_sessions')
    .addEdge('load_data', 'expert_recovery')
    .addEdge([...EXPERTS], 'hitl')
    .addConditionalEdges('hitl', afterHitl, ['synthesis', 'season_planner'])
    .addEdge('synthesis', 'season_planner')
    .addEdge('season_planner', 'weekly_planner')
    .addEdge('weekly_planner', 'report')
    .addEdge('report', END)
    .compile({ checkpointer });
}

export type AnalysisGraph = ReturnType<typeof buildAnalysisGraph>;
