import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/analytics/calendar.js';
import { constraintsFromText } from '../../../src/plan/athlete-constraints.js';
import type { Availability } from '../../../src/plan/availability.js';
import { buildPlanFromContext, STRENGTH_LEFT_OUT } from '../../../src/plan/build-plan.js';
import { planContext, type PlanContext } from '../../../src/plan/plan-context.js';
import { HARD_IF, flatSteps, workoutTotals } from '../../../src/plan/plan-math.js';
import type { PlannedSession, TrainingPlan } from '../../../src/plan/plan.types.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { CYCLIST, historyFacts, type HistorySpec, RUNNER, TODAY, TRIATHLETE } from '../../support/plan-histories.js';

/** Builds the offline plan of a generated history and checks the properties every plan has. */
function planFor(spec: Partial<HistorySpec> & Pick<HistorySpec, 'template'>, options: { availability?: Availability; words?: string[] } = {}): { plan: TrainingPlan; ctx: PlanContext; sessions: PlannedSession[] } {
  const facts = historyFacts({ today: TODAY, ...spec });
  const ctx = planContext(facts, { availability: options.availability ?? null, constraints: constraintsFromText(options.words ?? []) });
  const plan = buildPlanFromContext(ctx);
  expect(validatePlan(plan, ctx)).toEqual([]);
  const sessions = plan.days.flatMap((d) => d.sessions);
  // 7 consecutive days from the analysis date, 3 outline weeks after.
  expect(plan.days.map((d) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(TODAY, i)));
  expect(plan.weeks.map((w) => w.weekStart)).toEqual([7, 14, 21].map((n) => addDays(TODAY, n)));
  for (const s of sessions) {
    const totals = workoutTotals(s.steps, s.sport);
    expect(Math.abs(totals.seconds / 60 - s.duration_min)).toBeLessThanOrEqual(1);
    expect(Math.abs(totals.load - s.plannedLoad)).toBeLessThanOrEqual(0.1);
    expect(s.steps.length).toBeGreaterThan(0);
  }
  // Hard days never consecutive, at most 2 (3 stated for high volume), ~80% easy.
  const hardDays = plan.days.map((d, i) => (d.sessions.some((s) => s.intensity === 'hard') ? i : -1)).filter((i) => i >= 0);
  expect(hardDays.length).toBeLessThanOrEqual(ctx.maxHard);
  for (let i = 1; i < hardDays.length; i++) expect(hardDays[i]! - hardDays[i - 1]!).toBeGreaterThan(1);
  const training = sessions.filter((s) => s.type !== 'race');
  const total = training.reduce((m, s) => m + s.duration_min, 0);
  const hard = training.reduce((m, s) => m + flatSteps(s.steps).filter((st) => st.intensityFactor >= HARD_IF).reduce((a, st) => a + (st.duration_s ?? 0) / 60, 0), 0);
  if (total > 0) expect(hard / total).toBeLessThanOrEqual(0.2 + 1e-9);
  // No two long sessions on consecutive days, over the 28 days (week 1 and the outline weeks).
  const longDates = [...plan.days.flatMap((d) => d.sessions), ...plan.weeks.flatMap((w) => w.sessions)].filter((s) => s.type === 'long').map((s) => s.date).sort();
  for (let i = 1; i < longDates.length; i++) expect(daysBetween(longDates[i - 1]!, longDates[i]!), `long on ${longDates[i - 1]} and ${longDates[i]}`).toBeGreaterThan(1);
  // Strength once a week from week 1 in base and build, unless no day has room and the plan says so.
  if (['base', 'build'].includes(plan.phase) && !ctx.starter && !plan.rules.includes(STRENGTH_LEFT_OUT)) expect(plan.days.some((d) => d.sessions.some((s) => s.sport === 'strength')), 'strength in week 1').toBe(true);
  return { plan, ctx, sessions };
}

const minutesOf = (sessions: PlannedSession[], sport: string) => sessions.filter((s) => s.sport === sport && s.type !== 'race').reduce((m, s) => m + s.duration_min, 0);
const longestOf = (sessions: PlannedSession[], sport: string) => Math.max(0, ...sessions.filter((s) => s.sport === sport && s.type !== 'race').map((s) => s.duration_min));

