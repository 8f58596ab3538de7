import { addDays } from '../analytics/calendar.js';
import type { Facts } from '../analytics/facts.types.js';
import type { OutlineSession, PlannedSession, TrainingPlan } from './plan.types.js';
import { easierSession, type ReadinessVerdict, readinessVerdict } from './readiness.js';

/** `coach today`: the day's planned sessions, the readiness verdict and, when red, what replaces them. */
export interface TodayAnswer {
  date: string;
  planWeekStart: string;
  /** The detailed sessions of the day (week 1 of the plan); empty on a rest day. */
  sessions: PlannedSession[];
  /** When the day is in the plan's outlined weeks 2-4: type and duration only. */
  outline: OutlineSession[];
  /** False when the plan does not reach this day (it is older than 28 days, or starts later). */
  covered: boolean;
  /** Why the day is what it is, when the plan says ("rest: race in 2 days"). */
  note: string | null;
  readiness: ReadinessVerdict;
  /** Red only: one easier session per planned session (races are kept). */
  replacements: PlannedSession[];
}

export function todayAnswer(plan: TrainingPlan, facts: Facts, date: string): TodayAnswer {
  const day = plan.days.find((d) => d.date === date);
  const outline = day ? [] : plan.weeks.flatMap((w) => w.sessions).filter((s) => s.date === date);
  const lastDay = [...plan.days.map((d) => d.date), ...plan.weeks.flatMap((w) => w.sessions.map((s) => s.date))].sort().at(-1) ?? plan.weekStart;
  const weeksEnd = plan.weeks.map((w) => addDays(w.weekStart, 6)).sort().at(-1) ?? lastDay;
  const covered = date >= plan.weekStart && date <= (weeksEnd > lastDay ? weeksEnd : lastDay);
  const sessions = day?.sessions ?? [];
  const readiness = readinessVerdict(facts, date);
  const replacements = readiness.verdict === 'red' ? sessions.map(easierSession).filter((s): s is PlannedSession => s !== null) : [];
  return { date, planWeekStart: plan.weekStart, sessions, outline, covered, note: day?.note ?? null, readiness, replacements };
}

