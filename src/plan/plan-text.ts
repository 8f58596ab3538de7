import { targetText } from './athlete-targets.js';
import type { OutlineSession, PlannedSession, TrainingPlan, WorkoutItem, WorkoutStep } from './plan.types.js';
import type { SeasonOutline } from './season-outline.js';

/** The plan in words: one line per step list, one line per session, a 28-day strip. */

const minutes = (s: number) => (s % 60 === 0 ? `${s / 60} min` : `${Math.round(s / 6) / 10} min`);

function stepText(step: WorkoutStep, sport: string): string {
  const amount = typeof step.duration_s === 'number' ? minutes(step.duration_s) : `${step.distance_m} m`;
  const zone = 'zone' in step.target && step.target.zone ? `${step.target.zone} ` : '';
  return `${amount} ${step.kind === 'work' || step.kind === 'steady' ? '' : `${step.kind} `}${zone}${targetText(step.target, sport)}`.replace(/\s+/g, ' ').trim();
}

/** "15 min warmup Z2 5:21-6:00/km; 4 x (5 min Z4 4:25-4:38/km, 2 min recovery Z1 ...); 10 min cooldown ..." */
export function stepsText(steps: readonly WorkoutItem[], sport: string): string {
  return steps
    .map((item) => (item.kind === 'repeat' ? `${item.times} x (${item.steps.map((s) => stepText(s, sport)).join(', ')})` : stepText(item, sport)))
    .join('; ');
}

export function sessionLine(s: PlannedSession): string {
  return `${s.title} (${s.sport}, ${s.duration_min} min, load ${s.plannedLoad}): ${s.purpose} Steps: ${stepsText(s.steps, s.sport)}.`;
}

const SOURCE_WORDS: Record<TrainingPlan['source'], string> = {
  rules: 'built by coach\'s rules',
  model: 'written by the model, checked by coach\'s rules',
  model_repaired: 'written by the model, corrected once after coach\'s checks',
  rules_fallback: 'built by coach\'s rules: the model\'s plan broke the rules twice',
};

export const sourceWords = (source: TrainingPlan['source']) => SOURCE_WORDS[source] ?? source;

/**
 * The plan as the weekly planner's result text (Markdown): week 1 with steps, the rules, the outline.
 * `rules: false` leaves the rules out where the text just above already listed them (the terminal
 * after analyze prints the recommendations, which say why the plan looks as it does).
 */
export function planMarkdown(plan: TrainingPlan, options: { rules?: boolean } = {}): string {
  const last = plan.days.at(-1)?.date ?? plan.weekStart;
  const lines = [`## Next 7 days (${plan.weekStart} to ${last})`, '', `Phase: ${plan.phase}. Planned load ${plan.totalPlannedLoad}; ${sourceWords(plan.source)}.`, ''];
  for (const day of plan.days) {
    if (day.sessions.length === 0) lines.push(`- ${day.date}: ${day.note ?? 'rest'}`);
    for (const s of day.sessions) lines.push(`- ${day.date}: ${sessionLine(s)}`);
  }
  if (options.rules !== false && plan.rules.length) lines.push('', 'Rules that shaped the plan:', ...plan.rules.map((r) => `- ${r}`));
  if (plan.changes?.length) lines.push('', 'Changed since the last plan:', ...plan.changes.map((c) => `- ${c}`));
  if (plan.weeks.length) {
    lines.push('', 'Weeks 2-4 (outline):');
    for (const w of plan.weeks) lines.push(`- Week of ${w.weekStart} (${w.phase}): ${w.sessions.map(outlineLabel).join(', ') || 'rest'}`);
  }
  return lines.join('\n');
}

const TYPE_SHORT: Record<string, string> = {
  recovery: 'Rec', easy: 'Easy', endurance: 'End', long: 'Long', tempo: 'Tempo', threshold: 'Thr', vo2max: 'VO2', race_pace: 'RP', opener: 'Open', race: 'RACE', strength: 'Str', mobility: 'Mob',
};
const SPORT_SHORT: Record<string, string> = { running: 'run', cycling: 'ride', swimming: 'swim', strength: '', mobility: '', other: '' };

export function outlineLabel(s: Pick<OutlineSession, 'sport' | 'type' | 'duration_min' | 'date'>): string {
  return `${s.date.slice(5)} ${[TYPE_SHORT[s.type] ?? s.type, SPORT_SHORT[s.sport] ?? s.sport].filter(Boolean).join(' ')} ${s.duration_min}'`;
}

/** Four rows of seven cells (the 28 days), each "Thr run 53'" / "Rest"; week 1 from its sessions. */
export function calendarStrip(plan: Pick<TrainingPlan, 'days' | 'weeks'>): Array<{ date: string; label: string }[]> {
  const cell = (date: string, sessions: Array<Pick<OutlineSession, 'sport' | 'type' | 'duration_min'>>) => ({
    date,
    label: sessions.length ? sessions.map((s) => `${[TYPE_SHORT[s.type] ?? s.type, SPORT_SHORT[s.sport] ?? s.sport].filter(Boolean).join(' ')} ${s.duration_min}'`).join(' + ') : 'Rest',
  });
  const rows = [plan.days.map((d) => cell(d.date, d.sessions))];
  for (const w of plan.weeks) {
    const row = [];
    for (let i = 0; i < 7; i++) {
      const d = new Date(`${w.weekStart}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + i);
      const date = d.toISOString().slice(0, 10);
      row.push(cell(date, w.sessions.filter((s) => s.date === date)));
    }
    rows.push(row);
  }
  return rows;
}

/** One line per season block: "base: 2026-12-02 to 2027-01-12 (6 weeks): running 200 min a week, long run 95 min; focus: ...; B race ...". */
export function seasonLines(outline: SeasonOutline): string[] {
  return outline.blocks.map((b) => {
    const volume = b.sports.map((t) => `${t.sport} ${t.weekly_min} min a week`).join(', ');
    const longest = b.sports.map((t) => `long ${SPORT_SHORT[t.sport] || t.sport} ${t.longest_min} min`).join(', ');
    const races = b.races.map((r) => `${r.priority} race ${r.name} on ${r.date}: ${r.handling}`).join('; ');
    if (b.phase === 'race') return `race: ${b.from}: ${b.focus}`;
    return `${b.phase}: ${b.from} to ${b.to} (${b.weeks} weeks)${volume ? `: ${volume}` : ''}${longest ? `, ${longest}` : ''}; focus: ${b.focus}${races ? `; ${races}` : ''}`;
  });
}
