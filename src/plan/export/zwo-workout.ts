import { UserError } from '../../errors.js';
import type { PlannedSession, WorkoutItem, WorkoutStep } from '../plan.types.js';
import { stepText } from './step-text.js';

/**
 * A cycling session as a Zwift workout (.zwo): XML whose powers are fractions of FTP. The
 * plan's steps carry `intensityFactor` (the step's intensity as a fraction of threshold),
 * which is exactly that fraction for power-based rides, and a fair stand-in for rides planned
 * by heart rate; open steps become free rides. A work/recovery pair repeated becomes
 * IntervalsT, anything else is unrolled. Every text is XML-escaped.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes for element text and attribute values, and drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

const fraction = (step: WorkoutStep) => (Math.round(step.intensityFactor * 100) / 100).toFixed(2);

function secondsOf(step: WorkoutStep, session: PlannedSession): number {
  if (step.duration_s !== undefined) return Math.round(step.duration_s);
  throw new UserError(`zwo: session ${session.id} (${session.title}) has a step by distance; Zwift workouts need durations`);
}

function stepElement(step: WorkoutStep, session: PlannedSession): string {
  const duration = secondsOf(step, session);
  const text = step.note ? `\n      <textevent timeoffset="0" message="${xmlEscape(stepText(step, session.sport))}"/>\n    ` : '';
  const close = text ? `>${text}</` : '/>';
  const tag = (name: string, attributes: string) => (text ? `<${name} ${attributes}${close}${name}>` : `<${name} ${attributes}/>`);
  if (step.target.type === 'open') return tag('FreeRide', `Duration="${duration}"`);
  if (step.kind === 'warmup') return tag('Warmup', `Duration="${duration}" PowerLow="${fraction(step)}" PowerHigh="${fraction(step)}"`);
  if (step.kind === 'cooldown') return tag('Cooldown', `Duration="${duration}" PowerLow="${fraction(step)}" PowerHigh="${fraction(step)}"`);
  return tag('SteadyState', `Duration="${duration}" Power="${fraction(step)}"`);
}

function itemElements(item: WorkoutItem, session: PlannedSession): string[] {
  if (item.kind !== 'repeat') return [stepElement(item, session)];
  const [on, off] = item.steps;
  if (item.steps.length === 2 && on!.target.type !== 'open' && off!.target.type !== 'open' && !on!.note && !off!.note) {
    return [
      `<IntervalsT Repeat="${item.times}" OnDuration="${secondsOf(on!, session)}" OffDuration="${secondsOf(off!, session)}" OnPower="${fraction(on!)}" OffPower="${fraction(off!)}"/>`,
    ];
  }
  return Array.from({ length: item.times }, () => item.steps.map((s) => stepElement(s, session))).flat();
}

export function zwoWorkout(session: PlannedSession): string {
  if (session.sport !== 'cycling') throw new Error(`zwo is for rides, not ${session.sport}`);
  const description = [session.purpose, session.description, session.targetSource ? `Targets: ${session.targetSource}` : '']
    .filter(Boolean)
    .join('\n');
  const body = session.steps.flatMap((item) => itemElements(item, session)).map((line) => `    ${line}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<workout_file>',
    '  <author>coach</author>',
    `  <name>${xmlEscape(session.title)}</name>`,
    `  <description>${xmlEscape(description)}</description>`,
    '  <sportType>bike</sportType>',
    '  <tags>',
    `    <tag name="${xmlEscape(session.type)}"/>`,
    '  </tags>',
    '  <workout>',
    ...body,
    '  </workout>',
    '</workout_file>',
    '',
  ].join('\n');
}
