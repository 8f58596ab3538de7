import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { hasPython, runCoachInTerminal } from '../support/pty.js';

/**
 * Human in the loop on the built binary: `coach analyze` in a real pseudo-terminal, the
 * question asked with @inquirer/prompts, the answer typed at the keyboard and carried through
 * the LangGraph interrupt into the stored results. The offline coach asks it from facts: the
 * fixture's activities (2026-03-02 to 2026-03-04) are inside the default 21-day window on
 * 2026-03-22 but none falls in the last 14 days, so the sessions expert asks about the gap.
 */
const EXPORT_FIXTURE = join(import.meta.dirname, '../fixtures/garmin-export');
const TODAY = '2026-03-22';
const QUESTION = 'No sessions were recorded in the last 14 days. Were you ill, injured or training without a watch?';
const NO_PROVIDERS = { ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined, GOOGLE_API_KEY: undefined, OLLAMA_BASE_URL: undefined };

interface StoredResult {
  nodeName: string;
  content: string;
  data: { questions?: { id: string; text: string }[]; answers?: Record<string, string>; asked?: boolean } | null;
}

let env: Record<string, string | undefined>;

/** The stored export document of one analysis, as a user would read it. */
async function showAnalysis(id: string) {
  const shown = await runCoach(['results', 'show', id, '--json'], { env });
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout) as { analysis: { id: string; status: string; progressPercentage: number; summary: string }; results: StoredResult[] };
}

const completedId = (text: string) => /analysis ([0-9a-f-]{36}) completed/.exec(text)?.[1];

describe('coach analyze asks the athlete (built binary, pseudo-terminal)', () => {
  beforeAll(async () => {
    env = { COACH_HOME: tempCoachHome(), COACH_TODAY: TODAY, ...NO_PROVIDERS };
    const init = await runCoach(['init', '--email', 'hana@example.org', '--name', 'Hana', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
    const imported = await runCoach(['garmin', 'import', EXPORT_FIXTURE], { env });
    expect(imported.code, imported.stderr).toBe(0);
    // The precondition of the question: the default config has questions on.
    const config = await runCoach(['config', 'show', '--json'], { env });
    expect(config.code, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout).config).toMatchObject({ name: 'main', hitlEnabled: true, activitiesDays: 21 });
  }, 300_000);

  it.skipIf(!hasPython)('shows the question, takes the typed answer, completes, and stores the answer in the results and report', async () => {
    const answer = 'A knee niggle: two weeks off running, cycling easy without the watch';
    const run = await runCoachInTerminal(['analyze', '--provider', 'offline'], [
      { waitFor: QUESTION, type: `${answer}\r` },
    ], { env });
    expect(run.failedStep, run.transcript).toBeNull();
    expect(run.code, run.transcript).toBe(0);
    expect(run.transcript).toContain('The coach has a question before planning');
    const id = completedId(run.transcript);
    expect(id, run.transcript).toBeDefined();

    const doc = await showAnalysis(id!);
    expect(doc.analysis).toMatchObject({ id, status: 'completed', progressPercentage: 100 });
    const hitl = doc.results.find((r) => r.nodeName === 'hitl');
    expect(hitl?.data).toEqual({
      asked: true,
      questions: [{ id: 'sessions-gap', expert: 'expert_sessions', text: QUESTION }],
      answers: { 'sessions-gap': answer },
      // The step's time in milliseconds (the seed's processing_time is whole seconds).
      processingMs: expect.any(Number),
    });
    expect(hitl?.content).toContain(`Answer: ${answer}`);
    // The answer reached the state the later nodes read: the synthesis quotes it, and so does the report.
    const synthesis = doc.results.find((r) => r.nodeName === 'synthesis');
    expect(synthesis?.content).toContain(`You said: "${answer}"`);
    expect(doc.analysis.summary).toContain(`You said: "${answer}"`);
  }, 600_000);

  it.skipIf(!hasPython)('Ctrl-C at the question stops the run resumably (exit 130); --resume asks again and completes with the answer', async () => {
    const stopped = await runCoachInTerminal(['analyze', '--provider', 'offline'], [{ waitFor: QUESTION, type: '\x03' }], { env });
    expect(stopped.failedStep, stopped.transcript).toBeNull();
    expect(stopped.code, stopped.transcript).toBe(130);
    expect(stopped.transcript).toMatch(/coach: analysis [0-9a-f-]{36} interrupted; resume with/);
    const id = /coach analyze --resume ([0-9a-f-]{36})/.exec(stopped.transcript)?.[1];
    expect(id, stopped.transcript).toBeDefined();
    expect((await showAnalysis(id!)).analysis.status).not.toBe('completed');

    // A new process picks the paused graph up from its checkpoint and asks the same question.
    const answer = 'Flu, fully recovered now';
    const resumed = await runCoachInTerminal(['analyze', '--resume', id!], [{ waitFor: QUESTION, type: `${answer}\r` }], { env });
    expect(resumed.failedStep, resumed.transcript).toBeNull();
    expect(resumed.code, resumed.transcript).toBe(0);
    expect(completedId(resumed.transcript)).toBe(id);
    const doc = await showAnalysis(id!);
    expect(doc.analysis.status).toBe('completed');
    expect(doc.results.find((r) => r.nodeName === 'hitl')?.data?.answers).toEqual({ 'sessions-gap': answer });
    expect(doc.results.find((r) => r.nodeName === 'synthesis')?.content).toContain(`You said: "${answer}"`);
  }, 600_000);

  it.skipIf(!hasPython)('with --no-hitl a terminal gets no question; the question is recorded as off', async () => {
    const run = await runCoachInTerminal(['analyze', '--provider', 'offline', '--no-hitl'], [], { env });
    expect(run.timedOut, run.transcript).toBe(false);
    expect(run.code, run.transcript).toBe(0);
    expect(run.transcript).not.toContain(QUESTION);
    const doc = await showAnalysis(completedId(run.transcript)!);
    expect(doc.results.find((r) => r.nodeName === 'hitl')?.content).toContain('(not answered: questions are off for this config)');
  }, 600_000);

  it('without a terminal (cron) the question is recorded, not asked, and the run completes without waiting', async () => {
    // stdin and stderr are pipes, as under cron: coach must not try to prompt.
    const run = await runCoach(['analyze', '--provider', 'offline', '--json'], { env, timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.analysis.status).toBe('completed');
    // Recorded, not asked: the question is still waiting for an answer.
    expect(body.pendingQuestions).toMatchObject([{ id: 'sessions-gap', text: QUESTION }]);
    const doc = await showAnalysis(body.analysis.id);
    const hitl = doc.results.find((r) => r.nodeName === 'hitl');
    expect(hitl?.data).toMatchObject({ asked: false, answers: {}, questions: [{ id: 'sessions-gap', text: QUESTION }] });
    expect(hitl?.content).toContain('(not answered: no terminal to ask on)');
  }, 300_000);
});
