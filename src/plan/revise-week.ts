import { addDays, daysBetween } from '../analytics/calendar.js';
import { weekdayOf } from './availability.js';
import { MIN_REST_DAYS, NO_CONSECUTIVE_LONG_RULE, type PlanContext, type PreviousSession } from './plan-context.js';
import type { TrainingPhase } from '../analytics/facts.types.js';
import type { PlanSport } from './plan.types.js';
import { MIN_SESSION_MIN, sportNoun } from './session-library.js';
import { type Item, type ItemKind, nextTo, type Slot, type SportWeek } from './week-slots.js';

/**
 * The revision: the next plan starts from the previous plan's days and changes only what a
 * rule forces (COACHING.md, "Every rule that changed the plan is named"). A session stays on
 * its date with its sport, type and duration unless the day is now a rest or race day, the
 * recovery gate or a race forbids it, the athlete's words rule its sport out, the week allows
 * fewer hard sessions or less time, or availability shrank. A hard or long session that must
 * leave its day swaps with the nearest easy day that may hold it; every changed day records
 * the rule in `slot.why`.
 */

/** A kept week may run this much over the rules' volume for the week before it is trimmed (the previous plan's progression differs by a few percent). */
export const REVISION_VOLUME_SLACK = 1.1;
/** Two strength sessions kept in one window are at least this many days apart. */
export const STRENGTH_DAYS_APART = 4;
/** An easy session made from a hard or long one that cannot move is at most this long, minutes. */
export const DEMOTED_EASY_MAX_MIN = 60;

const HARD_TYPES = new Set(['threshold', 'vo2max', 'race_pace', 'tempo']);
const EASY_TYPES = new Set(['easy', 'recovery', 'endurance']);
const dayName = (date: string) => `${weekdayOf(date).slice(0, 1).toUpperCase()}${weekdayOf(date).slice(1)} ${date.slice(5)}`;
const gated = (s: Slot) => Boolean(s.noHard?.startsWith('recovery gate'));
const endurance = (i: Item) => i.kind !== 'strength';

function itemOf(p: PreviousSession): Item | null {
  const sport = p.sport as PlanSport;
  const minutes = p.duration_min;
  if (p.type === 'long') return { kind: 'long', sport, minutes, fixed: true };
  if (HARD_TYPES.has(p.type)) return { kind: 'hard', sport, minutes, fixed: true, hardType: p.type === 'vo2max' ? 'vo2max' : p.type === 'tempo' ? 'tempo' : 'threshold' };
  if (p.type === 'strength') return { kind: 'strength', sport: 'strength', minutes, fixed: true };
  if (EASY_TYPES.has(p.type)) return { kind: 'easy', sport, minutes, fixed: true, easyType: p.type as Item['easyType'] };
  return null;
}

interface Displaced {
  item: Item;
  from: Slot;
  why: string;
}

const label = (i: Item) => `${i.kind === 'hard' ? (i.hardType === 'tempo' ? 'tempo' : 'hard') : i.kind} ${sportNoun(i.sport)}`;

/**
 * Keeps the previous plan's sessions on the week's covered dates where the rules allow,
 * moves or demotes the rest, and trims the volume the rules now want lower. Updates the
 * sport weeks' budgets and counts so the fresh fill only adds what is still owed.
 */
export interface RevisionLimits {
  phase: TrainingPhase;
  twoADay: boolean;
  /** Hard sessions the week may keep (all sports). */
  hardAllowance: number;
  /** Per sport, the most minutes the week may hold (week 1: the validator's limit). */
  weekLimit: Partial<Record<PlanSport, number>>;
  /** The rule that lowers the week's volume (gate, taper, recovery week...), null when only the progression differs. */
  volumeForced: string | null;
}

