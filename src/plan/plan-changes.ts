import { addDays } from '../analytics/calendar.js';
import { outlineLabel } from './plan-text.js';
import type { TrainingPlan } from './plan.types.js';

/** Changes listed one by one up to this many days (the 28 days fit), more are counted. */
export const MAX_CHANGE_LINES = 28;

interface DayEntry {
  date: string;
  label: string;
}

/** Each date of a plan's 28 days with its sessions in short words ("Thr run 53'"). */
function entries(plan: Pick<TrainingPlan, 'days' | 'weeks'>): Map<string, string> {
  const out = new Map<string, string>();
  const put = (e: DayEntry) => out.set(e.date, out.has(e.date) ? `${out.get(e.date)} + ${e.label}` : e.label);
  for (const day of plan.days ?? []) {
    if (!day.sessions?.length) out.set(day.date, 'rest');
    for (const s of day.sessions ?? []) put({ date: day.date, label: outlineLabel(s).slice(6) });
  }
  for (const week of plan.weeks ?? []) for (const s of week.sessions ?? []) put({ date: s.date, label: outlineLabel(s).slice(6) });
  return out;
}

const isV2 = (x: unknown): x is TrainingPlan => Boolean(x) && typeof x === 'object' && (x as TrainingPlan).schemaVersion === 2 && Array.isArray((x as TrainingPlan).days);

/** Said of a changed day no rule explains: a model's plan differs from the rules' revision there. */
export const MODEL_CHANGE = "the model's revision";

/**
 * What changed against the previous plan over the days both cover, in words, each with the
 * rule that changed it ("2026-12-03: Thr run 53' -> Rec run 40' (recovery gate (HRV below
 * normal): the hard run moved to Fri 12-05)"). `reasons` maps a date to its rules (from the
 * rule plan's revision); a changed day without one is the model's. Empty when there is no
 * earlier version-2 plan or the two do not overlap.
 */
export function planChanges(previous: unknown, next: TrainingPlan, reasons: ReadonlyMap<string, string> = new Map()): string[] {
  if (!isV2(previous)) return [];
  const before = entries(previous);
  const after = entries(next);
  const lines: string[] = [];
  // Every date of the new plan's 28 days the previous plan also covers (rest days included).
  const end = lastDate(next);
  const previousEnd = lastDate(previous);
  const overlap: string[] = [];
  for (let d = next.weekStart; d <= end; d = addDays(d, 1)) if (d >= previous.weekStart && d <= previousEnd) overlap.push(d);
  for (const date of overlap) {
    const was = before.get(date) ?? 'rest';
    const now = after.get(date) ?? 'rest';
    if (was !== now) lines.push(`${date}: ${was} -> ${now} (${reasons.get(date) ?? MODEL_CHANGE})`);
  }
  if (!overlap.length) return [];
  if (lines.length === 0) return [`no change to the days both plans cover (${overlap[0]} to ${overlap.at(-1)})`];
  return lines.length > MAX_CHANGE_LINES ? [...lines.slice(0, MAX_CHANGE_LINES), `and ${lines.length - MAX_CHANGE_LINES} more days changed`] : lines;
}

function lastDate(plan: TrainingPlan): string {
  const dates = [...plan.days.map((d) => d.date), ...(plan.weeks ?? []).flatMap((w) => [addDays(w.weekStart, 6), ...w.sessions.map((s) => s.date)])];
  return dates.sort().at(-1) ?? plan.weekStart;
}

/** The rule plan's reasons kept only for the dates where `plan` (a model's) holds the same sessions as the rule plan. */
export function reasonsWhereSame(rulePlan: TrainingPlan, plan: TrainingPlan, reasons: ReadonlyMap<string, string>): Map<string, string> {
  const rule = entries(rulePlan);
  const mine = entries(plan);
  return new Map([...reasons].filter(([date]) => (rule.get(date) ?? 'rest') === (mine.get(date) ?? 'rest')));
}
