import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import { constraintsFromText } from '../../../src/plan/athlete-constraints.js';
import type { Availability } from '../../../src/plan/availability.js';
import { buildPlanFromContext } from '../../../src/plan/build-plan.js';
import { planChanges } from '../../../src/plan/plan-changes.js';
import { planContext } from '../../../src/plan/plan-context.js';
import { outlineLabel } from '../../../src/plan/plan-text.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { historyFacts, type HistorySpec, RUNNER, TODAY, TRIATHLETE } from '../../support/plan-histories.js';

const hardDates = (plan: TrainingPlan) => plan.days.filter((d) => d.sessions.some((s) => s.intensity === 'hard')).map((d) => d.date);

/** Each date of the 28 days with its sessions in short words ("Thr run 53'"), 'rest' for none. */
function labels(plan: TrainingPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of plan.days) out.set(d.date, 'rest');
  for (const w of plan.weeks) for (let i = 0; i < 7; i++) out.set(addDays(w.weekStart, i), 'rest');
  for (const s of [...plan.days.flatMap((d) => d.sessions), ...plan.weeks.flatMap((w) => w.sessions)]) {
    const label = outlineLabel(s).slice(6);
    out.set(s.date, out.get(s.date) === 'rest' ? label : `${out.get(s.date)} + ${label}`);
  }
  return out;
}

/** The dates both plans cover whose sessions differ. */
function changedDates(before: TrainingPlan, after: TrainingPlan): string[] {
  const a = labels(before);
  const b = labels(after);
  return [...b.keys()].filter((d) => a.has(d) && a.get(d) !== b.get(d)).sort();
}

