import { buildFacts } from '../analytics/build-facts.js';
import { selectConfig } from '../config/select-config.js';
import { findLatestPlan } from '../db/plans.repository.js';
import { loadFactsInput } from '../db/training-data.repository.js';
import { ExitCode, ExitStatus, UserError } from '../errors.js';
import { stepsText } from '../plan/export/step-text.js';
import type { PlannedSession } from '../plan/plan.types.js';
import type { ReadinessLevel } from '../plan/readiness.js';
import { NO_STRUCTURED_PLAN, structuredPlanOf } from '../plan/stored-plan.js';
import { todayAnswer } from '../plan/today.js';
import { localToday } from '../validation/calendar-date.js';
import { withUser } from './context.js';
import { colour, print, printJson } from './output.js';

const EXIT_OF: Record<ReadinessLevel, number> = { green: ExitCode.ok, amber: ExitCode.readinessAmber, red: ExitCode.readinessRed };

/** The as-of date: COACH_TODAY (tests, and scripts that ask about another day), else local today. */
function asOfDate(env: NodeJS.ProcessEnv = process.env): string {
  return env.COACH_TODAY && /^\d{4}-\d{2}-\d{2}$/.test(env.COACH_TODAY) ? env.COACH_TODAY : localToday();
}

function sessionLines(session: PlannedSession): string[] {
  const head = `${session.title} (${session.sport}, ${session.duration_min} min, load ${session.plannedLoad}${session.key ? ', key session' : ''})`;
  return [head, ...(session.purpose ? [`  ${session.purpose}`] : []), ...stepsText(session.steps ?? [], session.sport).map((line) => `  - ${line}`)];
}

export async function todayAction(flags: { config?: string; json?: boolean }): Promise<void> {
  const date = asOfDate();
  const answer = await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, flags.config);
    const stored = await findLatestPlan(db, user.id, config.id);
    if (!stored) throw new UserError(NO_STRUCTURED_PLAN);
    const plan = structuredPlanOf(stored.plan);
    const facts = buildFacts(await loadFactsInput(db, { userId: user.id, configId: config.id, today: date }));
    return { ...todayAnswer(plan, facts, date), analysisId: stored.analysisId };
  });

  if (flags.json) {
    printJson(answer as unknown as Record<string, unknown>);
  } else {
    const paint = { green: colour.green, amber: colour.yellow, red: colour.red }[answer.readiness.verdict];
    print(`Today ${answer.date}`);
    if (!answer.covered) print(`  the plan (week from ${answer.planWeekStart}) does not cover today: run coach analyze`);
    else if (answer.sessions.length === 0 && answer.outline.length === 0) print(`  rest${answer.note ? `: ${answer.note}` : ''}`);
    for (const session of answer.sessions) print(sessionLines(session).map((l) => `  ${l}`).join('\n'));
    for (const s of answer.outline) print(`  ${s.type} ${s.sport}, ${s.duration_min} min (outline: details come with next week's plan)`);
    print(`Readiness: ${paint(answer.readiness.verdict.toUpperCase())}`);
    for (const reason of answer.readiness.reasons) print(`  - ${reason}`);
    if (answer.readiness.missing.length) print(`  (${answer.readiness.missing.join('; ')})`);
    if (answer.replacements.length) {
      print('Instead:');
      for (const session of answer.replacements) print(sessionLines(session).map((l) => `  ${l}`).join('\n'));
    }
  }
  const code = EXIT_OF[answer.readiness.verdict];
  if (code !== ExitCode.ok) throw new ExitStatus(code);
}
