import { interrupt } from '@langchain/langgraph';
import type { AnalysisStateType, AnalysisUpdate } from '../state.js';

/** What the graph pauses with; the CLI asks these and resumes with `Command({ resume: answers })`. */
export interface HitlRequest {
  questions: AnalysisStateType['questions'];
}

/**
 * Human in the loop. With hitl_enabled and a person at the keyboard, the run pauses
 * (LangGraph `interrupt()`; the checkpoint holds the state, status becomes `pending`) until the
 * answers come back. Without a terminal (cron), the questions are recorded in the report
 * and the run completes with what it has: a scheduled job must never hang waiting for input.
 */
export function hitlNode(state: AnalysisStateType): AnalysisUpdate {
  const started = performance.now();
  const settings = state.settings!;
  const questions = state.questions;
  if (questions.length === 0) return {};
  let answers: Record<string, string> = {};
  let asked = false;
  if (settings.hitlEnabled && settings.interactive) {
    answers = sanitiseAnswers(interrupt<HitlRequest, Record<string, string>>({ questions }), questions);
    asked = true;
  }
  const lines = questions.map((q) => {
    const answer = answers[q.id];
    return answer ? `- ${q.text}\n  Answer: ${answer}` : `- ${q.text}\n  (not answered${asked ? '' : settings.hitlEnabled ? ': no terminal to ask on' : ': questions are off for this config'})`;
  });
  return {
    answers,
    results: [{
      nodeName: 'hitl', resultType: 'summary', title: 'Questions for the athlete', content: lines.join('\n'),
      data: { questions, answers, asked }, model: 'none', inputTokens: 0, outputTokens: 0,
      processingTime: (performance.now() - started) / 1000,
    }],
  };
}

function sanitiseAnswers(raw: unknown, questions: AnalysisStateType['questions']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const q of questions) {
    const value = (raw as Record<string, unknown>)[q.id];
    if (typeof value === 'string' && value.trim()) out[q.id] = value.trim().slice(0, 2000);
  }
  return out;
}
