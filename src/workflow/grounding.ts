import type { Facts } from '../analytics/facts.types.js';
import { BUILD_WEEKS, PEAK_WEEKS, TAPER_WEEKS } from '../plan/season-outline.js';
import { STARTER_MIN, STARTER_SESSIONS } from '../plan/plan-context.js';

/**
 * Grounding: every number a model writes must be a fact of the same kind. A number in the
 * text is read with its unit (the word after it: W, bpm, km, h, %, ...) and its metric (the
 * nearest metric word before or after it in the sentence: CTL, FTP, HRV, resting HR, ...);
 * it passes only when a fact of a compatible metric, converted to that unit (seconds ->
 * minutes / hours / m:ss, metres -> km, fractions -> percent) and rounded to the text's
 * decimals, gives the same number. The facts are what the models were shown (their slices)
 * and the plan's own fields, with the sums of its days. Numbers with neither unit nor metric
 * may match any fact or a rule constant; small counts (3 sessions, 2 weeks) pass; dates and
 * identifiers (Z2) are not numbers. Text copied verbatim from a fact string (a plan rule, a
 * data note) is grounded as a whole.
 */

type Metric =
  | 'ctl' | 'atl' | 'tsb' | 'acwr' | 'ramp' | 'monotony' | 'strain' | 'power' | 'hrv' | 'restingHr' | 'maxHr' | 'hr'
  | 'sleep' | 'load' | 'distance' | 'duration' | 'pace' | 'vdot' | 'if' | 'sessions' | 'percent' | 'count' | 'race';
/** The unit a value is stored or written in. */
type Unit = 's' | 'min' | 'h' | 'm' | 'km' | 'w' | 'bpm' | 'ms' | 'pct' | 'clock' | null;

interface Fact { value: number; metric: Metric | null; unit: Unit }

/** Text words naming a metric, nearest wins. Order matters where words overlap (resting HR before HR). */
const TEXT_METRICS: [RegExp, Metric][] = [
  [/\bctl\b|\bfitness\b|chronic training load/gi, 'ctl'],
  [/\batl\b|\bfatigue\b/gi, 'atl'],
  [/\btsb\b|\bform\b|freshness/gi, 'tsb'],
  [/\bacwr\b|acute[:\s-]*(?:to[\s-]*)?chronic|\ba:c\b/gi, 'acwr'],
  [/\bramp(?: rate)?\b/gi, 'ramp'],
  [/\bmonotony\b/gi, 'monotony'],
  [/\bstrain\b/gi, 'strain'],
  [/\bftp\b|threshold power|critical power|\bpower\b|\bwatts?\b/gi, 'power'],
  [/\bhrv\b|\brmssd\b/gi, 'hrv'],
  [/resting (?:hr|heart rate|pulse)|\brhr\b/gi, 'restingHr'],
  [/max(?:imum)? (?:hr|heart rate)/gi, 'maxHr'],
  [/\bhr\b|heart rate|\bpulse\b/gi, 'hr'],
  [/\bsleep\w*/gi, 'sleep'],
  [/\bload\b|\btss\b|training stress|\bcap\b|\btarget\b/gi, 'load'],
  [/\bdistance\b|\bvolume\b|\bmileage\b/gi, 'distance'],
  [/\bpace\b|\bcss\b/gi, 'pace'],
  [/\bvdot\b|\bvo2\s?max\b/gi, 'vdot'],
  [/intensity factor|\bif\b/gi, 'if'],
  [/\bsessions?\b|\bworkouts?\b/gi, 'sessions'],
];

/** Which fact metrics a text metric may be backed by. */
const COMPATIBLE: Record<Metric, Metric[]> = {
  ctl: ['ctl'], atl: ['atl'], tsb: ['tsb'], acwr: ['acwr'], ramp: ['ramp'], monotony: ['monotony'], strain: ['strain'],
  power: ['power'], hrv: ['hrv'], restingHr: ['restingHr'], maxHr: ['maxHr'], hr: ['hr', 'restingHr', 'maxHr'],
  sleep: ['sleep'], load: ['load'], distance: ['distance'], duration: ['duration', 'sleep', 'pace', 'race'],
  pace: ['pace', 'duration'], vdot: ['vdot'], if: ['if'], sessions: ['sessions', 'count'], percent: ['percent'],
  count: ['count', 'sessions'], race: ['race', 'duration'],
};

