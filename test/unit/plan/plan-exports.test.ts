import { Decoder, Stream } from '@garmin/fitsdk';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { encodeFitWorkout } from '../../../src/plan/export/fit-workout.js';
import { icsCalendar, sessionUid } from '../../../src/plan/export/ics-calendar.js';
import { xmlEscape, zwoWorkout } from '../../../src/plan/export/zwo-workout.js';
import type { PlannedSession, WorkoutStep } from '../../../src/plan/plan.types.js';
import { flatSteps } from '../../../src/plan/plan-math.js';
import { exportableSessions, NO_STRUCTURED_PLAN, structuredPlanOf, weekSessions } from '../../../src/plan/stored-plan.js';
import { sampleTrainingPlan } from '../../support/plan-fixtures.js';

type Decoded = Record<string, unknown>;

function decode(bytes: Uint8Array) {
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  expect(decoder.isFIT()).toBe(true);
  expect(decoder.checkIntegrity()).toBe(true);
  const { messages, errors } = decoder.read();
  expect(errors).toEqual([]);
  return messages as unknown as { fileIdMesgs: Decoded[]; workoutMesgs: Decoded[]; workoutStepMesgs: Decoded[] };
}

/** What a decoded step must say for one plan step: duration, target (in the plan's units), intensity. */
function expectStep(decoded: Decoded, step: WorkoutStep, session: PlannedSession) {
  if (step.duration_s !== undefined) expect(decoded).toMatchObject({ durationType: 'time', durationTime: step.duration_s });
  else expect(decoded).toMatchObject({ durationType: 'distance', durationDistance: step.distance_m });
  const t = step.target;
  if (t.type === 'power') {
    expect(decoded).toMatchObject({ targetType: 'power', targetValue: 0, customTargetPowerLow: t.low + 1000, customTargetPowerHigh: t.high + 1000 });
  } else if (t.type === 'heart_rate') {
    expect(decoded).toMatchObject({ targetType: 'heartRate', targetValue: 0, customTargetHeartRateLow: t.low + 100, customTargetHeartRateHigh: t.high + 100 });
  } else if (t.type === 'pace') {
    const metres = session.sport === 'swimming' ? 100 : 1000;
    expect(decoded.targetType).toBe('speed');
    // Back from speed to pace: the slow end of the speed range is the plan's high pace.
    expect(metres / (decoded.customTargetSpeedLow as number)).toBeCloseTo(t.high, 0);
    expect(metres / (decoded.customTargetSpeedHigh as number)).toBeCloseTo(t.low, 0);
  } else {
    expect(decoded.targetType).toBe('open');
  }
  const intensity = { warmup: 'warmup', work: 'active', steady: 'active', recovery: 'recovery', rest: 'rest', cooldown: 'cooldown' }[step.kind];
  expect(decoded.intensity).toBe(intensity);
  if (step.note) expect(decoded.notes).toBe(step.note);
}

describe('FIT workout files', () => {
  const plan = sampleTrainingPlan();
  const sessions = exportableSessions(plan);

  it('decode with the SDK into the plan\'s steps, repeats and targets, for every session', async () => {
    expect(sessions).toHaveLength(6);
    for (const session of sessions) {
      const messages = decode(await encodeFitWorkout(session, new Date('2026-11-30T20:00:00Z')));
      expect(messages.fileIdMesgs[0]).toMatchObject({ type: 'workout', manufacturer: 'development' });
      const steps = messages.workoutStepMesgs;
      expect(messages.workoutMesgs[0]).toMatchObject({ wktName: session.title, numValidSteps: steps.length });
      expect(steps.map((s) => s.messageIndex)).toEqual(steps.map((_, i) => i));

      let index = 0;
      for (const item of session.steps) {
        if (item.kind !== 'repeat') {
          expectStep(steps[index++]!, item, session);
          continue;
        }
        const first = index;
        for (const step of item.steps) expectStep(steps[index++]!, step, session);
        expect(steps[index++]).toMatchObject({ durationType: 'repeatUntilStepsCmplt', durationStep: first, repeatSteps: item.times });
      }
      expect(index).toBe(steps.length);
    }
  });

  it('maps sports to FIT sports (strength is training) and keeps the planned duration', async () => {
    const byTitle = Object.fromEntries(sessions.map((s) => [s.title, s]));
    const sportOf = async (title: string) => decode(await encodeFitWorkout(byTitle[title]!)).workoutMesgs[0];
    expect(await sportOf('Threshold 3 x 10 min')).toMatchObject({ sport: 'cycling' });
    expect(await sportOf('Strength: legs & core')).toMatchObject({ sport: 'training', subSport: 'strengthTraining' });
    expect(await sportOf('Swim 2 km "aerobic" & drills')).toMatchObject({ sport: 'swimming', subSport: 'lapSwimming' });

    // Unrolling the repeats gives back the session's planned time.
    const threshold = byTitle['Threshold 3 x 10 min']!;
    const seconds = flatSteps(threshold.steps).reduce((s, step) => s + (step.duration_s ?? 0), 0);
    expect(seconds / 60).toBe(threshold.duration_min);
  });
});

