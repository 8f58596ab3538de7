import type { Facts, Sport } from '../../analytics/facts.types.js';
import { addDays, enforceLoadCap, floor1, type LoadLimits, type PlannedDay, type WeeklyPlan } from '../weekly-plan.js';

/** One day of a week shape: its intensity, its share of the week's target load, its title. */
type Slot = [intensity: PlannedDay['intensity'], share: number, title: string];

/**
 * Week shapes by phase (Monday first): shares of the weekly target load. One hard day and
 * one long day in base/build, two quality days in peak, short sharp sessions in a taper, and
 * easy movement in recovery. Shares sum to 1.
 */
const WEEK_SHAPES: Record<string, Slot[]> = {
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

const ENDURANCE: readonly Sport[] = ['running', 'cycling', 'swimming'];
/** A sport is part of the athlete's training when it holds at least this share of the window's endurance sessions. */
const TRAINED_SHARE = 0.15;
const KEY_SESSIONS: ReadonlySet<PlannedDay['intensity']> = new Set(['hard', 'long', 'moderate']);

/** The next A race's own sport, when it is a single endurance sport (not a multisport race). */
function raceSport(facts: Facts): Sport | null {
  const next = facts.season.nextARace ? facts.races.find((r) => r.id === facts.season.nextARace?.id) : undefined;
  return next?.sport && ENDURANCE.includes(next.sport) ? next.sport : null;
}

interface TrainedSport {
  sport: Sport;
  /** Share of the window's endurance sessions among the trained sports (sums to 1). */
  share: number;
}

/** The endurance sports the athlete trains, with their share of recent sessions, most first. */
export function trainedSports(facts: Facts): TrainedSport[] {
  const counts = ENDURANCE.map((sport): [Sport, number] => [sport, facts.data.sports[sport] ?? 0]).filter(([, n]) => n > 0);
  const all = counts.reduce((sum, [, n]) => sum + n, 0);
  const kept = counts.filter(([, n]) => n / all >= TRAINED_SHARE).sort((a, b) => b[1] - a[1]);
  const total = kept.reduce((sum, [, n]) => sum + n, 0);
  return kept.map(([sport, n]) => ({ sport, share: n / total }));
}

export function primarySport(facts: Facts): Sport {
  return raceSport(facts) ?? trainedSports(facts)[0]?.sport ?? 'running';
}

/**
 * Which sport each session of the week is in, so the week keeps the athlete's own mix of
 * sports: each session goes to the sport furthest below its share of recent sessions (ties to
 * the more trained sport). A single-sport A race keeps every key session (hard, long,
 * moderate) in its sport, so the other sports land on easy days as cross-training. A long
 * session is never a swim when another sport is trained.
 */
function sportPicker(facts: Facts): (intensity: PlannedDay['intensity']) => Sport {
  const focus = raceSport(facts);
  const sports = trainedSports(facts);
  if (sports.length <= 1) {
    const only = primarySport(facts);
    return () => only;
  }
  const assigned = new Map<Sport, number>();
  let sessions = 0;
  return (intensity) => {
    let sport: Sport;
    if (focus && KEY_SESSIONS.has(intensity)) {
      sport = focus;
    } else {
      const landOnly = intensity === 'long' && sports.some((s) => s.sport !== 'swimming');
      const candidates = landOnly ? sports.filter((s) => s.sport !== 'swimming') : sports;
      const deficit = (s: TrainedSport) => s.share * (sessions + 1) - (assigned.get(s.sport) ?? 0);
      sport = candidates.reduce((best, s) => (deficit(s) > deficit(best) + 1e-9 ? s : best)).sport;
    }
    assigned.set(sport, (assigned.get(sport) ?? 0) + 1);
    sessions++;
    return sport;
  };
}

/** The plan's own words for how it picked the sports (none for a single-sport athlete). */
function sportRule(facts: Facts): string[] {
  const sports = trainedSports(facts).map((s) => s.sport);
  if (sports.length <= 1) return [];
  const focus = raceSport(facts);
  const list = sports.length === 2 ? sports.join(' and ') : `${sports.slice(0, -1).join(', ')} and ${sports.at(-1)}`;
  return [`sports: ${list} as in your recent sessions` + (focus ? `; key sessions in ${focus} for the A race` : '')];
}

/** The next 7 days, built by rules from the phase, the load limits and the week shape. */
export function buildRulePlan(facts: Facts, limits: LoadLimits): WeeklyPlan {
  const weekStart = addDays(facts.today, 1);
  const sport = primarySport(facts);
  const sportFor = sportPicker(facts);
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
    const [intensity, share, title] = shape[(firstWeekday + i) % 7];
    const plannedLoad = floor1(limits.target * share);
    const duration = intensity === 'rest' ? 0 : Math.max(20, Math.round(((plannedLoad / LOAD_PER_HOUR[intensity]) * 60) / 5) * 5);
    days.push({
      date,
      sport: intensity === 'rest' ? 'rest' : sportFor(intensity),
      title,
      intensity,
      duration_min: duration,
      plannedLoad,
      description: DESCRIPTIONS[intensity],
    });
  }
  const plan: WeeklyPlan = {
    weekStart,
    phase: facts.season.phase,
    loadCap: limits.cap,
    targetLoad: limits.target,
    totalPlannedLoad: 0,
    rules: [...limits.rules, ...sportRule(facts)],
    days,
  };
  return enforceLoadCap(plan, limits);
}