export function keepPrevious(ctx: PlanContext, slots: Slot[], weeks: SportWeek[], limits: RevisionLimits): void {
  const range = ctx.previousRange;
  if (!range) return;
  const { phase, twoADay } = limits;
  const week = (sport: PlanSport) => weeks.find((w) => w.sport === sport);
  const hardKept = () => weeks.reduce((n, w) => n + w.hardPlaced, 0);
  // Days just outside the week, as the previous plan holds them: no hard or long day next to one across the week's edges.
  const beyond = (date: string): Item[] => (ctx.previous.get(date) ?? []).map(itemOf).filter((i): i is Item => i !== null);
  const near = (s: Slot, kinds: ItemKind[]) => nextTo(slots, s, kinds)
    || (s === slots[0] && beyond(addDays(s.date, -1)).some((i) => kinds.includes(i.kind)))
    || (s === slots.at(-1) && beyond(addDays(s.date, 1)).some((i) => kinds.includes(i.kind)));
  const displaced: Displaced[] = [];
  // Strength once a week: in a 7-day window shifted over the previous plan two of its sessions may fall, kept when 4 or more days apart.
  let strengthOn: string | null = null;

  const keep = (slot: Slot, item: Item) => {
    slot.items.push(item);
    if (item.kind === 'strength') {
      strengthOn = slot.date;
      return;
    }
    const w = week(item.sport);
    if (!w) return;
    w.sessions--;
    w.budget -= item.minutes;
    if (item.kind === 'hard') w.hardPlaced++;
    if (item.kind === 'long') {
      w.longPlaced = true;
      w.longMin = item.minutes;
    }
  };
  const demote = (slot: Slot, item: Item, why: string) => {
    const minutes = Math.min(item.minutes, DEMOTED_EASY_MAX_MIN, Math.max(0, slot.minutes - used(slot)));
    slot.why.push(why);
    if (minutes >= MIN_SESSION_MIN && !slot.rest) keep(slot, { kind: 'easy', sport: item.sport, minutes, fixed: true });
  };
  const used = (slot: Slot) => slot.items.reduce((sum, i) => sum + i.minutes, 0);

  for (const slot of slots) {
    if (slot.date < range.from || slot.date > range.to) continue;
    slot.covered = true;
    const previous = ctx.previous.get(slot.date) ?? [];
    if (slot.race) {
      if (!previous.some((p) => p.type === 'race')) slot.why.push(`race: ${slot.race.race.name} (${slot.race.race.priority})`);
      continue;
    }
    if (slot.items.some((i) => i.kind === 'opener')) {
      if (!previous.some((p) => p.type === 'opener')) slot.why.push('opener the day before a race');
      continue;
    }
    if (slot.rest) {
      // A new rest day (availability) sends its hard or long session to another day (the move names the rest day); a day already trained on keeps nothing.
      const moving = slot.rest.startsWith('done today') ? [] : previous.map(itemOf).filter((item): item is Item => Boolean(item && (item.kind === 'hard' || item.kind === 'long') && week(item.sport) && !ctx.constraints.avoid.some((a) => a.sport === item.sport)));
      for (const item of moving) displaced.push({ item, from: slot, why: slot.rest.replace(/^rest: /, '') });
      if (previous.length > moving.length) slot.why.push(slot.rest);
      continue;
    }
    // A session that no longer has a place at all (its sport is gone, its race removed) frees the day for the fresh fill.
    let released = false;
    for (const p of previous) {
      const item = itemOf(p);
      if (!item) {
        slot.why.push(p.type === 'race' ? 'the race is no longer on your calendar' : p.type === 'opener' ? 'no race the day after: no opener' : `${p.type} sessions are not planned by the rules`);
        released = true;
        continue;
      }
      const avoid = ctx.constraints.avoid.find((a) => a.sport === item.sport);
      if (avoid) {
        const alt = ctx.replacements[item.sport];
        slot.why.push(`no ${item.sport} this week (${avoid.reason})${alt && alt !== 'rest' ? `: easy ${alt} instead` : ''}`);
        if (alt && alt !== 'rest' && week(alt) && item.kind !== 'strength') {
          keep(slot, { kind: 'easy', sport: alt, minutes: Math.min(item.minutes, ctx.longLimit[alt] ?? DEMOTED_EASY_MAX_MIN, 90), fixed: true });
        }
        continue;
      }
      if (item.kind === 'strength') {
        if (phase !== 'base' && phase !== 'build') slot.why.push(`strength only in base and build (this week: ${phase})`);
        else if (strengthOn && daysBetween(strengthOn, slot.date) < STRENGTH_DAYS_APART) slot.why.push('strength once a week');
        else keep(slot, item);
        continue;
      }
      const w = week(item.sport);
      if (!w) {
        slot.why.push(`no ${item.sport} now: not one of your sports this week`);
        released = true;
        continue;
      }
      if (!twoADay && slot.items.some(endurance)) {
        slot.why.push('two sessions in one day are not allowed by your availability');
        continue;
      }
      const room = slot.minutes - used(slot);
      if (item.kind === 'hard') {
        if (slot.noHard) displaced.push({ item, from: slot, why: slot.noHard });
        else if (w.replacementFor || hardKept() >= limits.hardAllowance) demote(slot, item, `${limits.hardAllowance === 0 ? 'no hard session' : `at most ${limits.hardAllowance} hard session${limits.hardAllowance === 1 ? '' : 's'}`} this week (${ctx.constraints.noHard ?? `${phase} phase`})`);
        else if (near(slot, ['hard', 'race'])) demote(slot, item, 'hard sessions never on consecutive days');
        else if (item.minutes > room) displaced.push({ item, from: slot, why: `${room} min available on ${slot.weekday}` });
        else keep(slot, item);
        continue;
      }
      if (item.kind === 'long') {
        if (slot.noLong) displaced.push({ item, from: slot, why: slot.noLong });
        else if (w.longMin <= 0 || w.longPlaced) demote(slot, item, `no long ${sportNoun(w.sport)} this week (${phase} phase)`);
        else if (near(slot, ['long'])) displaced.push({ item, from: slot, why: NO_CONSECUTIVE_LONG_RULE });
        else {
          const minutes = Math.min(item.minutes, w.longCap, room);
          if (minutes < item.minutes) slot.why.push(minutes === room ? `${room} min available on ${slot.weekday}` : `the long ${sportNoun(w.sport)} is at most ${w.longCap} min this week (longest-session rule)`);
          if (minutes >= MIN_SESSION_MIN) keep(slot, { ...item, minutes });
        }
        continue;
      }
      // Easy.
      const minutes = Math.min(item.minutes, room);
      if (minutes < item.minutes) slot.why.push(`${room} min available on ${slot.weekday}`);
      if (gated(slot) && item.easyType !== 'recovery') slot.why.push(`${slot.noHard}: easy becomes recovery`);
      if (minutes >= MIN_SESSION_MIN) keep(slot, { ...item, minutes });
    }
    if (released && slot.items.length === 0) slot.covered = false;
  }

  const canTakeHard = () => hardKept() < limits.hardAllowance;
  for (const d of displaced) relocate(slots, d, week, near, canTakeHard, keep, demote);
  trimVolume(slots, weeks, limits);
}