describe('plan scenarios (generated histories, offline plan)', () => {
  it('runner: volume and longest run from the last 4 weeks, pace targets from threshold pace', () => {
    const { plan, ctx, sessions } = planFor({ template: RUNNER });
    const h = ctx.history.sports.find((s) => s.sport === 'running')!;
    expect(h.weeklyMin).toBeGreaterThan(160);
    expect(minutesOf(sessions, 'running')).toBeLessThanOrEqual(h.weeklyMin * 1.2);
    expect(longestOf(sessions, 'running')).toBeLessThanOrEqual(Math.max(h.longestMin * 1.15, h.longestMin + 15));
    expect(new Set(sessions.map((s) => s.sport))).toEqual(new Set(['running', 'strength']));
    const threshold = sessions.find((s) => s.type === 'threshold')!;
    const work = flatSteps(threshold.steps).filter((s) => s.kind === 'work');
    const workMin = work.reduce((m, s) => m + s.duration_s! / 60, 0);
    expect(workMin).toBeGreaterThanOrEqual(20);
    expect(workMin).toBeLessThanOrEqual(40);
    // 4:30/km threshold pace: threshold reps at 4:25-4:38/km.
    expect(work[0]!.target).toMatchObject({ type: 'pace', low: 265, high: 278 });
    expect(plan.rules.some((r) => r.startsWith('volume from your last 4 weeks'))).toBe(true);
    expect(plan.rules.some((r) => r.includes('threshold pace 4:30/km'))).toBe(true);
  });

  it('cyclist: power targets from FTP, only cycling (plus strength)', () => {
    const { sessions } = planFor({ template: CYCLIST });
    expect(new Set(sessions.map((s) => s.sport))).toEqual(new Set(['cycling', 'strength']));
    const hardSession = sessions.find((s) => s.intensity === 'hard')!;
    expect(flatSteps(hardSession.steps).find((s) => s.kind === 'work')!.target).toMatchObject({ type: 'power', low: 238, high: 263 });
    expect(longestOf(sessions, 'cycling')).toBeLessThanOrEqual(150 * 1.15);
  });

  it('triathlete keeps all three sports, swims with CSS pace targets', () => {
    const { sessions } = planFor({ template: TRIATHLETE });
    for (const sport of ['swimming', 'cycling', 'running']) expect(sessions.some((s) => s.sport === sport), sport).toBe(true);
    const swim = sessions.find((s) => s.sport === 'swimming')!;
    expect(flatSteps(swim.steps).every((s) => s.target.type === 'pace')).toBe(true);
  });

  it('returning from a 3-week break: restarts at about 60% of the volume before it, no hard session in week 1', () => {
    const { plan, sessions, ctx } = planFor({ template: RUNNER, breakDays: 21 });
    expect(ctx.history.returningFromBreak).toBe(true);
    expect(minutesOf(sessions, 'running')).toBeLessThanOrEqual(Math.round(171 * 0.6 * 1.2));
    expect(sessions.some((s) => s.intensity === 'hard')).toBe(false);
    expect(plan.rules.some((r) => r.startsWith('back from a 21-day break'))).toBe(true);
    expect(plan.weeks[0]!.sessions.filter((s) => ['threshold', 'vo2max'].includes(s.type)).length).toBeLessThanOrEqual(1);
  });

  it('race in 4 days: the race on its date with its target, an opener the day before, nothing hard in the 2 days before', () => {
    const race = { id: 'r10', name: 'City 10K', date: addDays(TODAY, 4), race_type: '10K', priority: 'A' as const, target_time: '00:44:00' };
    const { plan } = planFor({ template: RUNNER, races: [race] });
    const raceDay = plan.days[4]!;
    expect(raceDay.sessions).toHaveLength(1);
    expect(raceDay.sessions[0]).toMatchObject({ type: 'race', raceId: 'r10', duration_min: 44 });
    expect(plan.days[3]!.sessions.map((s) => s.type)).toEqual(['opener']);
    for (const d of [plan.days[2]!, plan.days[3]!]) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
    expect(plan.rules).toContain(`race: City 10K (A) on Sat ${race.date}, target 00:44:00`);
    expect(plan.rules.some((r) => r.startsWith('taper for City 10K'))).toBe(true);
    // Easy days after the race.
    expect(plan.days[5]!.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
  });

  it('low HRV and resting HR up: no hard or long session in the gate days, less volume, and the plan says why', () => {
    const normal = planFor({ template: RUNNER });
    const { plan, sessions, ctx } = planFor({ template: RUNNER, wellness: 'low_hrv' });
    expect(ctx.gate.gated).toBe(true);
    for (const d of plan.days.slice(0, ctx.gate.days)) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
    expect(minutesOf(sessions, 'running')).toBeLessThan(minutesOf(normal.sessions, 'running'));
    expect(plan.rules.some((r) => r.startsWith('recovery gate: HRV below your normal band'))).toBe(true);
  });

  it('a sore knee (the athlete\'s answer) removes running and says so; "the knee is fine now" removes nothing', () => {
    const { plan, sessions } = planFor({ template: TRIATHLETE }, { words: ['My left knee is sore after the long run.'] });
    expect(sessions.some((s) => s.sport === 'running')).toBe(false);
    expect(plan.weeks.every((w) => w.sessions.every((s) => s.sport !== 'running'))).toBe(true);
    expect(plan.rules.some((r) => r.startsWith('no running this week (you said "My left knee is sore after the long run."): easy cycling instead'))).toBe(true);
    const runnerOnly = planFor({ template: RUNNER }, { words: ['knee hurts'] });
    expect(runnerOnly.sessions.some((s) => s.sport === 'running')).toBe(false);
    expect(constraintsFromText(['The knee pain is gone.']).avoid).toEqual([]);
  });

  it('a B race and a C race in the week: each on its date; the B race gets an opener and nothing hard or long in the 2 days before, the C race is trained through', () => {
    const b = { id: 'b5', name: 'Club 5K', date: addDays(TODAY, 3), race_type: '5K', priority: 'B' as const, target_time: '00:21:00' };
    const c = { id: 'c10', name: 'Park 10K', date: addDays(TODAY, 6), race_type: '10K', priority: 'C' as const, target_time: null };
    const { plan } = planFor({ template: RUNNER, races: [b, c] });
    expect(plan.days[3]!.sessions.map((s) => s.type)).toEqual(['race']);
    expect(plan.days[6]!.sessions.map((s) => s.type)).toEqual(['race']);
    expect(plan.days[2]!.sessions.map((s) => s.type)).toEqual(['opener']);
    for (const d of [plan.days[1]!, plan.days[2]!]) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
    // C race: only the day before is kept easy; the rule says it is trained through.
    expect(plan.days[5]!.sessions.some((s) => s.intensity === 'hard')).toBe(false);
    expect(plan.days[5]!.sessions.some((s) => s.type === 'opener')).toBe(false);
    expect(plan.rules).toContain(`race: Park 10K (C) on Mon ${c.date}, trained through`);
    expect(plan.rules).toContain('nothing hard in the 2 days before Club 5K');
    expect(plan.rules).toContain('nothing hard in the 1 day before Park 10K');
  });

  it('4 available days: sessions only on them, within their minutes, long session on the long day', () => {
    const availability: Availability = { minutes: { mon: 0, tue: 60, wed: 0, thu: 60, fri: 0, sat: 45, sun: 120 }, restDays: ['mon', 'wed', 'fri'], twoADay: false, longDay: 'sun' };
    const { plan } = planFor({ template: RUNNER }, { availability });
    for (const d of plan.days) {
      const wd = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      const minutes = d.sessions.reduce((m, s) => m + s.duration_min, 0);
      if ([1, 3, 5].includes(wd)) expect(d.sessions, d.date).toEqual([]);
      const limit = [120, 0, 60, 0, 60, 0, 45][wd]!;
      expect(minutes).toBeLessThanOrEqual(limit);
      if (wd === 0) expect(d.sessions.some((s) => s.type === 'long')).toBe(true);
    }
  });
});
