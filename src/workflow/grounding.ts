import type { Facts } from '../analytics/facts.types.js';
import { BUILD_WEEKS, PEAK_WEEKS, TAPER_WEEKS } from './season-outline.js';
import { STARTER_MIN, STARTER_SESSIONS } from '../plan/plan-context.js';
import type { TrainingPlan } from '../plan/plan.types.js';

/**
 * Grounding: every number in the narrative must come from the facts or from a documented
 * rule. Allowed are
 * - every number in the facts and in the weekly plan (itself built from the facts by the
 *   rules in src/plan), rounded to 0, 1 or 2 decimals, and their unit conversions
 *   (seconds -> minutes / hours, metres -> km, fractions -> percent, minutes:seconds of a duration);
 * - the rule constants (ramp 1.1, 0.9, 70%, phase factors, 15% wellness cut, intensity-factor
 *   0.85 and 2 for monotony, phase weeks), small counts 0-14 (days, zones, sessions), and
 *   the percent of a rule;
 * - numbers inside ISO dates (checked as dates, not numbers) and identifiers such as Z1.
 */
const RULE_CONSTANTS = [1.1, 0.9, 0.95, 0.6, 0.5, 0.85, 0.7, 0.72, 0.8, 15, 70, 100, 2, 7, 14, 28, 42, 60, 20, TAPER_WEEKS, PEAK_WEEKS, BUILD_WEEKS, STARTER_MIN, STARTER_SESSIONS, 1.15, 1.2, 40, 25, 30];

function collectNumbers(value: unknown, out: number[]): void {
  if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectNumbers(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectNumbers(v, out);
  else if (typeof value === 'string') {
    // Numbers quoted inside fact strings ("10 km in 42:10") are facts too.
    for (const m of value.matchAll(/-?\d+(?:\.\d+)?/g)) out.push(Number(m[0]));
  }
}

const key = (n: number) => String(Math.round(n * 100) / 100);

export function allowedNumbers(facts: Facts, plan?: TrainingPlan | null, extra: unknown[] = []): Set<string> {
  const raw: number[] = [];
  collectNumbers(facts, raw);
  collectNumbers(plan ?? null, raw);
  collectNumbers(extra, raw);
  raw.push(...RULE_CONSTANTS);
  for (let i = 0; i <= 14; i++) raw.push(i);
  const allowed = new Set<string>();
  const add = (n: number) => {
    for (const d of [0, 1, 2]) {
      const f = 10 ** d;
      allowed.add(key(Math.round(n * f) / f));
      allowed.add(key(Math.round(Math.abs(n) * f) / f));
    }
  };
  for (const n of raw) {
    add(n);
    add(n / 60);
    add(n / 3600);
    add(n / 1000);
    add(n * 100);
    add(n * 7);
    add(Math.floor(n / 60));
    add(Math.round(n % 60));
  }
  return allowed;
}

/** The numbers in `text` that are not grounded (empty when every number is accounted for). */
export function ungroundedNumbers(text: string, allowed: Set<string>): string[] {
  const stripped = text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ')
    .replace(/\b[A-Za-z]+\d+\b/g, ' ');
  const bad: string[] = [];
  for (const m of stripped.matchAll(/\d+(?:\.\d+)?/g)) {
    if (!allowed.has(key(Number(m[0])))) bad.push(m[0]);
  }
  return [...new Set(bad)];
}
