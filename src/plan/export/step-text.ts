import type { PlanSport, StepTarget, WorkoutItem, WorkoutStep } from '../plan.types.js';

/**
 * Steps in words, for calendar descriptions and the terminal ("10 min warm-up @ 130-145 bpm",
 * "5 x (3 min work @ 300-320 W, 2 min recovery)"). One line per item.
 */

const KIND_WORD: Record<WorkoutStep['kind'], string> = {
  warmup: 'warm-up',
  work: 'work',
  recovery: 'recovery',
  cooldown: 'cool-down',
  steady: 'steady',
  rest: 'rest',
};

/** 245 -> "4:05". */
export function minutesSeconds(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function durationText(step: WorkoutStep): string {
  if (step.distance_m !== undefined) {
    return step.distance_m >= 1000 && step.distance_m % 100 === 0 ? `${step.distance_m / 1000} km` : `${step.distance_m} m`;
  }
  if (step.duration_s !== undefined) {
    const s = step.duration_s;
    if (s % 60 === 0) return `${s / 60} min`;
    return s < 60 ? `${s} s` : `${minutesSeconds(s)} min`;
  }
  return 'open';
}

/** Pace is per 100 m in the water, per km elsewhere (plan.types.ts). */
export function paceUnit(sport: PlanSport): string {
  return sport === 'swimming' ? '/100m' : '/km';
}

export function targetText(target: StepTarget, sport: PlanSport): string {
  switch (target.type) {
    case 'power':
      return `${Math.round(target.low)}-${Math.round(target.high)} W`;
    case 'heart_rate':
      return `${Math.round(target.low)}-${Math.round(target.high)} bpm`;
    case 'pace':
      return `${minutesSeconds(target.low)}-${minutesSeconds(target.high)}${paceUnit(sport)}`;
    default:
      return '';
  }
}

export function stepText(step: WorkoutStep, sport: PlanSport): string {
  const target = targetText(step.target, sport);
  const zone = step.target.type !== 'open' && step.target.zone ? ` (${step.target.zone})` : '';
  const note = step.note ? `: ${step.note}` : '';
  return `${durationText(step)} ${KIND_WORD[step.kind] ?? step.kind}${target ? ` @ ${target}${zone}` : ''}${note}`;
}

export function itemText(item: WorkoutItem, sport: PlanSport): string {
  if (item.kind === 'repeat') return `${item.times} x (${item.steps.map((s) => stepText(s, sport)).join(', ')})`;
  return stepText(item, sport);
}

export function stepsText(items: WorkoutItem[], sport: PlanSport): string[] {
  return items.map((item) => itemText(item, sport));
}
