import { outlineLabel } from './plan-text.js';
import type { TrainingPlan } from './plan.types.js';

/** Most changes listed one by one; more are counted. */
export const MAX_CHANGE_LINES = 10;

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

/**
 * What changed against the previous plan over the days both cover, in words
 * ("2026-12-03: Thr run 53' -> Easy run 40'"). Empty when there is no earlier version-2 plan
 * or the two do not overlap.
 */
export function planChanges(previous: unknown, next: TrainingPlan): string[] {
  if (!isV2(previous)) return [];
  const before = entries(previous);
  const after = entries(next);
  const lines: string[] = [];
  const overlap = [...after.keys()].filter((d) => d >= next.weekStart && (before.has(d) || (d >= previous.weekStart && d <= lastDate(previous)))).sort();
  for (const date of overlap) {
    const was = before.get(date) ?? 'rest';
    const now = after.get(date) ?? 'rest';
    if (was !== now) lines.push(`${date}: ${was} -> ${now}`);
  }
  if (!overlap.length) return [];
  if (lines.length === 0) return [`no change to the days both plans cover (${overlap[0]} to ${overlap.at(-1)})`];
  return lines.length > MAX_CHANGE_LINES ? [...lines.slice(0, MAX_CHANGE_LINES), `and ${lines.length - MAX_CHANGE_LINES} more days changed`] : lines;
}

function lastDate(plan: TrainingPlan): string {
  const dates = [...plan.days.map((d) => d.date), ...(plan.weeks ?? []).flatMap((w) => w.sessions.map((s) => s.date))];
  return dates.sort().at(-1) ?? plan.weekStart;
}