/**
 * Moves a displaced hard or long session to the nearest day (later days first) that may hold
 * it and holds at most one easy session; that easy session takes the freed day. Without such a
 * day the session becomes easy on its own day.
 */
function relocate(
  slots: Slot[], d: Displaced, week: (sport: PlanSport) => SportWeek | undefined, near: (s: Slot, kinds: ItemKind[]) => boolean,
  canTakeHard: () => boolean, keep: (s: Slot, i: Item) => void, demote: (s: Slot, i: Item, why: string) => void,
): void {
  const { item, from } = d;
  const w = week(item.sport)!;
  const hard = item.kind === 'hard';
  // Rest days of the week (a day already trained on is not one); moving onto one must leave MIN_REST_DAYS.
  const restDays = slots.filter((s) => s.items.length === 0 && !s.race && !s.rest?.startsWith('done today')).length;
  const fits = (s: Slot) =>
    s !== from && !s.rest && !s.race && !(hard ? s.noHard : s.noLong) && s.minutes >= item.minutes
    && s.items.length <= 1 && s.items.every((i) => i.kind === 'easy')
    && (s.items.length > 0 || restDays - 1 >= MIN_REST_DAYS)
    && !near(s, hard ? ['hard', 'race'] : ['long']);
  const order = (s: Slot) => {
    const ahead = s.date > from.date;
    const distance = Math.abs(slots.indexOf(s) - slots.indexOf(from));
    const sameSport = s.items.some((i) => i.sport === item.sport);
    // Later days first (the gate or the race lifts), then a same-sport easy day (a clean swap), then the nearest.
    return (ahead ? 0 : 100) + (sameSport ? 0 : 10) + distance;
  };
  const target = slots.filter(fits).sort((a, b) => order(a) - order(b))[0];
  if (!target || (hard && !canTakeHard()) || (!hard && w.longPlaced)) {
    demote(from, item, `${d.why}: no day this week can take the ${label(item)}`);
    return;
  }
  const swapped = target.items.splice(0, target.items.length);
  keep(target, item);
  target.why.push(`the ${label(item)} moved here from ${dayName(from.date)} (${d.why})`);
  from.why.push(`${d.why}: the ${label(item)} moved to ${dayName(target.date)}`);
  for (const s of swapped) {
    // The easy session takes the freed day, shortened to the time the day has.
    const room = from.rest ? 0 : from.minutes - from.items.reduce((sum, i) => sum + i.minutes, 0);
    const minutes = Math.min(s.minutes, room);
    const sw = week(s.sport);
    if (minutes >= MIN_SESSION_MIN) from.items.push({ ...s, minutes });
    if (sw) {
      sw.budget += s.minutes - (minutes >= MIN_SESSION_MIN ? minutes : 0);
      if (minutes < MIN_SESSION_MIN) sw.sessions++;
    }
  }
  if (!swapped.length && !from.rest && from.items.length === 0 && from.minutes >= MIN_SESSION_MIN) {
    // Nothing to swap back: the freed day keeps an easy session of the sport.
    keep(from, { kind: 'easy', sport: item.sport, minutes: Math.min(item.minutes, DEMOTED_EASY_MAX_MIN, from.minutes), fixed: true });
  }
}