describe('the stored plan', () => {
  it('refuses a version 1 plan, nothing or garbage with the one-line message', () => {
    for (const stored of [null, undefined, 'x', { weekStart: '2026-12-01', days: [] }, { schemaVersion: 1, days: [] }, { schemaVersion: 2, days: [{ date: '2026-12-01' }] }]) {
      expect(() => structuredPlanOf(stored)).toThrow(NO_STRUCTURED_PLAN);
    }
    expect(structuredPlanOf(sampleTrainingPlan()).weekStart).toBe('2026-12-01');
  });

  it('refuses a training session without steps, but lets a race without steps through', () => {
    const plan = sampleTrainingPlan();
    plan.days[1]!.sessions[0]!.steps = [];
    expect(() => exportableSessions(plan)).toThrow(/session 2026-12-02-0 \(Easy run\) has no steps/);
    const race = sampleTrainingPlan();
    Object.assign(race.days[6]!.sessions[0]!, { type: 'race', intensity: 'race', steps: [] });
    expect(exportableSessions(race).map((s) => s.id)).not.toContain('2026-12-07-0');
    expect(weekSessions(race).map((s) => s.id)).toContain('2026-12-07-0');
  });
});

describe('iCalendar', () => {
  it('parses back with ical.js: one all-day event per session, steps in the description, stable UIDs', async () => {
    const plan = sampleTrainingPlan();
    const sessions = exportableSessions(plan);
    const text = await icsCalendar(plan, sessions, { scope: 'config-a', plannedAt: new Date('2026-11-30T20:00:00Z') });
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(sessions.length);
    for (const [i, event] of events.entries()) {
      const session = sessions[i]!;
      expect(event.uid).toBe(sessionUid(session, 'config-a'));
      expect(event.summary).toBe(session.title);
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe(session.date);
      expect(event.description).toContain(session.purpose);
    }
    const threshold = events.find((e) => e.summary === 'Threshold 3 x 10 min')!;
    expect(threshold.description).toContain('3 x (10 min work @ 238-255 W (Z4): steady, seated, 5 min recovery @ 110-140 W (Z1))');
    const swim = events.find((e) => e.summary.startsWith('Swim'))!;
    expect(swim.description).toContain('300 m work @ 1:40-1:45/100m');
    expect(swim.summary).toBe('Swim 2 km "aerobic" & drills');

    // A later plan: same UIDs (calendars update the events), a higher SEQUENCE; another config: other UIDs.
    const later = await icsCalendar(plan, sessions, { scope: 'config-a', plannedAt: new Date('2026-12-07T20:00:00Z') });
    const laterEvents = new ICAL.Component(ICAL.parse(later)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(laterEvents.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect(laterEvents[0]!.sequence).toBeGreaterThan(events[0]!.sequence);
    expect(sessionUid(sessions[0]!, 'config-b')).not.toBe(sessionUid(sessions[0]!, 'config-a'));
  });
});

describe('Zwift workouts', () => {
  it('writes rides with powers as fractions of FTP, intervals as IntervalsT, text escaped', () => {
    const plan = sampleTrainingPlan();
    const ride = { ...plan.days[0]!.sessions[0]!, title: 'Sweet <spot> & "more"' };
    const xml = zwoWorkout(ride);
    expect(xml).toContain('<name>Sweet &lt;spot&gt; &amp; &quot;more&quot;</name>');
    expect(xml).toContain('<Warmup Duration="900" PowerLow="0.62" PowerHigh="0.62"/>');
    // The pair has a note, so it is unrolled: three work steps with their text event.
    expect(xml.match(/<SteadyState Duration="600" Power="0.98">/g)).toHaveLength(3);
    expect(xml).toContain('message="10 min work @ 238-255 W (Z4): steady, seated"');
    expect(xml).toContain('<FreeRide Duration="600"/>');
    const plain = { ...ride, steps: [{ kind: 'repeat' as const, times: 4, steps: [
      { kind: 'work' as const, duration_s: 240, target: { type: 'power' as const, low: 280, high: 300 }, intensityFactor: 1.15 },
      { kind: 'recovery' as const, duration_s: 180, target: { type: 'power' as const, low: 100, high: 130 }, intensityFactor: 0.45 },
    ] }] };
    expect(zwoWorkout(plain)).toContain('<IntervalsT Repeat="4" OnDuration="240" OffDuration="180" OnPower="1.15" OffPower="0.45"/>');
    expect(xmlEscape('a\u0000b\u0007c<')).toBe('abc&lt;');
    // Only balanced tags: every element opened is closed or self-closed.
    const opened = [...xml.matchAll(/<([A-Za-z_]+)[^>]*?(\/?)>/g)].filter((m) => !m[2]).map((m) => m[1]);
    const closed = [...xml.matchAll(/<\/([A-Za-z_]+)>/g)].map((m) => m[1]);
    expect(opened.sort()).toEqual(closed.sort());
  });
});

describe('Garmin Connect workout JSON', () => {
  it('mirrors the steps: repeat groups, end conditions, targets in W, bpm and m/s (slower first)', async () => {
    const { garminWorkout } = await import('../../../src/plan/export/garmin-workout.js');
    const plan = sampleTrainingPlan();
    const threshold = garminWorkout(plan.days[0]!.sessions[0]!);
    expect(threshold).toMatchObject({ workoutName: 'Threshold 3 x 10 min', sportType: { sportTypeId: 2, sportTypeKey: 'cycling' } });
    const steps = threshold.workoutSegments[0]!.workoutSteps;
    expect(steps.map((s) => [s.type, s.stepOrder, s.stepType.stepTypeKey])).toEqual([
      ['ExecutableStepDTO', 1, 'warmup'], ['RepeatGroupDTO', 2, 'repeat'], ['ExecutableStepDTO', 5, 'cooldown'],
    ]);
    expect(steps[0]).toMatchObject({ endCondition: { conditionTypeKey: 'time' }, endConditionValue: 900, targetType: { workoutTargetTypeKey: 'power.zone' }, targetValueOne: 140, targetValueTwo: 175 });
    expect(steps[1]).toMatchObject({ numberOfIterations: 3, endCondition: { conditionTypeKey: 'iterations' }, endConditionValue: 3 });
    expect(steps[1]!.workoutSteps!.map((s) => [s.stepOrder, s.stepType.stepTypeKey, s.targetValueOne, s.targetValueTwo, s.description])).toEqual([
      [3, 'interval', 238, 255, 'steady, seated'], [4, 'recovery', 110, 140, undefined],
    ]);
    expect(steps[2]).toMatchObject({ targetType: { workoutTargetTypeKey: 'no.target' } });

    const swim = garminWorkout(plan.days[3]!.sessions[0]!).workoutSegments[0]!.workoutSteps;
    expect(swim[0]).toMatchObject({ endCondition: { conditionTypeKey: 'distance' }, endConditionValue: 400 });
    expect(swim[1]!.workoutSteps![0]).toMatchObject({ targetType: { workoutTargetTypeKey: 'pace.zone' }, targetValueOne: 0.952, targetValueTwo: 1 });
    const run = garminWorkout(plan.days[1]!.sessions[0]!).workoutSegments[0]!.workoutSteps[0]!;
    expect(run).toMatchObject({ targetType: { workoutTargetTypeKey: 'heart.rate.zone' }, targetValueOne: 130, targetValueTwo: 145 });
  });
});