/** A first plan, then the next one from `next` (a later date, new wellness, a race...) revising it. */
function revise(first: HistorySpec, next: HistorySpec, options: { availability?: Availability; words?: string[] } = {}) {
  const previous = buildPlanFromContext(planContext(historyFacts(first)));
  const ctx = planContext(historyFacts(next), { previous, availability: options.availability ?? null, constraints: constraintsFromText(options.words ?? []) });
  const plan = buildPlanFromContext(ctx);
  expect(validatePlan(plan, ctx)).toEqual([]);
  const changed = changedDates(previous, plan);
  // `changes` lists exactly the changed days, each with the rule that changed it.
  expect(plan.changes?.map((c) => c.slice(0, 10))).toEqual(changed.length ? changed : [expect.stringMatching(/^no change/)]);
  for (const line of plan.changes ?? []) if (!line.startsWith('no change')) expect(line).toMatch(/^\d{4}-\d\d-\d\d: .+ -> .+ \(.+\)$/);
  expect(plan.changes?.some((c) => c.includes("the model's revision"))).toBe(false);
  return { previous, plan, ctx, changed };
}

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

  it('the same facts again: nothing changes, and the plan says so', () => {
    const { changed, plan } = revise({ today: TODAY, template: TRIATHLETE }, { today: TODAY, template: TRIATHLETE });
    expect(changed).toEqual([]);
    expect(plan.changes).toEqual([expect.stringMatching(/^no change to the days both plans cover \(2026-12-01 to 2026-12-2\d\)$/)]);
    expect(plan.rules).toContain('revision of the previous plan: its days are kept where the rules allow; each change names the rule that forced it');
  });

  it('low HRV the next day: only the gated days and the day the hard run moved to change; the other days keep date, sport, type and duration', () => {
    const { previous, plan, ctx, changed } = revise({ today: TODAY, template: RUNNER }, { today: addDays(TODAY, 1), template: RUNNER, wellness: 'low_hrv' });
    expect(ctx.gate.gated).toBe(true);
    const gateDays = Array.from({ length: ctx.gate.days }, (_, i) => addDays(ctx.start, i));
    // The previous plan's hard run inside the gate moved out of it, to one day.
    const hardInGate = previous.days.filter((d) => gateDays.includes(d.date) && d.sessions.some((s) => s.intensity === 'hard'));
    expect(hardInGate).toHaveLength(1);
    const movedTo = changed.filter((d) => !gateDays.includes(d));
    expect(movedTo).toHaveLength(1);
    expect(plan.days.find((d) => d.date === movedTo[0])!.sessions.map((s) => s.type)).toEqual(['threshold']);
    expect(changed.length).toBeLessThanOrEqual(ctx.gate.days + 1);
    for (const line of plan.changes!) expect(line).toContain('recovery gate (HRV below your normal band');
    expect(plan.changes!.find((c) => c.startsWith(movedTo[0]!))).toContain(`the hard run moved here from`);
    expect(plan.changes!.find((c) => c.startsWith(hardInGate[0]!.date))).toContain(`the hard run moved to`);
    // Nothing hard or long inside the gate.
    for (const d of plan.days.filter((x) => gateDays.includes(x.date))) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
  });

  it('a race added between the two runs: the changes are the race, its opener and the easy days around it, each naming the race', () => {
    const race = { id: 'c10', name: 'Club 10K', date: addDays(TODAY, 12), race_type: '10K', priority: 'B' as const, target_time: '00:45:00' };
    const { plan, changed } = revise({ today: TODAY, template: RUNNER }, { today: TODAY, template: RUNNER, races: [race] });
    expect(changed).toContain(race.date);
    // The race's own days (2 before, 1 after) plus at most one day a displaced session moved to.
    const around = [-2, -1, 0, 1].map((d) => addDays(race.date, d));
    expect(changed.filter((d) => !around.includes(d)).length).toBeLessThanOrEqual(1);
    for (const line of plan.changes!) expect(line).toMatch(/Club 10K|race|opener/);
    expect(plan.weeks.flatMap((w) => w.sessions).find((s) => s.date === race.date)!.type).toBe('race');
  });

  it('a new fixed rest day: only the sessions on that weekday move (or go), each change naming the rest day', () => {
    const first = buildPlanFromContext(planContext(historyFacts({ today: TODAY, template: RUNNER })));
    // Make the weekday of the first plan's long run a fixed rest day.
    const longDate = first.days.find((d) => d.sessions.some((s) => s.type === 'long'))!.date;
    const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(`${longDate}T00:00:00Z`).getUTCDay()]!;
    const availability: Availability = { minutes: { mon: 120, tue: 120, wed: 120, thu: 120, fri: 120, sat: 120, sun: 120, [weekday]: 0 }, restDays: [weekday], twoADay: false, longDay: null };
    const { plan, changed } = revise({ today: TODAY, template: RUNNER }, { today: TODAY, template: RUNNER }, { availability });
    const onRestDay = changed.filter((d) => d === longDate || [7, 14, 21].some((n) => d === addDays(longDate, n)));
    expect(onRestDay.length).toBeGreaterThan(0);
    // Each week: the rest day itself and at most one day its long run moved to.
    expect(changed.length).toBeLessThanOrEqual(onRestDay.length * 2);
    for (const line of plan.changes!) expect(line).toMatch(/fixed rest day|moved here from/);
    for (const d of plan.days) if (d.date === longDate) expect(d.sessions).toEqual([]);
  });

  it('"left knee sore": the runs become easy rides on their own days, each change quoting the athlete', () => {
    const { plan, changed } = revise({ today: TODAY, template: RUNNER }, { today: TODAY, template: RUNNER }, { words: ['left knee sore'] });
    expect(changed.length).toBeGreaterThan(0);
    for (const line of plan.changes!) expect(line).toContain('you said "left knee sore"');
    expect(plan.days.flatMap((d) => d.sessions).some((s) => s.sport === 'running')).toBe(false);
  });

  it('two days later: the days both plans cover change only where a rule says so', () => {
    const { plan } = revise({ today: TODAY, template: TRIATHLETE }, { today: addDays(TODAY, 2), template: TRIATHLETE });
    expect(plan.changes!.length).toBeGreaterThan(0);
    expect(planChanges({ days: [{ date: TODAY, sport: 'running' }] }, plan)).toEqual([]);
  });
});
