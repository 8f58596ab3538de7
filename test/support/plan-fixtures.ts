import { addDays } from '../../src/analytics/calendar.js';
import type { PlannedSession, TrainingPlan, WorkoutItem } from '../../src/plan/plan.types.js';

/**
 * Version 2 training plans for tests of the plan's consumers (exports, push, today,
 * compliance), built by hand so they do not depend on the plan builder.
 */

const hours = (items: WorkoutItem[]) =>
  items.reduce((sum, item) => {
    if (item.kind === 'repeat') return sum + item.times * hours(item.steps);
    return sum + (item.duration_s ?? (item.distance_m ?? 0) / 3) / 3600;
  }, 0);
const loadOf = (items: WorkoutItem[]): number =>
  Math.round(
    items.reduce((sum, item) => {
      if (item.kind === 'repeat') return sum + item.times * loadOf(item.steps);
      const h = (item.duration_s ?? (item.distance_m ?? 0) / 3) / 3600;
      return sum + h * item.intensityFactor ** 2 * 100;
    }, 0) * 10,
  ) / 10;

function session(date: string, index: number, fields: Omit<PlannedSession, 'id' | 'date' | 'duration_min' | 'plannedLoad'>): PlannedSession {
  return {
    id: `${date}-${index}`,
    date,
    duration_min: Math.round(hours(fields.steps) * 60),
    plannedLoad: loadOf(fields.steps),
    ...fields,
  };
}

/** A week from `start`: threshold ride (power), easy run (HR), rest, swim (pace, distance), VO2 run (pace), strength, long ride. */
export function sampleTrainingPlan(start = '2026-12-01'): TrainingPlan {
  const d = (n: number) => addDays(start, n);
  const days = [
    [
      session(d(0), 0, {
        sport: 'cycling', type: 'threshold', intensity: 'hard', title: 'Threshold 3 x 10 min', key: true,
        purpose: 'Raise FTP: 30 min at threshold.', description: 'Three blocks at threshold power.', targetSource: 'FTP 250 W (athlete\'s zones)',
        steps: [
          { kind: 'warmup', duration_s: 900, target: { type: 'power', low: 140, high: 175, zone: 'Z2' }, intensityFactor: 0.62 },
          { kind: 'repeat', times: 3, steps: [
            { kind: 'work', duration_s: 600, target: { type: 'power', low: 238, high: 255, zone: 'Z4' }, intensityFactor: 0.98, note: 'steady, seated' },
            { kind: 'recovery', duration_s: 300, target: { type: 'power', low: 110, high: 140, zone: 'Z1' }, intensityFactor: 0.5 },
          ] },
          { kind: 'cooldown', duration_s: 600, target: { type: 'open' }, intensityFactor: 0.5 },
        ],
      }),
    ],
    [
      session(d(1), 0, {
        sport: 'running', type: 'easy', intensity: 'easy', title: 'Easy run', key: false,
        purpose: 'Aerobic volume, easy.', description: 'Conversational pace.', targetSource: 'LTHR 170 (athlete\'s zones)',
        steps: [{ kind: 'steady', duration_s: 2700, target: { type: 'heart_rate', low: 130, high: 145, zone: 'Z2' }, intensityFactor: 0.72 }],
      }),
    ],
    [],
    [
      session(d(3), 0, {
        sport: 'swimming', type: 'endurance', intensity: 'moderate', title: 'Swim 2 km "aerobic" & drills', key: false,
        purpose: 'Swim endurance at CSS + 5 s.', description: 'Pool, 25 m.',
        steps: [
          { kind: 'warmup', distance_m: 400, target: { type: 'open' }, intensityFactor: 0.6 },
          { kind: 'repeat', times: 4, steps: [
            { kind: 'work', distance_m: 300, target: { type: 'pace', low: 100, high: 105 }, intensityFactor: 0.88 },
            { kind: 'rest', duration_s: 30, target: { type: 'open' }, intensityFactor: 0.3 },
          ] },
          { kind: 'cooldown', distance_m: 200, target: { type: 'open' }, intensityFactor: 0.55 },
        ],
      }),
    ],
    [
      session(d(4), 0, {
        sport: 'running', type: 'vo2max', intensity: 'hard', title: 'VO2max 5 x 3 min', key: true,
        purpose: 'VO2max: 15 min hard.', description: 'Track or flat road.',
        steps: [
          { kind: 'warmup', duration_s: 900, target: { type: 'pace', low: 330, high: 360 }, intensityFactor: 0.7 },
          { kind: 'repeat', times: 5, steps: [
            { kind: 'work', duration_s: 180, target: { type: 'pace', low: 225, high: 235, zone: 'I' }, intensityFactor: 1.1 },
            { kind: 'recovery', duration_s: 120, target: { type: 'open' }, intensityFactor: 0.55 },
          ] },
          { kind: 'cooldown', duration_s: 600, target: { type: 'pace', low: 330, high: 370 }, intensityFactor: 0.65 },
        ],
      }),
      session(d(4), 1, {
        sport: 'strength', type: 'strength', intensity: 'easy', title: 'Strength: legs & core', key: false,
        purpose: 'Injury resistance.', description: 'Squats, lunges, planks.',
        steps: [{ kind: 'steady', duration_s: 1800, target: { type: 'open' }, intensityFactor: 0.5, note: 'squats 3x10, lunges 3x8, plank 3x45 s' }],
      }),
    ],
    [],
    [
      session(d(6), 0, {
        sport: 'cycling', type: 'long', intensity: 'long', title: 'Long ride', key: true,
        purpose: 'Endurance: the week\'s longest session.', description: 'Z2 throughout.',
        steps: [{ kind: 'steady', duration_s: 10800, target: { type: 'power', low: 150, high: 185, zone: 'Z2' }, intensityFactor: 0.68 }],
      }),
    ],
  ];
  const planDays = days.map((sessions, i) => ({ date: d(i), sessions }));
  const total = Math.round(planDays.flatMap((day) => day.sessions).reduce((s, x) => s + x.plannedLoad, 0) * 10) / 10;
  const weeks = [1, 2, 3].map((w) => ({
    weekStart: d(7 * w),
    phase: 'build' as const,
    targetLoad: w === 3 ? 350 : 420 + w * 20,
    sessions: [0, 1, 3, 4, 6].map((n, i) => ({
      date: d(7 * w + n),
      sport: (i % 2 === 0 ? 'cycling' : 'running') as 'cycling' | 'running',
      type: (n === 6 ? 'long' : n === 0 ? 'threshold' : 'easy') as 'long' | 'threshold' | 'easy',
      duration_min: n === 6 ? 180 : 60,
      plannedLoad: n === 6 ? 150 : n === 0 ? 80 : 50,
    })),
  }));
  return {
    schemaVersion: 2,
    source: 'rules',
    weekStart: start,
    phase: 'build',
    loadCap: 500,
    targetLoad: 450,
    totalPlannedLoad: total,
    rules: ['two hard sessions, not on consecutive days'],
    days: planDays,
    weeks,
  };
}
