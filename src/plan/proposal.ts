import { LEVELS, type Level, targetFor } from './athlete-targets.js';
import type { PlanContext } from './plan-context.js';
import { round1, withComputedTotals } from './plan-math.js';
import type { PlanDay, PlannedSession, PlanSport, SessionType, TrainingPlan, WorkoutItem, WorkoutStep } from './plan.types.js';
import { INTENSITY_OF, isKeyType } from './session-library.js';
import { structureViolations } from './validate.js';
import type { PlanViolation } from './plan.types.js';

/**
 * A model's plan is a proposal: days with sessions and steps (kind, duration or distance,
 * intensity factor). Everything else is coach's: targets come from the athlete's zones for
 * each step's IF, durations and loads from the steps, weeks 2-4 from the rule plan. A model
 * never sets a load; whatever it wrote there is ignored.
 */
export interface ProposalStep {
  kind: WorkoutStep['kind'] | 'repeat';
  duration_s?: number;
  distance_m?: number;
  intensityFactor?: number;
  times?: number;
  steps?: ProposalStep[];
  note?: string;
}

export interface ProposalSession {
  sport: PlanSport;
  type: SessionType;
  title: string;
  purpose?: string;
  steps: ProposalStep[];
}

export interface PlanProposal {
  days: Array<{ date: string; note?: string; sessions: ProposalSession[] }>;
}

/** The rule plan's week as a proposal: the draft a model revises. */
export function proposalOf(plan: TrainingPlan): PlanProposal {
  const stepOf = (item: WorkoutItem): ProposalStep =>
    item.kind === 'repeat'
      ? { kind: 'repeat', times: item.times, steps: item.steps.map(stepOf) }
      : { kind: item.kind, ...(item.duration_s !== undefined ? { duration_s: item.duration_s } : { distance_m: item.distance_m }), intensityFactor: item.intensityFactor };
  return {
    days: plan.days.map((d) => ({
      date: d.date,
      sessions: d.sessions.map((s) => ({ sport: s.sport, type: s.type, title: s.title, purpose: s.purpose, steps: s.steps.map(stepOf) })),
    })),
  };
}

/** The level whose IF is closest to `intensityFactor`: which zone the target is taken from. */
function levelFor(intensityFactor: number): Level {
  let best: Level = 'easy';
  for (const level of Object.keys(LEVELS) as Level[]) {
    if (level === 'race') continue;
    if (Math.abs(LEVELS[level].intensityFactor - intensityFactor) < Math.abs(LEVELS[best].intensityFactor - intensityFactor)) best = level;
  }
  return best;
}

function toItem(step: ProposalStep, sport: PlanSport, ctx: PlanContext): WorkoutItem {
  if (step.kind === 'repeat') return { kind: 'repeat', times: step.times as number, steps: (step.steps ?? []).map((s) => toItem(s, sport, ctx) as WorkoutStep) };
  const intensityFactor = step.intensityFactor as number;
  const target = sport === 'strength' || sport === 'mobility' ? { type: 'open' as const } : targetFor(levelFor(intensityFactor), sport, ctx.zones).target;
  return {
    kind: step.kind,
    ...(step.duration_s !== undefined ? { duration_s: step.duration_s } : { distance_m: step.distance_m }),
    target,
    intensityFactor,
    ...(step.note ? { note: String(step.note).slice(0, 200) } : {}),
  };
}

/**
 * The proposal as a full plan (targets, durations and loads computed), or the structural
 * problems that stop it from being one (listed back to the model).
 */
export function planFromProposal(doc: unknown, ctx: PlanContext, rulePlan: TrainingPlan): { plan: TrainingPlan | null; violations: PlanViolation[] } {
  // Check the shape with the plan validator by giving each session the fields coach fills in.
  const raw = doc as PlanProposal;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.days)) return { plan: null, violations: [{ path: 'days', rule: 'structure', message: 'must be a list of 7 days' }] };
  const filled = {
    ...rulePlan,
    days: raw.days.map((d) => ({
      date: d?.date,
      sessions: Array.isArray(d?.sessions)
        ? d.sessions.map((s) => ({ ...s, date: d.date, intensity: INTENSITY_OF[s?.type as SessionType], steps: fillTargets(s?.steps) }))
        : d?.sessions,
    })),
  };
  const problems = structureViolations(filled);
  if (problems.length) return { plan: null, violations: problems };

  const days: PlanDay[] = raw.days.map((d) => ({
    date: d.date,
    sessions: d.sessions.map((s, index): PlannedSession => {
      const base = rulePlan.days.flatMap((x) => x.sessions).find((r) => r.sport === s.sport && r.type === s.type);
      return withComputedTotals({
        id: `${d.date}-${index}`,
        date: d.date,
        sport: s.sport,
        type: s.type,
        intensity: INTENSITY_OF[s.type],
        title: String(s.title).slice(0, 200),
        duration_min: 0,
        plannedLoad: 0,
        key: isKeyType(s.type),
        purpose: String(s.purpose ?? base?.purpose ?? '').slice(0, 500),
        description: base?.description ?? '',
        ...(base?.targetSource ? { targetSource: base.targetSource } : {}),
        steps: s.steps.map((st) => toItem(st, s.sport, ctx)),
        ...(s.type === 'race' ? { raceId: ctx.races.find((r) => r.race.date === d.date)?.race.id } : {}),
      });
    }),
    ...(d.note ? { note: String(d.note).slice(0, 200) } : {}),
  }));
  const total = round1(days.reduce((sum, d) => sum + d.sessions.reduce((s, x) => s + x.plannedLoad, 0), 0));
  return { plan: { ...rulePlan, source: 'model', days, totalPlannedLoad: total, targetLoad: total, loadCap: Math.max(rulePlan.loadCap, total) }, violations: [] };
}

/** Proposal steps with an open target, so the structure check can run before targets are resolved. */
function fillTargets(steps: unknown): unknown {
  if (!Array.isArray(steps)) return steps;
  return steps.map((s) => (s && typeof s === 'object' ? ((s as ProposalStep).kind === 'repeat' ? { ...s, steps: fillTargets((s as ProposalStep).steps) } : { target: { type: 'open' }, ...s }) : s));
}