/** The metric and unit of a fact from its key path (the facts' names carry their units). */
function classify(path: string[]): { metric: Metric | null; unit: Unit } {
  const last = path[path.length - 1] ?? '';
  const full = path.join('.').toLowerCase();
  const key = last.toLowerCase();
  const unit: Unit = /_s$|secper|^time_s|^target_s/.test(key) || /\b(run_s|swim_s)\b/.test(full) ? 's'
    : /_min$/.test(key) ? 'min'
      : /_m$/.test(key) ? 'm'
        : /_w$/.test(key) || full.includes('power_w') ? 'w'
          : /_bpm$/.test(key) || full.includes('_bpm') ? 'bpm'
            : /_ms$/.test(key) ? 'ms'
              : /_pct$/.test(key) || full.includes('_pct') ? 'pct' : null;
  const metric: Metric | null =
    /ctl/.test(key) ? 'ctl' : /atl/.test(key) ? 'atl' : /tsb/.test(key) ? 'tsb' : /acwr/.test(key) ? 'acwr'
      : /ramp/.test(key) ? 'ramp' : key === 'monotony' ? 'monotony' : key === 'strain' ? 'strain'
        : unit === 'w' ? 'power'
          : /hrv|lnrmssd/.test(full) ? 'hrv'
            : /restinghr/.test(full) ? 'restingHr' : /maxhr/.test(full) ? 'maxHr' : unit === 'bpm' ? 'hr'
              : /sleep/.test(full) ? 'sleep'
                : /load/.test(key) ? 'load'
                  : unit === 'm' ? 'distance'
                    : /pace|secper|run_s|swim_s/.test(full) ? 'pace'
                      : /gap|target_s|time_s|duration/.test(key) || unit === 'min' ? (/race/.test(full) ? 'race' : 'duration')
                        : /vdot/.test(key) ? 'vdot' : key === 'intensityfactor' ? 'if'
                          : key === 'sessions' || key === 'activities' ? 'sessions'
                            : unit === 'pct' ? 'percent'
                              : /days|weeks/.test(key) ? 'count' : null;
  return { metric, unit };
}

/** The rule constants of the plan (src/plan, season-outline.ts): ramp x1.1, 70%, taper weeks, ... */
const RULE_CONSTANTS = [1.1, 0.9, 0.95, 0.6, 0.5, 0.85, 0.7, 0.72, 0.8, 15, 70, 100, 2, 7, 14, 28, 42, 60, 20, TAPER_WEEKS, PEAK_WEEKS, BUILD_WEEKS, STARTER_MIN, STARTER_SESSIONS, 1.15, 1.2, 40, 25, 30];