/**
 * When the kept sessions of a sport run over what the rules allow this week (the recovery
 * gate, a taper, the athlete's words lower it; a 7-day window shifted over two of the previous
 * plan's weeks), the easy sessions are shortened: those inside the recovery gate first, then
 * the longest. Still over (week 1 must keep the validator's limit): easy sessions are dropped,
 * then the long session is shortened, then a hard session becomes easy.
 */
function trimVolume(slots: Slot[], weeks: SportWeek[], limits: RevisionLimits): void {
  for (const w of weeks) {
    const mine = () => slots.filter((s) => s.covered).flatMap((s) => s.items.filter((i) => i.sport === w.sport && i.fixed).map((i) => ({ s, i })));
    let kept = mine().reduce((sum, x) => sum + x.i.minutes, 0);
    const hardLimit = limits.weekLimit[w.sport] ?? Number.POSITIVE_INFINITY;
    // Only a rule that lowers the volume trims towards the week's target; otherwise only the validator's limit does.
    const limit = Math.min(limits.volumeForced ? w.target * REVISION_VOLUME_SLACK : Number.POSITIVE_INFINITY, hardLimit);
    if (kept <= limit) continue;
    const why = (s: Slot) => (gated(s) ? `${s.noHard}: less volume`
      : limits.volumeForced && limit < hardLimit ? `${limits.volumeForced}: ${w.sport} at most about ${Math.round(limit)} min this week`
        : `${w.sport} at most ${Math.round(limit)} min this week (1.2x your 4-week mean)`);
    const cut = (s: Slot, i: Item, minutes: number) => {
      kept -= i.minutes - minutes;
      w.budget += i.minutes - minutes;
      s.why.push(why(s));
      if (minutes === 0) {
        s.items.splice(s.items.indexOf(i), 1);
        w.sessions++;
      } else i.minutes = minutes;
    };
    const easyFirst = () => mine().filter((x) => x.i.kind === 'easy').sort((a, b) => Number(gated(b.s)) - Number(gated(a.s)) || b.i.minutes - a.i.minutes);
    for (const { s, i } of easyFirst()) {
      if (kept <= limit) break;
      const minutes = Math.max(MIN_SESSION_MIN, Math.floor((i.minutes - (kept - limit)) / 5) * 5);
      if (minutes < i.minutes) cut(s, i, minutes);
    }
    // The rest only when the week would break the validator's limit.
    for (const { s, i } of easyFirst()) if (kept > hardLimit) cut(s, i, 0);
    for (const { s, i } of mine().filter((x) => x.i.kind === 'long')) {
      if (kept <= hardLimit) break;
      cut(s, i, Math.max(MIN_SESSION_MIN, Math.floor((i.minutes - (kept - hardLimit)) / 5) * 5));
    }
    for (const { s, i } of mine().filter((x) => x.i.kind === 'hard').reverse()) {
      if (kept <= hardLimit) break;
      const minutes = Math.max(MIN_SESSION_MIN, Math.min(DEMOTED_EASY_MAX_MIN, Math.floor((i.minutes - (kept - hardLimit)) / 5) * 5));
      i.kind = 'easy';
      delete i.hardType;
      w.hardPlaced--;
      cut(s, i, minutes);
    }
  }
}

/** Split at the first ": " outside parentheses: "recovery gate (HRV low): less volume" -> ["recovery gate (HRV low)", "less volume"]. */
function headOf(text: string): [string, string] | null {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && text[i + 1] === ' ' && depth === 0) return [text.slice(0, i), text.slice(i + 2)];
  }
  return null;
}

/** A day's reasons in one phrase, those of the same rule together ("recovery gate (HRV low): the hard run moved to Fri 12-04, less volume"). */
export function joinReasons(reasons: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const r of new Set(reasons)) {
    const split = headOf(r);
    const [head, rest] = split ?? [r, ''];
    const list = groups.get(head) ?? [];
    if (rest && !list.includes(rest)) list.push(rest);
    groups.set(head, list);
  }
  return [...groups].map(([head, rests]) => (rests.length ? `${head}: ${rests.join(', ')}` : head)).join('; ');
}
