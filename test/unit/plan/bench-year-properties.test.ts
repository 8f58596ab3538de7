import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/analytics/calendar.js';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { buildPlanFromContext, STRENGTH_LEFT_OUT } from '../../../src/plan/build-plan.js';
import { planContext } from '../../../src/plan/plan-context.js';
import { HARD_IF, flatSteps } from '../../../src/plan/plan-math.js';
import { validatePlan } from '../../../src/plan/validate.js';
// @ts-expect-error: a plain .mjs module shared with the benchmark (no type declarations).
import { yearFactsInput } from '../../../bench/year-facts-input.mjs';

/** The plan properties over the bench year, as of every fourth week (base, build, peak, taper, race and after). */
describe('plan properties over the bench year', () => {
  const dates = Array.from({ length: 13 }, (_, i) => addDays('2025-03-02', 28 * i)).concat(['2026-03-29', '2026-04-08', '2026-04-14']);
  for (const today of dates) {
    it(`as of ${today}`, () => {
      const facts = buildFacts(yearFactsInput(today));
      const ctx = planContext(facts);
      const plan = buildPlanFromContext(ctx);
      expect(validatePlan(plan, ctx)).toEqual([]);
      const sessions = plan.days.flatMap((d) => d.sessions).filter((s) => s.type !== 'race');
      for (const h of ctx.history.sports) {
        const mine = sessions.filter((s) => s.sport === h.sport);
        expect(mine.reduce((m, s) => m + s.duration_min, 0), h.sport).toBeLessThanOrEqual(h.weeklyMin * 1.2 + 1);
        for (const s of mine) expect(s.duration_min, `${h.sport} ${s.title}`).toBeLessThanOrEqual(Math.max(h.longestMin * 1.15, h.longestMin + 15) + 1);
        if (mine.length === 0) expect(h.weeklyMin, `${h.sport} kept`).toBeLessThan(20);
      }
      const hardDays = plan.days.map((d, i) => (d.sessions.some((s) => s.intensity === 'hard') ? i : -1)).filter((i) => i >= 0);
      expect(hardDays.length).toBeLessThanOrEqual(2);
      for (let i = 1; i < hardDays.length; i++) expect(hardDays[i]! - hardDays[i - 1]!).toBeGreaterThan(1);
      const total = sessions.reduce((m, s) => m + s.duration_min, 0);
      const hard = sessions.reduce((m, s) => m + flatSteps(s.steps).filter((st) => st.intensityFactor >= HARD_IF).reduce((a, st) => a + (st.duration_s ?? 0) / 60, 0), 0);
      expect(hard / total).toBeLessThanOrEqual(0.2 + 1e-9);
      // No two long sessions on consecutive days, over the 28 days (week 1 and the outline weeks).
      const longDates = [...plan.days.flatMap((d) => d.sessions), ...plan.weeks.flatMap((w) => w.sessions)].filter((s) => s.type === 'long').map((s) => s.date).sort();
      for (let i = 1; i < longDates.length; i++) expect(daysBetween(longDates[i - 1]!, longDates[i]!), `long on ${longDates[i - 1]} and ${longDates[i]}`).toBeGreaterThan(1);
      // Strength once a week from week 1 in base and build, unless no day has room and the plan says so.
      if (['base', 'build'].includes(plan.phase) && !ctx.starter && !plan.rules.includes(STRENGTH_LEFT_OUT)) expect(plan.days.some((d) => d.sessions.some((s) => s.sport === 'strength')), 'strength in week 1').toBe(true);
      // The marathon: on its date when inside the week, nothing hard in the 2 days before.
      const raceDay = plan.days.findIndex((d) => d.date === '2026-04-12');
      if (raceDay >= 0) {
        expect(plan.days[raceDay]!.sessions.map((s) => s.type)).toEqual(['race']);
        for (const d of plan.days.slice(Math.max(0, raceDay - 2), raceDay)) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
      }
    });
  }
});
