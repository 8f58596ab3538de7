import type { PlannedSession, PlanSport, StepTarget, WorkoutStep } from '../plan.types.js';
import { paceMetresPerUnit } from './units.js';

/**
 * One planned session in Garmin Connect's workout JSON (what its web app posts to
 * /workout-service/workout): a segment of ExecutableStepDTO steps and RepeatGroupDTO groups,
 * end conditions by time (s), distance (m) or lap button, targets as ranges of power (W),
 * heart rate (bpm) or pace (m/s: targetValueOne the slower end), or none.
 */

const SPORT: Record<PlanSport, { sportTypeId: number; sportTypeKey: string }> = {
  running: { sportTypeId: 1, sportTypeKey: 'running' },
  cycling: { sportTypeId: 2, sportTypeKey: 'cycling' },
  swimming: { sportTypeId: 4, sportTypeKey: 'swimming' },
  strength: { sportTypeId: 5, sportTypeKey: 'strength_training' },
  mobility: { sportTypeId: 7, sportTypeKey: 'yoga' },
  other: { sportTypeId: 3, sportTypeKey: 'other' },
};

const STEP_TYPE: Record<WorkoutStep['kind'] | 'repeat', { stepTypeId: number; stepTypeKey: string }> = {
  warmup: { stepTypeId: 1, stepTypeKey: 'warmup' },
  cooldown: { stepTypeId: 2, stepTypeKey: 'cooldown' },
  work: { stepTypeId: 3, stepTypeKey: 'interval' },
  steady: { stepTypeId: 3, stepTypeKey: 'interval' },
  recovery: { stepTypeId: 4, stepTypeKey: 'recovery' },
  rest: { stepTypeId: 5, stepTypeKey: 'rest' },
  repeat: { stepTypeId: 6, stepTypeKey: 'repeat' },
};

const CONDITION = {
  lap: { conditionTypeId: 1, conditionTypeKey: 'lap.button' },
  time: { conditionTypeId: 2, conditionTypeKey: 'time' },
  distance: { conditionTypeId: 3, conditionTypeKey: 'distance' },
  iterations: { conditionTypeId: 7, conditionTypeKey: 'iterations' },
} as const;

const TARGET = {
  none: { workoutTargetTypeId: 1, workoutTargetTypeKey: 'no.target' },
  power: { workoutTargetTypeId: 2, workoutTargetTypeKey: 'power.zone' },
  heart_rate: { workoutTargetTypeId: 4, workoutTargetTypeKey: 'heart.rate.zone' },
  pace: { workoutTargetTypeId: 6, workoutTargetTypeKey: 'pace.zone' },
} as const;

export interface GarminStep {
  type: 'ExecutableStepDTO' | 'RepeatGroupDTO';
  stepOrder: number;
  stepType: { stepTypeId: number; stepTypeKey: string };
  endCondition: { conditionTypeId: number; conditionTypeKey: string };
  endConditionValue: number | null;
  targetType?: { workoutTargetTypeId: number; workoutTargetTypeKey: string };
  targetValueOne?: number | null;
  targetValueTwo?: number | null;
  description?: string;
  numberOfIterations?: number;
  smartRepeat?: boolean;
  workoutSteps?: GarminStep[];
}

export interface GarminWorkout {
  workoutName: string;
  description: string;
  sportType: { sportTypeId: number; sportTypeKey: string };
  workoutSegments: Array<{ segmentOrder: number; sportType: { sportTypeId: number; sportTypeKey: string }; workoutSteps: GarminStep[] }>;
}

/** Connect caps names at 80 and descriptions at 512 characters. */
const MAX_NAME = 80;
const MAX_DESCRIPTION = 512;
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max - 1) + '…' : text);

function target(t: StepTarget, sport: PlanSport): Pick<GarminStep, 'targetType' | 'targetValueOne' | 'targetValueTwo'> {
  switch (t.type) {
    case 'power':
      return { targetType: TARGET.power, targetValueOne: Math.round(t.low), targetValueTwo: Math.round(t.high) };
    case 'heart_rate':
      return { targetType: TARGET.heart_rate, targetValueOne: Math.round(t.low), targetValueTwo: Math.round(t.high) };
    case 'pace': {
      const metres = paceMetresPerUnit(sport);
      // Pace low..high seconds (low = faster) as speeds, slower first.
      return { targetType: TARGET.pace, targetValueOne: Math.round((metres / t.high) * 1000) / 1000, targetValueTwo: Math.round((metres / t.low) * 1000) / 1000 };
    }
    default:
      return { targetType: TARGET.none, targetValueOne: null, targetValueTwo: null };
  }
}

export function garminWorkout(session: PlannedSession): GarminWorkout {
  const sportType = SPORT[session.sport] ?? SPORT.other;
  let order = 0;
  const step = (s: WorkoutStep): GarminStep => ({
    type: 'ExecutableStepDTO',
    stepOrder: ++order,
    stepType: STEP_TYPE[s.kind] ?? STEP_TYPE.work,
    endCondition: s.duration_s !== undefined ? CONDITION.time : s.distance_m !== undefined ? CONDITION.distance : CONDITION.lap,
    endConditionValue: s.duration_s ?? s.distance_m ?? null,
    ...target(s.target, session.sport),
    ...(s.note ? { description: clip(s.note, MAX_DESCRIPTION) } : {}),
  });
  const steps = session.steps.map((item): GarminStep => {
    if (item.kind !== 'repeat') return step(item);
    const group: GarminStep = {
      type: 'RepeatGroupDTO',
      stepOrder: ++order,
      stepType: STEP_TYPE.repeat,
      endCondition: CONDITION.iterations,
      endConditionValue: item.times,
      numberOfIterations: item.times,
      smartRepeat: false,
      workoutSteps: [],
    };
    group.workoutSteps = item.steps.map(step);
    return group;
  });
  return {
    workoutName: clip(session.title, MAX_NAME),
    description: clip([session.purpose, session.targetSource ? `Targets: ${session.targetSource}` : ''].filter(Boolean).join(' '), MAX_DESCRIPTION),
    sportType,
    workoutSegments: [{ segmentOrder: 1, sportType, workoutSteps: steps }],
  };
}
