import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import { buildPlanFromContext } from '../../../src/plan/build-plan.js';
import { planChanges } from '../../../src/plan/plan-changes.js';
import { planContext } from '../../../src/plan/plan-context.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { historyFacts, RUNNER, TODAY, TRIATHLETE } from '../../support/plan-histories.js';

const hardDates = (plan: TrainingPlan) => plan.days.filter((d) => d.sessions.some((s) => s.intensity === 'hard')).map((d) => d.date);

describe('the next plan revises the previous one', () => {
  it('keeps the previous plan\'s hard day where the rules allow it, instead of its own default', () => {
    const facts = historyFacts({ today: TODAY, template: RUNNER });
    const ctx = planContext(facts);
    const first = buildPlanFromContext(ctx);
    // The athlete's previous plan had the threshold run on another day that the rules allow.
    const from = first.days.findIndex((d) => d.sessions.some((s) => s.intensity === 'hard'));
    let moved: TrainingPlan | null = null;
    // Day 0 is out: the athlete already trained today, so the new plan leaves it alone.
    for (let to = 1; to < 7 && !moved; to++) {
      if (to === from || first.days[to]!.sessions.length) continue;
      const candidate = structuredClone(first);
      const session = candidate.days[from]!.sessions.shift()!;
      candidate.days[to]!.sessions.push({ ...session, date: candidate.days[to]!.date, id: `${candidate.days[to]!.date}-0` });
      if (validatePlan(candidate, ctx).length === 0) moved = candidate;
    }
    expect(moved).not.toBeNull();
    const revisedCtx = planContext(facts, { previous: moved });
    const revised = buildPlanFromContext(revisedCtx);
    expect(validatePlan(revised, revisedCtx)).toEqual([]);
    expect(hardDates(revised)).toEqual(hardDates(moved!));
    expect(planChanges(moved, revised).some((c) => c.includes('Thr'))).toBe(false);
  });

  it('two days later: what changed on the days both plans cover is listed', () => {
    const first = buildPlanFromContext(planContext(historyFacts({ today: TODAY, template: TRIATHLETE })));
    const facts = historyFacts({ today: addDays(TODAY, 2), template: TRIATHLETE });
    const ctx = planContext(facts, { previous: first });
    const revised = buildPlanFromContext(ctx);
    expect(validatePlan(revised, ctx)).toEqual([]);
    expect(planChanges(first, revised).length).toBeGreaterThan(0);
    expect(planChanges(first, first)).toEqual([expect.stringMatching(/^no change to the days both plans cover \(2026-12-01 to 2026-12-2\d\)$/)]);
    expect(planChanges({ days: [{ date: TODAY, sport: 'running' }] }, revised)).toEqual([]);
  });
});
