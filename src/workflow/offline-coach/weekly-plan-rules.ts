import type { Facts, Sport } from '../../analytics/facts.types.js';
import { addDays, enforceLoadCap, floor1, type LoadLimits, type PlannedDay, type WeeklyPlan } from '../weekly-plan.js';

type Slot = { intensity: PlannedDay['intensity']; share: number; title: string };
type SlotRow = [intensity: Slot['intensity'], share: number, title: string];

/**
 * Week shapes by phase (Monday first): shares of the weekly target load. One hard day and
 * one long day in base/build, two quality days in peak, short sharp sessions in a taper, and
 * easy movement in recovery. Shares sum to 1.
 */
const WEEK_SHAPE_ROWS: Record<string, SlotRow[]> = {
  build: [
    ['rest', 0, 'Rest day'],
    ['hard', 0.2, 'Intervals'],
    ['easy', 0.12, 'Easy aerobic'],
    ['moderate', 0.18, 'Steady / tempo'],
    ['easy', 0.1, 'Easy aerobic'],
    ['long', 0.28, 'Long session'],
    ['easy', 0.12, 'Recovery'],
  ],
  peak: [
    ['rest', 0, 'Rest day'],
    ['hard', 0.2, 'Race-pace intervals'],
    ['easy', 0.12, 'Easy aerobic'],
    ['hard', 0.18, 'Threshold'],
    ['easy', 0.1, 'Easy aerobic'],
    ['long', 0.28, 'Long session with race pace'],
    ['easy', 0.12, 'Recovery'],
  ],
  taper: [
    ['rest', 0, 'Rest day'],
    ['moderate', 0.22, 'Short race-pace efforts'],
    ['easy', 0.18, 'Easy aerobic'],
    ['moderate', 0.2, 'Openers'],
    ['rest', 0, 'Rest day'],
    ['easy', 0.25, 'Easy aerobic'],
    ['easy', 0.15, 'Shake-out'],
  ],
  recovery: [
    ['rest', 0, 'Rest day'],
    ['easy', 0.2, 'Easy aerobic'],
    ['rest', 0, 'Rest day'],
    ['easy', 0.25, 'Easy aerobic'],
    ['easy', 0.15, 'Mobility and easy movement'],
    ['easy', 0.4, 'Relaxed longer session'],
    ['rest', 0, 'Rest day'],
  ],
};
const WEEK_SHAPES: Record<string, Slot[]> = Object.fromEntries(
  Object.entries(WEEK_SHAPE_ROWS).map(([name, rows]) => [name, rows.map(([intensity, share, title]) => ({ intensity, share, title }))]),
);
const SHAPE_FOR_PHASE: Record<string, keyof typeof WEEK_SHAPES> = {
  base: 'build',
  build: 'build',
  peak: 'peak',
  taper: 'taper',
  race: 'taper',
  recovery: 'recovery',
  transition: 'recovery',
};

/** Load points per hour by intensity (TSS = IF^2 x 100 per hour: IF 0.7, 0.72, 0.8, 0.9). */
const LOAD_PER_HOUR: Record<PlannedDay['intensity'], number> = { rest: 0, easy: 49, long: 52, moderate: 64, hard: 81, race: 90 };

const DESCRIPTIONS: Record<PlannedDay['intensity'], string> = {
  rest: 'No training; sleep and eat well.',
  easy: 'Conversational effort, below the first threshold (zone 1-2).',
  long: 'Mostly easy; keep the effort steady and fuel as on race day.',
  moderate: 'Comfortably hard, around the upper aerobic / tempo range (zone 3).',
  hard: 'Work intervals at or above threshold (zone 4-5) with easy recoveries.',
  race: 'Race day.',
};

export function primarySport(facts: Facts): Sport {
  const next = facts.season.nextARace ? facts.races.find((r) => r.id === facts.season.nextARace?.id) : undefined;
  if (next?.sport && next.sport !== 'other' && next.sport !== 'strength') return next.sport;
  const counts = Object.entries(facts.data.sports) as [Sport, number][];
  const endurance = counts.filter(([s]) => s !== 'strength' && s !== 'other').sort((a, b) => b[1] - a[1]);
  return endurance[0]?.[0] ?? 'running';
}

/** The next 7 days, built by rules from the phase, the load limits and the week shape. */
export function buildRulePlan(facts: Facts, limits: LoadLimits): WeeklyPlan {
  const weekStart = addDays(facts.today, 1);
  const sport = primarySport(facts);
  const shape = WEEK_SHAPES[SHAPE_FOR_PHASE[facts.season.phase] ?? 'build'];
  // Align the shape to the weekday of the first planned day (shape index 0 = Monday).
  const firstWeekday = (new Date(`${weekStart}T00:00:00Z`).getUTCDay() + 6) % 7;
  const raceDates = new Map(facts.races.filter((r) => !r.isPast).map((r) => [r.date, r]));
  const days: PlannedDay[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(weekStart, i);
    const race = raceDates.get(date);
    if (race) {
      days.push({
        date,
        sport: race.sport ?? sport,
        title: `Race: ${race.name}`,
        intensity: 'race',
        duration_min: race.target_s ? Math.round(race.target_s / 60) : 0,
        plannedLoad: 0,
        description: `${race.name} (${race.priority} race).`,
      });
      continue;
    }
    const slot = shape[(firstWeekday + i) % 7];
    const plannedLoad = floor1(limits.target * slot.share);
    const duration = slot.intensity === 'rest' ? 0 : Math.max(20, Math.round(((plannedLoad / LOAD_PER_HOUR[slot.intensity]) * 60) / 5) * 5);
    days.push({
      date,
      sport: slot.intensity === 'rest' ? 'rest' : sport,
      title: slot.title,
      intensity: slot.intensity,
      duration_min: duration,
      plannedLoad,
      description: DESCRIPTIONS[slot.intensity],
    });
  }
  const plan: WeeklyPlan = {
    weekStart,
    phase: facts.season.phase,
    loadCap: limits.cap,
    targetLoad: limits.target,
    totalPlannedLoad: 0,
    rules: limits.rules,
    days,
  };
  return enforceLoadCap(plan, limits);
}