const UNIT_AFTER: [RegExp, Unit | 'count'][] = [
  [/^\s?(?:%|percent\b)/i, 'pct'],
  [/^\s?(?:km|kilomet(?:er|re)s?)\b/i, 'km'],
  [/^\s?(?:m|metres|meters)\b(?!\s?:)/i, 'm'],
  [/^\s?(?:h|hrs?|hours?)\b/i, 'h'],
  [/^\s?(?:min|mins|minutes?)\b|^'/i, 'min'],
  [/^\s?(?:s|sec|secs|seconds?)\b/i, 's'],
  [/^\s?(?:w|watts?)\b/i, 'w'],
  [/^\s?bpm\b|^\s?beats/i, 'bpm'],
  [/^\s?ms\b/i, 'ms'],
  [/^\s?(?:x|×)/i, 'count'],
  [/^[\s-]?(?:days?|weeks?|sessions?|workouts?|runs?|rides?|swims?|times|intervals?|reps?|sets?|zones?|nights?|races?|months?|phases?|rest days?|hard days?|easy days?|key sessions?)\b/i, 'count'],
];

/** A number in model text with what it claims to be. */
export interface TextNumber {
  text: string; value: number; decimals: number; unit: Unit | 'count'; metric: Metric | null; index: number;
  /** Written as a multiplier ("x 1.1"). */
  factor?: boolean;
}

const METRIC_WINDOW_BEFORE = 48;
const METRIC_WINDOW_AFTER = 24;

/** The nearest metric word around position `at`, within the sentence. */
function metricNear(text: string, start: number, end: number): Metric | null {
  const sentenceStart = Math.max(text.lastIndexOf('\n', start), text.slice(0, start).search(/[.;!?]\s[^.;!?]*$/), start - METRIC_WINDOW_BEFORE, 0);
  const before = text.slice(sentenceStart, start);
  const afterEnd = Math.min(text.length, end + METRIC_WINDOW_AFTER);
  const rawAfter = text.slice(end, afterEnd);
  const after = rawAfter.split(/[.;!?\n,(]/)[0];
  let best: { distance: number; metric: Metric } | null = null;
  // "Sessions at or above intensity factor 0.85: 2": after a colon the subject is the sentence's first metric word.
  const colon = /:\s*$/.test(before);
  for (const [re, metric] of TEXT_METRICS) {
    if (colon) {
      const first = before.search(re);
      if (first >= 0 && (!best || -first < best.distance)) best = { distance: -first, metric };
      continue;
    }
    for (const m of before.matchAll(re)) {
      const distance = before.length - (m.index! + m[0].length);
      if (!best || distance < best.distance) best = { distance, metric };
    }
    for (const m of after.matchAll(re)) {
      const distance = m.index! + 4; // a word after the number counts a little less than one before
      if (!best || distance < best.distance) best = { distance, metric };
    }
  }
  return best?.metric ?? null;
}

/** Metrics a unit can measure; a metric word that does not fit the unit ("45 min with a load of") gives way to the unit's. */
const UNIT_METRICS: Partial<Record<NonNullable<Unit>, Metric[]>> = {
  s: ['duration', 'sleep', 'pace', 'race'], min: ['duration', 'sleep', 'pace', 'race'], h: ['duration', 'sleep', 'race'],
  clock: ['duration', 'sleep', 'pace', 'race'], km: ['distance'], m: ['distance'], w: ['power'], bpm: ['hr', 'restingHr', 'maxHr'], ms: ['hrv'],
};

function unitMetric(unit: Unit | 'count', metric: Metric | null): Metric | null {
  const fits = unit && unit !== 'count' ? UNIT_METRICS[unit] : undefined;
  if (!fits || (metric && fits.includes(metric))) return metric;
  return fits[0];
}

/** Every number of the text (dates, identifiers such as Z2 and copied fact strings removed first). */
export function numbersInText(text: string, copied: readonly string[] = []): TextNumber[] {
  let cleaned = text;
  for (const s of copied) if (cleaned.includes(s)) cleaned = cleaned.split(s).join(' '.repeat(s.length));
  cleaned = cleaned
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, (m) => ' '.repeat(m.length))
    // Short dates of the plan's outline ("12-09").
    .replace(/\b(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b(?!\s?(?:bpm|w|%|min|s\b))/gi, (m) => ' '.repeat(m.length))
    .replace(/\b[A-Za-z]+\d+[A-Za-z\d]*\b/g, (m) => (/^vo2/i.test(m) ? m.replace(/\d/g, ' ') : ' '.repeat(m.length)));
  const out: TextNumber[] = [];
  for (const m of cleaned.matchAll(/(?<![\d.])(\d{1,2}:\d{2}(?::\d{2})?|\d+(?:\.\d+)?)(?![\d])/g)) {
    const raw = m[1];
    const start = m.index!;
    const end = start + raw.length;
    if (raw.includes(':')) {
      const parts = raw.split(':').map(Number);
      const seconds = parts.length === 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
      out.push({ text: raw, value: seconds, decimals: 0, unit: 'clock', metric: unitMetric('clock', metricNear(cleaned, start, end)), index: start });
      continue;
    }
    const after = cleaned.slice(end, end + 24);
    const unit = UNIT_AFTER.find(([re]) => re.test(after))?.[1] ?? null;
    const factor = /[x×*]\s?$/i.test(cleaned.slice(Math.max(0, start - 2), start));
    out.push({ text: raw, value: Number(raw), decimals: raw.includes('.') ? raw.split('.')[1].length : 0, unit, metric: unitMetric(unit, metricNear(cleaned, start, end)), index: start, factor });
  }
  return out;
}

/** A fact value converted to the unit a text number is written in; null when it cannot be. */
function convert(fact: Fact, unit: Unit | 'count'): number[] {
  const v = fact.value;
  switch (unit) {
    case 'pct': return fact.unit === 'pct' ? [v] : fact.unit === null && Math.abs(v) <= 1 ? [v * 100] : [];
    case 'km': return fact.unit === 'm' ? [v / 1000] : fact.unit === 'km' ? [v] : [];
    case 'm': return fact.unit === 'm' ? [v] : [];
    case 'h': return fact.unit === 's' ? [v / 3600] : fact.unit === 'min' ? [v / 60] : fact.unit === 'h' ? [v] : [];
    case 'min': return fact.unit === 's' ? [v / 60, Math.floor(v / 60)] : fact.unit === 'min' ? [v] : [];
    case 's': return fact.unit === 's' ? [v, Math.round(v % 60)] : [];
    case 'w': return fact.unit === 'w' ? [v] : [];
    case 'bpm': return fact.unit === 'bpm' ? [v] : [];
    case 'ms': return fact.unit === 'ms' ? [v] : [];
    case 'clock': return fact.unit === 's' || fact.unit === 'clock' ? [v] : fact.unit === 'min' ? [v * 60] : [];
    default:
      // No unit written: the fact as stored, or in its usual presentations.
      if (fact.unit === 's') return [v, v / 60, v / 3600, Math.floor(v / 60)];
      if (fact.unit === 'm') return [v, v / 1000];
      if (fact.unit === 'min') return [v, v / 60];
      if (fact.unit === null && Math.abs(v) <= 1) return [v, v * 100];
      return [v];
  }
}

const sameAtDecimals = (fact: number, text: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(Math.abs(fact) * f) === Math.round(text * f);
};

export interface GroundingIndex {
  facts: Fact[];
  /** Numbers with no kind (inside fact strings without a unit, rule constants, the athlete's answers). */
  loose: number[];
  /** Fact strings with digits, long enough to be recognised when copied verbatim. */
  copied: string[];
}

const TARGET_KINDS: Record<string, Omit<Fact, 'value'>> = {
  power: { metric: 'power', unit: 'w' }, heart_rate: { metric: 'hr', unit: 'bpm' }, pace: { metric: 'pace', unit: 's' },
};

/** Walks JSON values, collecting numeric leaves with their metric and unit, and strings. */
function collect(value: unknown, path: string[], index: GroundingIndex, depth = 0): void {
  if (depth > 12) return;
  if (typeof value === 'number' && Number.isFinite(value)) {
    index.facts.push({ value, ...classify(path) });
  } else if (typeof value === 'string') {
    if (/\d/.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
      if (value.length >= 12) index.copied.push(value);
      for (const n of numbersInText(value)) {
        if (n.unit === null && n.metric === null) index.loose.push(n.value);
        else index.facts.push({ value: n.value, metric: n.metric, unit: n.unit === 'count' ? null : n.unit });
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => collect(v, path, index, depth + 1));
    // Derivable from the list itself: the sum of each numeric field (a week's minutes or load).
    // Lists nested in the items count too: a plan's sessions summed over all its days.
    const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
    const objects = value.filter(isObject);
    const sumFields = (items: Record<string, unknown>[], at: string[]) => {
      if (items.length < 2) return;
      const keys = new Set(items.flatMap((o) => Object.keys(o).filter((k) => typeof o[k] === 'number')));
      for (const k of keys) index.facts.push({ value: items.reduce((s, o) => s + (typeof o[k] === 'number' ? (o[k] as number) : 0), 0), ...classify([...at, k]) });
    };
    sumFields(objects, path);
    const nestedKeys = new Set(objects.flatMap((o) => Object.keys(o).filter((k) => Array.isArray(o[k]))));
    for (const k of nestedKeys) sumFields(objects.flatMap((o) => (Array.isArray(o[k]) ? (o[k] as unknown[]).filter(isObject) : [])), [...path, k]);
  } else if (value && typeof value === 'object') {
    // A plan step's target names its kind in `type` ({ type: 'heart_rate', low, high }).
    const kind = TARGET_KINDS[(value as { type?: string }).type ?? ''];
    for (const [k, v] of Object.entries(value)) {
      if (kind && typeof v === 'number' && (k === 'low' || k === 'high')) index.facts.push({ value: v, ...kind });
      else collect(v, [...path, k], index, depth + 1);
    }
  }
}

/** The grounding index of what the models were shown: facts (or their slices), the plan, the athlete's answers. */
export function groundingIndex(sources: unknown[]): GroundingIndex {
  const index: GroundingIndex = { facts: [], loose: [...RULE_CONSTANTS], copied: [] };
  for (const source of sources) collect(source, [], index);
  index.copied.sort((a, b) => b.length - a.length);
  return index;
}

/** @deprecated name kept for callers: the index of the whole facts, the plan and extra values. */
export function allowedNumbers(facts: Facts, plan?: unknown, extra: unknown[] = []): GroundingIndex {
  return groundingIndex([facts, plan ?? null, ...extra]);
}

/** Whether one number of the text is backed by a fact of its kind. */
export function isGrounded(n: TextNumber, index: GroundingIndex): boolean {
  // Small structural counts ("3 sessions", "2 x 10 min", "2 weeks"), or a rule's window ("28 days").
  if (n.unit === 'count' && n.decimals === 0 && (n.value <= 20 || index.loose.includes(n.value))) return true;
  // A rule's factor ("x 1.1") or threshold ("intensity factor 0.85").
  if ((n.factor || n.metric === 'if') && RULE_CONSTANTS.includes(n.value)) return true;
  const candidates = n.metric ? index.facts.filter((f) => f.metric !== null && COMPATIBLE[n.metric!].includes(f.metric)) : index.facts;
  const unit = n.unit === 'count' ? null : n.unit;
  const tolerance = n.unit === 'clock' ? 1 : 0;
  for (const fact of candidates) {
    for (const v of convert(fact, unit)) {
      if (tolerance ? Math.abs(Math.abs(v) - n.value) <= tolerance : sameAtDecimals(v, n.value, n.decimals)) return true;
    }
  }
  // Numbers without a kind: a rule constant, a number quoted in a fact string, an answer.
  if (n.metric === null && (n.unit === null || n.unit === 'pct' || n.unit === 'count')) {
    return index.loose.some((v) => sameAtDecimals(v, n.value, n.decimals) || (n.unit === 'pct' && Math.abs(v) <= 1 && sameAtDecimals(v * 100, n.value, n.decimals)));
  }
  return false;
}

/** A flagged number and the words around it, for the report. */
export interface GroundingFlag { number: string; context: string }

/** The numbers in `text` that no fact of their kind backs, with their context (empty when all are grounded). */
export function groundingFlags(text: string, index: GroundingIndex): GroundingFlag[] {
  const flags: GroundingFlag[] = [];
  for (const n of numbersInText(text, index.copied)) {
    if (isGrounded(n, index)) continue;
    const context = text.slice(Math.max(0, n.index - 40), n.index + n.text.length + 20).replace(/\s+/g, ' ').trim();
    if (!flags.some((f) => f.number === n.text)) flags.push({ number: n.text, context });
  }
  return flags;
}

/** The numbers in `text` that are not grounded (empty when every number is accounted for). */
export function ungroundedNumbers(text: string, index: GroundingIndex): string[] {
  return groundingFlags(text, index).map((f) => f.number);
}
