import { createHash } from 'node:crypto';
import { addDays } from '../../analytics/calendar.js';
import type { PlannedSession, TrainingPlan } from '../plan.types.js';
import { stepsText } from './step-text.js';

/**
 * The plan's week as an iCalendar file (RFC 5545), built by the `ics` library: one all-day
 * event per session, its steps in the description. The UID is derived from the session id
 * (`date-index`) and the training config, so importing next week's export again updates
 * the same events instead of adding copies; SEQUENCE grows with each analysis so calendars
 * take the newer version.
 */

export interface IcsOptions {
  /** What makes the UIDs unique to one athlete's config (the config id). */
  scope: string;
  /** When the plan was made: SEQUENCE is its Unix time in seconds. */
  plannedAt: Date;
}

export function sessionUid(session: PlannedSession, scope: string): string {
  const tag = createHash('sha256').update(scope).digest('hex').slice(0, 12);
  return `${session.id}-${tag}@coach`;
}

function dateArray(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

export function sessionDescription(session: PlannedSession): string {
  return [
    session.purpose,
    session.description,
    '',
    `${session.duration_min} min, planned load ${session.plannedLoad}${session.key ? ', key session' : ''}`,
    ...stepsText(session.steps ?? [], session.sport).map((line) => `- ${line}`),
    session.targetSource ? `Targets: ${session.targetSource}` : '',
  ]
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}

export async function icsCalendar(plan: TrainingPlan, sessions: PlannedSession[], options: IcsOptions): Promise<string> {
  const { createEvents } = await import('ics');
  const sequence = Math.floor(options.plannedAt.getTime() / 1000);
  const events = sessions.map((session) => ({
    uid: sessionUid(session, options.scope),
    sequence,
    title: session.title,
    description: sessionDescription(session),
    categories: [session.sport, session.type],
    start: dateArray(session.date),
    end: dateArray(addDays(session.date, 1)),
    transp: 'TRANSPARENT' as const,
    productId: 'coach/plan',
    calName: `coach plan from ${plan.weekStart}`,
  }));
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('ics: no calendar produced');
  return value;
}
