import type { PlannedSession, PlanSport, StepTarget, WorkoutStep } from '../plan.types.js';
import { paceMetresPerUnit } from './units.js';

/**
 * One planned session as a FIT workout file (file_id type `workout`, one `workout` message,
 * one `workout_step` per step), written with Garmin's own Encoder from @garmin/fitsdk, so a
 * watch copies it from GARMIN/NewFiles into its workouts.
 *
 * The SDK encodes main fields only (its sub-fields such as durationTime are decode-side
 * names), so values go in raw profile units, as the FIT profile defines them:
 * - durationValue: milliseconds for time, centimetres for distance, the first step's
 *   message index for repeatUntilStepsCmplt (targetValue then holds the repetitions)
 * - custom targets (targetValue 0): speed in mm/s, heart rate as bpm + 100, power as W + 1000
 *   (values up to 100 / 1000 would mean % of max HR / % of FTP).
 */

const HR_BPM_OFFSET = 100;
const POWER_WATTS_OFFSET = 1000;
/** Watches show short names; the profile's string fields also cap at 255 bytes. */
const MAX_NAME = 48;
const MAX_NOTE = 120;

type FitSport = 'running' | 'cycling' | 'swimming' | 'training' | 'generic';

const FIT_SPORT: Record<PlanSport, { sport: FitSport; subSport: string }> = {
  running: { sport: 'running', subSport: 'generic' },
  cycling: { sport: 'cycling', subSport: 'generic' },
  swimming: { sport: 'swimming', subSport: 'lapSwimming' },
  strength: { sport: 'training', subSport: 'strengthTraining' },
  mobility: { sport: 'training', subSport: 'flexibilityTraining' },
  other: { sport: 'generic', subSport: 'generic' },
};

const FIT_INTENSITY: Record<WorkoutStep['kind'], string> = {
  warmup: 'warmup',
  work: 'active',
  steady: 'active',
  recovery: 'recovery',
  rest: 'rest',
  cooldown: 'cooldown',
};

const STEP_NAME: Record<WorkoutStep['kind'], string> = {
  warmup: 'Warm-up',
  work: 'Work',
  steady: 'Steady',
  recovery: 'Recovery',
  rest: 'Rest',
  cooldown: 'Cool-down',
};

export function fitSportOf(sport: PlanSport): { sport: FitSport; subSport: string } {
  return FIT_SPORT[sport] ?? FIT_SPORT.other;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1).trimEnd() + '…' : flat;
}

type Fields = Record<string, unknown>;

function durationFields(step: WorkoutStep): Fields {
  if (step.duration_s !== undefined) return { durationType: 'time', durationValue: Math.round(step.duration_s * 1000) };
  if (step.distance_m !== undefined) return { durationType: 'distance', durationValue: Math.round(step.distance_m * 100) };
  return { durationType: 'open' };
}

function targetFields(target: StepTarget, sport: PlanSport): Fields {
  switch (target.type) {
    case 'power':
      return {
        targetType: 'power',
        targetValue: 0,
        customTargetValueLow: Math.round(target.low) + POWER_WATTS_OFFSET,
        customTargetValueHigh: Math.round(target.high) + POWER_WATTS_OFFSET,
      };
    case 'heart_rate':
      return {
        targetType: 'heartRate',
        targetValue: 0,
        customTargetValueLow: Math.round(target.low) + HR_BPM_OFFSET,
        customTargetValueHigh: Math.round(target.high) + HR_BPM_OFFSET,
      };
    case 'pace': {
      // A pace range low..high (seconds, low = faster) is a speed range the other way round.
      const metres = paceMetresPerUnit(sport);
      return {
        targetType: 'speed',
        targetValue: 0,
        customTargetValueLow: Math.round((metres / target.high) * 1000),
        customTargetValueHigh: Math.round((metres / target.low) * 1000),
      };
    }
    default:
      return { targetType: 'open' };
  }
}

/** The workout_step messages of a session, with message indexes from 0. */
export function workoutStepMessages(session: PlannedSession): Fields[] {
  const messages: Fields[] = [];
  const push = (step: WorkoutStep) => {
    messages.push({
      messageIndex: messages.length,
      wktStepName: STEP_NAME[step.kind] ?? 'Step',
      ...durationFields(step),
      ...targetFields(step.target, session.sport),
      intensity: FIT_INTENSITY[step.kind] ?? 'active',
      notes: step.note ? clip(step.note, MAX_NOTE) : undefined,
    });
  };
  for (const item of session.steps) {
    if (item.kind !== 'repeat') {
      push(item);
      continue;
    }
    const first = messages.length;
    item.steps.forEach(push);
    messages.push({
      messageIndex: messages.length,
      durationType: 'repeatUntilStepsCmplt',
      durationValue: first,
      targetType: 'open',
      targetValue: item.times,
    });
  }
  return messages;
}

/** A stable 32-bit number from the session id: the file's serial number (its identity on a device). */
function serialOf(id: string): number {
  let hash = 2166136261;
  for (const ch of id) hash = Math.imul(hash ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return hash || 1;
}

export async function encodeFitWorkout(session: PlannedSession, createdAt: Date = new Date()): Promise<Uint8Array> {
  const { Encoder, Profile } = await import('@garmin/fitsdk');
  const sdkEncoder = new Encoder();
  // Messages are plain objects; the SDK's Mesg type is a nominal marker only.
  const write = (mesgNum: number, mesg: Fields) => sdkEncoder.onMesg(mesgNum, mesg as never);
  const steps = workoutStepMessages(session);
  const { sport, subSport } = fitSportOf(session.sport);
  write(Profile.MesgNum.FILE_ID, {
    type: 'workout',
    manufacturer: 'development',
    product: 0,
    serialNumber: serialOf(session.id),
    timeCreated: createdAt,
  });
  write(Profile.MesgNum.WORKOUT, {
    wktName: clip(session.title, MAX_NAME),
    sport,
    subSport,
    numValidSteps: steps.length,
    wktDescription: session.purpose ? clip(session.purpose, MAX_NOTE) : undefined,
  });
  for (const step of steps) write(Profile.MesgNum.WORKOUT_STEP, step);
  return sdkEncoder.close();
}
