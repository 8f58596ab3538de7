import { addDays, daysBetween } from '../analytics/calendar.js';
import { nextPlanAdvice } from '../analytics/compliance.js';
import type { Facts, TrainingPhase } from '../analytics/facts.types.js';
import type { AthleteConstraints } from './athlete-constraints.js';
import type { SportHistory } from './athlete-history.js';
import { type Availability, weekdayOf, WEEKDAYS, type Weekday } from './availability.js';
import { ACWR_HOLD, LONG_GROWTH, LONG_STEP_MIN, MAX_HARD_HIGH_VOLUME, MIN_REST_DAYS, NO_CONSECUTIVE_LONG_RULE, NO_HARD_BEFORE_RACE_DAYS, phaseOfWeek, planContext, type PlanContext, type PlanRace, STARTER_MIN, STARTER_SESSIONS, WEEKLY_GROWTH } from './plan-context.js';
import { planChanges } from './plan-changes.js';
import { round1 } from './plan-math.js';
import { joinReasons, keepPrevious } from './revise-week.js';
import { free, hasKind, type Item, type ItemKind, nextTo, type Slot, type SportWeek } from './week-slots.js';
import { PLAN_SCHEMA_VERSION, type PlanDay, type PlannedSession, type PlanSport, type PlanWeek, type TrainingPlan } from './plan.types.js';
import { easySession, longSession, MIN_SESSION_MIN, openerSession, raceSession, type SessionContext, sportNoun, strengthSession, tempoSession, thresholdSession, THRESHOLD_WORK_MAX, THRESHOLD_WORK_MIN, vo2Session, VO2_WORK_MAX, VO2_WORK_MIN } from './session-library.js';

/**
 * The rule plan: 28 days from the analysis date, week 1 in full (sessions with steps), weeks
 * 2-4 as an outline, built from the athlete's own last 4 weeks per sport, their thresholds,
 * their recovery, their races and their availability. Every rule that shaped the plan is
 * named in `rules`; src/plan/validate.ts checks the result with the same limits.
 */

/** Week volume over the 4-week mean, weeks 1-4: grow ~5% a week, step back in week 4 (COACHING.md). */
export const WEEK_FACTORS = [WEEKLY_GROWTH, WEEKLY_GROWTH * 1.04, WEEKLY_GROWTH * 1.08, 0.8];
/** The same with ACWR above ACWR_HOLD: hold, then grow slowly. */
export const HOLD_FACTORS = [1, 1.04, 1.08, 0.8];
/** Volume in recovery / transition weeks and the week after an A race. */
export const RECOVERY_VOLUME = 0.6;
/** Taper volume: down to this share in the race week (COACHING.md: 40-60% less). */
export const TAPER_FLOOR = 0.5;
/** The long session grows by at most this many minutes a week towards a race's demand. */
export const LONG_WEEKLY_STEP_MIN = 10;
/** The long session holds at most this share of its sport's week. */
export const LONG_MAX_SHARE = 0.5;
/** Longest long session a race needs, by distance (marathon: 2.5-3 h, reached over months). */
export function raceLongDemandMin(distance_m: number | null): number {
  const km = (distance_m ?? 10_000) / 1000;
  if (km >= 40) return 165;
  if (km >= 20) return 120;
  if (km >= 10) return 90;
  return 75;
}
/** Default long-session day when the athlete has not set one. */
export const DEFAULT_LONG_DAY: Weekday = 'sun';
export { MIN_REST_DAYS } from './plan-context.js';
/** Share of the week's time below the first threshold (COACHING.md: 75-80%). */
export const TARGET_EASY_SHARE = 0.8;
/** Strength once a week in base and build (COACHING.md: welcome at low load). */
export const STRENGTH_MIN = 30;
/** Said when a week in base or build has no day with room for the strength session. */
export const STRENGTH_LEFT_OUT = `strength left out of a week: no day with ${STRENGTH_MIN} min to spare beside the endurance sessions`;

export interface BuildOptions {
  availability?: Availability | null;
  constraints?: AthleteConstraints;
}

/** An ordered set of rule texts (each rule once, in the order it first applied). */
class Rules {
  readonly list: string[] = [];
  add(text: string) {
    if (!this.list.includes(text)) this.list.push(text);
  }
}

const fmtMin = (m: number) => `${Math.round(m)} min`;
const dayName = (date: string) => `${weekdayOf(date).slice(0, 1).toUpperCase()}${weekdayOf(date).slice(1)} ${date}`;

/**
 * The week's volume over the 4-week mean, and the rule that forces it down when one does (a
 * taper, a recovery week, the recovery gate, the athlete's words, overreaching): a revision
 * trims the previous plan's days only for those, not for the week-to-week progression.
 */
function volumeFactor(ctx: PlanContext, weekStart: string, k: number, phase: TrainingPhase, rules: Rules): { factor: number; forced: string | null } {
  let forced: string | null = null;
  const acwr = ctx.facts.load.current.acwrEwma ?? ctx.facts.load.current.acwrRolling;
  const hold = acwr !== null && acwr > ACWR_HOLD;
  let factor = (hold ? HOLD_FACTORS : WEEK_FACTORS)[k]!;
  if (k === 0 && hold) rules.add(`acute:chronic load ${acwr!.toFixed(2)} above ${ACWR_HOLD}: volume held at your 4-week mean`);
  if (k === 3) rules.add('week 4 steps back (about 20% less) so the body absorbs the block');
  const nextA = ctx.races.find((r) => r.race.priority === 'A' && r.race.date >= weekStart);
  if (nextA) {
    const toRace = daysBetween(addDays(weekStart, 3), nextA.race.date);
    if (toRace <= nextA.taperDays) {
      const taper = Math.min(0.9, Math.max(TAPER_FLOOR, TAPER_FLOOR + (1 - TAPER_FLOOR) * (Math.max(0, toRace) / nextA.taperDays)));
      factor = Math.min(factor, taper);
      forced = `taper for ${nextA.race.name}`;
      rules.add(`taper for ${nextA.race.name} (A, ${nextA.race.date}): ${nextA.taperDays} days, volume down to ${Math.round(TAPER_FLOOR * 100)}% in race week, intensity short and sharp`);
    }
  }
  const afterA = ctx.races.find((r) => r.race.priority === 'A' && r.race.date < weekStart && daysBetween(r.race.date, weekStart) <= r.recoveryDays + 3);
  if (phase === 'recovery' || phase === 'transition' || afterA) {
    factor = Math.min(factor, RECOVERY_VOLUME);
    forced = afterA ? `easy days after ${afterA.race.name}` : `${phase} phase`;
    rules.add(`${afterA ? `after ${afterA.race.name}` : `${phase} phase`}: volume at ${Math.round(RECOVERY_VOLUME * 100)}%, easy only`);
  }
  if (k === 0 && ctx.gate.gated) {
    factor *= ctx.gate.volumeFactor;
    forced = `recovery gate (${ctx.gate.reasons.join(', ')})`;
  }
  if (k === 0 && ctx.constraints.volumeFactor < 1) {
    factor *= ctx.constraints.volumeFactor;
    forced = ctx.constraints.noHard ?? 'your answer';
  }
  // Done against planned: the athlete keeps doing more than planned, so this week's volume is capped lower.
  const advice = nextPlanAdvice(ctx.facts.compliance);
  if (k === 0 && advice.loadCapFactor < 1) {
    factor *= advice.loadCapFactor;
    forced ??= 'done more than planned: volume capped lower';
  }
  return { factor, forced };
}

/** The endurance sports of a week with their minutes, session counts, long session and hard sessions. */
function sportWeeks(ctx: PlanContext, weekStart: string, k: number, phase: TrainingPhase, rules: Rules): { weeks: SportWeek[]; hardAllowance: number; volumeForced: string | null } {
  const { factor, forced: volumeForced } = volumeFactor(ctx, weekStart, k, phase, rules);
  const endurance = ctx.sports.filter((s) => s !== 'strength' && s !== 'mobility');
  const hist = new Map<PlanSport, SportHistory>(ctx.history.sports.map((h) => [h.sport as PlanSport, h]));
  const weeks: SportWeek[] = [];
  for (const sport of endurance) {
    const h = hist.get(sport);
    const replaced = (Object.entries(ctx.replacements) as Array<[PlanSport, PlanSport | 'rest']>).filter(([, alt]) => alt === sport).map(([from]) => from);
    const moved = replaced.reduce((s, from) => s + (hist.get(from)?.weeklyMin ?? 0), 0);
    const movedSessions = replaced.reduce((s, from) => s + (hist.get(from)?.sessionsPerWeek ?? 0), 0);
    const weekly = ctx.starter ? STARTER_SESSIONS * STARTER_MIN : (h?.weeklyMin ?? 0) + moved;
    if (weekly <= 0) continue;
    const budget = Math.round(weekly * factor);
    let sessions = ctx.starter ? STARTER_SESSIONS : Math.max(1, Math.round((h?.sessionsPerWeek ?? 0) + movedSessions));
    sessions = Math.max(1, Math.min(sessions, 7, Math.floor(budget / MIN_SESSION_MIN)));
    const longest = ctx.starter ? STARTER_MIN : Math.max(h?.longestMin ?? 0, replaced.length ? Math.min(60, hist.get(replaced[0]!)?.longestMin ?? 0) : 0);
    weeks.push({ sport, budget, target: budget, sessions, longMin: longest, longCap: 0, longPlaced: false, hard: 0, hardPlaced: 0, ...(replaced.length && !h ? { replacementFor: replaced[0] } : {}) });
  }
  weeks.sort((a, b) => b.budget - a.budget);
  // The A race's sport leads (its key sessions), then the rest by volume.
  const raceSport = ctx.races.find((r) => r.race.priority === 'A')?.sport;
  if (raceSport) weeks.sort((a, b) => Number(b.sport === raceSport) - Number(a.sport === raceSport));

  // Long sessions: the main sport, and a second land sport for a multisport athlete.
  const nextA = ctx.races.find((r) => r.race.priority === 'A' && r.race.date >= weekStart);
  const demand = raceLongDemandMin(nextA?.race.distance_m ?? null);
  weeks.forEach((w, i) => {
    const eligible = w.sessions >= 2 && !w.replacementFor && (i === 0 || (i === 1 && w.sport !== 'swimming' && w.budget >= 90));
    if (!eligible || w.longMin <= 0 || ctx.starter) {
      w.longMin = 0;
      return;
    }
    let cap = w.longMin;
    for (let i2 = 0; i2 <= k; i2++) cap = Math.max(cap * LONG_GROWTH, cap + LONG_STEP_MIN);
    // A revision keeps a long session up to this week's cap (never above the validator's limit in week 1).
    w.longCap = Math.round(k === 0 ? Math.min(cap, ctx.longLimit[w.sport] ?? cap) : cap);
    const want = Math.max(w.longMin, Math.min(w.longMin + LONG_WEEKLY_STEP_MIN * (k + 1), nextA ? Math.max(demand, w.longMin) : w.longMin + LONG_WEEKLY_STEP_MIN * (k + 1)));
    let long = Math.min(cap, want, Math.max(w.budget * LONG_MAX_SHARE, MIN_SESSION_MIN));
    if (k === 3) long = Math.min(long, w.longMin);
    long = Math.min(long, w.longMin * (factor < 1 ? Math.max(factor, TAPER_FLOOR) + 0.1 : 10));
    w.longMin = Math.max(MIN_SESSION_MIN, Math.round(long / 5) * 5);
  });

  // Hard sessions: 2 (3 for a high-volume athlete in build or peak), fewer when the phase, a break or the athlete's words say so.
  const raceThisWeek = ctx.races.some((r) => r.race.date >= weekStart && r.race.date <= addDays(weekStart, 6) && r.race.priority === 'A');
  const base = ctx.maxHard === MAX_HARD_HIGH_VOLUME && (phase === 'build' || phase === 'peak') ? MAX_HARD_HIGH_VOLUME : 2;
  if (base === MAX_HARD_HIGH_VOLUME && k === 0) rules.add(`3 hard sessions allowed: ${Math.round(ctx.history.totalWeeklyMin / 60)} h a week is high volume (2 for most athletes)`);
  const totalSessions = weeks.reduce((s, w) => s + w.sessions, 0);
  const limited = (n: number) => {
    let h = n;
    if (phase === 'taper') h = Math.min(h, 1);
    if (phase === 'recovery' || phase === 'transition' || raceThisWeek) h = 0;
    if (ctx.starter) h = 0;
    if (ctx.history.returningFromBreak && k <= 1) h = Math.min(h, k);
    if (k === 0 && ctx.constraints.noHard) h = 0;
    return h;
  };
  // Three sessions a week or fewer: one hard. A revision may keep up to `hardAllowance`: the
  // limits without that preference (a 7-day window shifted over the previous plan can hold the
  // hard days of two of its weeks, still at most 2 and never on consecutive days).
  let hard = limited(totalSessions <= 3 ? 1 : base);
  const hardAllowance = limited(base);
  if (ctx.history.returningFromBreak && k === 0) rules.add(`back from a ${ctx.history.daysSinceLast}-day break: restart at 60% of the 4 weeks before it, no hard session in week 1, one in week 2`);
  if (k === 0 && ctx.constraints.noHard) rules.add(`no hard session this week: ${ctx.constraints.noHard}`);
  for (let round = 0; hard > 0 && round < 3; round++) {
    for (const w of weeks) {
      if (hard === 0) break;
      if (w.replacementFor || w.sessions - (w.longMin > 0 ? 1 : 0) - w.hard < 2) continue;
      w.hard++;
      hard--;
    }
  }
  return { weeks, hardAllowance, volumeForced };
}

function slotsFor(ctx: PlanContext, weekStart: string, k: number, rules: Rules): Slot[] {
  const av = ctx.availability;
  const slots: Slot[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(weekStart, i);
    const weekday = weekdayOf(date);
    const minutes = av?.minutes[weekday] ?? Number.POSITIVE_INFINITY;
    const rest = av?.restDays.includes(weekday) ? 'rest: your fixed rest day' : minutes === 0 ? 'rest: no time available' : null;
    slots.push({ date, weekday, minutes, rest, race: null, noHard: null, noLong: null, items: [], covered: false, why: [] });
  }
  const at = (date: string) => slots.find((s) => s.date === date);
  if (k === 0 && ctx.history.today.length) {
    slots[0]!.rest = `done today: ${ctx.history.today.map((t) => `${t.sport} ${t.minutes} min`).join(', ')}`;
  }
  if (k === 0 && ctx.gate.gated) {
    const until = addDays(weekStart, ctx.gate.days - 1);
    for (const s of slots.slice(0, ctx.gate.days)) s.noHard = s.noLong = `recovery gate (${ctx.gate.reasons.join(', ')})`;
    rules.add(`recovery gate: ${ctx.gate.reasons.join(', ')}: no hard or long session until ${dayName(until)}, volume x${ctx.gate.volumeFactor}`);
  }
  for (const r of ctx.races) {
    const race = at(r.race.date);
    if (race) {
      race.race = r;
      race.rest = null;
      rules.add(`race: ${r.race.name} (${r.race.priority}) on ${dayName(r.race.date)}${r.race.targetTime ? `, target ${r.race.targetTime}` : ''}${r.race.priority === 'C' ? ', trained through' : ''}`);
    }
    const before = r.race.priority === 'C' ? 1 : NO_HARD_BEFORE_RACE_DAYS;
    for (let d = 1; d <= before; d++) {
      const s = at(addDays(r.race.date, -d));
      if (s) {
        // The validator's rule for every race: nothing hard or long in the days before (a C race: the day before).
        s.noHard = `${r.race.name} in ${d} day${d > 1 ? 's' : ''}`;
        s.noLong = s.noHard;
        rules.add(`nothing hard in the ${before} day${before > 1 ? 's' : ''} before ${r.race.name}`);
      }
    }
    for (let d = 1; d <= r.recoveryDays; d++) {
      const s = at(addDays(r.race.date, d));
      if (s) {
        s.noHard = s.noLong = `easy after ${r.race.name}`;
        rules.add(`${r.recoveryDays} easy day${r.recoveryDays > 1 ? 's' : ''} after ${r.race.name}`);
      }
    }
  }
  return slots;
}

/** `before` is the last day of the week built before this one: no hard or long day next to its own kind across the weeks' edge. */
function weekSlots(ctx: PlanContext, weekStart: string, k: number, rules: Rules, before?: Slot): { slots: Slot[]; phase: TrainingPhase } {
  const phase = phaseOfWeek(ctx, weekStart, k);
  const slots = slotsFor(ctx, weekStart, k, rules);
  const { weeks, hardAllowance, volumeForced } = sportWeeks(ctx, weekStart, k, phase, rules);
  const av = ctx.availability;
  const longDay = av?.longDay ?? (av ? WEEKDAYS.reduce((best, d) => ((av.minutes[d] ?? 1440) > (av.minutes[best] ?? 1440) ? d : best), DEFAULT_LONG_DAY) : DEFAULT_LONG_DAY);

  // Without a stated availability, two a day only for an athlete who already doubles or trains more often than there are days.
  const habitualSessions = ctx.history.sports.reduce((n, h) => n + h.sessionsPerWeek, 0);
  const twoADay = av ? av.twoADay : ctx.history.doubleDays >= 2 || habitualSessions > 7 - MIN_REST_DAYS;

  // Races.
  for (const s of slots) if (s.race) s.items.push({ kind: 'race', sport: s.race.sport, minutes: s.race.minutes });

  // Openers the day before A and B races.
  for (const s of slots) {
    if (!s.race || s.race.race.priority === 'C') continue;
    const before = slots.find((x) => x.date === addDays(s.date, -1));
    const sport = s.race.sport === 'other' ? (weeks[0]?.sport ?? 'running') : s.race.sport;
    const w = weeks.find((x) => x.sport === sport);
    if (before && free(before) && w && w.sessions > 0) {
      before.items.push({ kind: 'opener', sport, minutes: 32 });
      w.sessions--;
      w.budget -= 32;
      rules.add(`opener the day before ${s.race.race.name}`);
    }
  }

  const edgeNear = (s: Slot, kinds: ItemKind[]) => nextTo(slots, s, kinds) || (s === slots[0] && hasKind(before, kinds));
  // A revision: the previous plan's days stay where the rules allow (revise-week.ts); the fill below only adds what is still owed.
  keepPrevious(ctx, slots, weeks, { phase, twoADay, hardAllowance, weekLimit: k === 0 ? ctx.weekLimit : {}, volumeForced });

  // Long sessions: the main sport on the long day, a second sport two days before it (never two long days in a row).
  const longIndex = WEEKDAYS.indexOf(longDay);
  const longs = weeks.filter((w) => w.longMin > 0);
  if (longs.length + weeks.filter((w) => w.longPlaced).length > 1) rules.add(NO_CONSECUTIVE_LONG_RULE);
  longs.filter((w) => !w.longPlaced).forEach((w, i) => {
    const preferred = WEEKDAYS[(longIndex - 2 * i + 7) % 7]!;
    const order = [...slots].sort((a, b) => Number(b.weekday === preferred) - Number(a.weekday === preferred) || b.date.localeCompare(a.date));
    const slot = order.find((s) => free(s) && !s.noLong && s.minutes >= MIN_SESSION_MIN && !edgeNear(s, ['long']));
    if (!slot) {
      w.longMin = 0;
      return;
    }
    const minutes = Math.min(w.longMin, slot.minutes);
    slot.items.push({ kind: 'long', sport: w.sport, minutes });
    w.longMin = minutes;
    w.sessions--;
    w.budget -= minutes;
  });

  // Hard sessions on days apart from each other and from the long day, never consecutive.
  const hardOrder: Weekday[] = ['tue', 'thu', 'wed', 'sat', 'fri', 'mon', 'sun'];
  let hardIndex = 0;
  const threshold = (w: SportWeek) => {
    const h = ctx.history.sports.find((x) => x.sport === w.sport);
    return Math.min(THRESHOLD_WORK_MAX, Math.max(THRESHOLD_WORK_MIN, (h?.hardWorkMin ?? 0) + 5) + 5 * Math.min(k, 2));
  };
  for (const w of weeks) {
    for (let n = w.hardPlaced; n < w.hard; n++) {
      const near = edgeNear;
      const candidates = slots.filter((s) => free(s) && !s.noHard && s.minutes >= 45 && !near(s, ['hard', 'race']));
      candidates.sort((a, b) => Number(near(a, ['long'])) - Number(near(b, ['long'])) || hardOrder.indexOf(a.weekday) - hardOrder.indexOf(b.weekday));
      const slot = candidates[0];
      if (!slot) {
        rules.add('a hard session was left out: no day fits it apart from the other key sessions');
        w.hard = n;
        break;
      }
      const type = hardIndex === 0 || phase === 'base' || phase === 'taper' ? 'threshold' : 'vo2max';
      const workMin = type === 'threshold' ? (phase === 'taper' ? THRESHOLD_WORK_MIN : threshold(w)) : Math.min(VO2_WORK_MAX, VO2_WORK_MIN + 3 * Math.min(k, 2));
      const minutes = type === 'threshold' ? 25 + workMin + Math.round(workMin / 4) * 2 : 25 + workMin * 2;
      if (minutes > slot.minutes) {
        slot.items.push({ kind: 'hard', sport: w.sport, minutes: slot.minutes, hardType: 'tempo', workMin: Math.max(10, slot.minutes - 25) });
      } else {
        slot.items.push({ kind: 'hard', sport: w.sport, minutes, hardType: type, workMin });
      }
      hardIndex++;
      w.sessions--;
      w.budget -= Math.min(minutes, slot.minutes);
    }
  }

  // Easy sessions on the free days, keeping a rest day; doubles only when allowed.
  // A day already trained on (the analysis date) is not a rest day.
  const restDays = () => slots.filter((s) => !s.rest?.startsWith('done today') && (s.rest || (s.items.length === 0 && !s.race))).length;
  const easyQueue: SportWeek[] = [];
  for (let round = 0; round < 7; round++) for (const w of weeks) if (w.sessions > round) easyQueue.push(w);
  // A sport with no session yet goes first: a triathlete keeps all three sports.
  const hasSession = (sport: PlanSport) => slots.some((s) => s.items.some((i) => i.sport === sport));
  easyQueue.sort((a, b) => Number(hasSession(a.sport)) - Number(hasSession(b.sport)));
  const placed = new Map<PlanSport, number>();
  let dropped = 0;
  for (const w of easyQueue) {
    let slot = slots.find((s) => free(s) && s.minutes >= MIN_SESSION_MIN && restDays() > MIN_REST_DAYS);
    if (slot) {
      // Prefer a day after a key session (easy follows hard), then any free day.
      const after = slots.filter((s) => free(s) && s.minutes >= MIN_SESSION_MIN && hasKind(slots[slots.indexOf(s) - 1], ['hard', 'long', 'race']));
      if (after.length) slot = after[0];
    } else if (twoADay) {
      // Beside an easy session first, beside a long one (a brick) only when no easy day is left.
      const beside = (kind: ItemKind) => slots.find((s) => !s.race && !s.rest && !s.covered && s.items.length === 1 && s.items[0]!.sport !== w.sport && s.items[0]!.kind === kind && s.minutes - s.items[0]!.minutes >= MIN_SESSION_MIN);
      slot = beside('easy') ?? beside('long');
      if (slot) rules.add('two sessions on some days: allowed by your availability or your habit');
    }
    if (!slot) {
      dropped++;
      continue;
    }
    slot.items.push({ kind: 'easy', sport: w.sport, minutes: 0 });
    placed.set(w.sport, (placed.get(w.sport) ?? 0) + 1);
  }
  if (dropped) rules.add(`${dropped} easy session${dropped > 1 ? 's' : ''} left out: not enough free days (a rest day is kept${twoADay ? '' : ', no two-a-days'})`);

  // Size the easy sessions from what is left of each sport's minutes.
  for (const w of weeks) {
    const mine = slots.flatMap((s) => s.items.filter((i) => i.kind === 'easy' && i.sport === w.sport && !i.fixed).map((i) => ({ s, i })));
    if (!mine.length) continue;
    const ceiling = Math.max(MIN_SESSION_MIN, Math.min(w.longMin > 0 ? w.longMin * 0.8 : (ctx.longLimit[w.sport] ?? 60), 90));
    const each = Math.min(ceiling, Math.max(MIN_SESSION_MIN, w.budget / mine.length));
    let left = w.budget;
    for (const { s, i } of mine) {
      const room = s.minutes - s.items.filter((x) => x !== i).reduce((sum, x) => sum + x.minutes, 0);
      const minutes = Math.min(each, room, Math.max(0, left));
      if (minutes < MIN_SESSION_MIN) {
        s.items.splice(s.items.indexOf(i), 1);
        continue;
      }
      i.minutes = Math.round(minutes / 5) * 5;
      left -= i.minutes;
    }
  }

  // About 80% easy: while the hard work is more than 20% of the week, the last hard session becomes easy.
  const hardWork = (i: Item) => (i.kind === 'hard' ? (i.workMin ?? 0) : i.kind === 'opener' ? 4 : 0);
  for (;;) {
    const items = slots.flatMap((s) => s.items.filter((i) => i.kind !== 'race'));
    const total = items.reduce((sum, i) => sum + i.minutes, 0);
    const hardMin = items.reduce((sum, i) => sum + hardWork(i), 0);
    if (total === 0 || hardMin / total <= 1 - TARGET_EASY_SHARE) break;
    const last = [...items].reverse().find((i) => i.kind === 'hard');
    if (!last) break;
    last.kind = 'easy';
    delete last.hardType;
    slots.find((s) => s.items.includes(last))?.why.push(`at least ${Math.round(TARGET_EASY_SHARE * 100)}% of the week easy: the hard session became easy`);
    rules.add(`a hard session became easy: at least ${Math.round(TARGET_EASY_SHARE * 100)}% of the week stays easy`);
  }

  // Strength once a week in base and build, from week 1: on a free day while a rest day is
  // kept, else beside an easy session (strength is not a second endurance session, so no
  // two-a-day allowance is needed), away from the gate and from the day before a key session.
  const strengthRule = `strength ${STRENGTH_MIN} min once a week in base and build: low load, for resilience`;
  if ((phase === 'base' || phase === 'build') && ctx.sports.includes('strength') && !slots.some((s) => hasKind(s, ['strength']))) {
    const beforeKey = (s: Slot) => hasKind(slots[slots.indexOf(s) + 1], ['hard', 'long', 'race']);
    // A revision whose previous plan has strength sessions keeps their days: a new one only on a day it leaves open.
    const previousHasStrength = [...ctx.previous.values()].some((list) => list.some((p) => p.type === 'strength'));
    const room = (s: Slot) => s.minutes - s.items.reduce((sum, i) => sum + i.minutes, 0) >= STRENGTH_MIN;
    // Beside easy sessions first, else after a hard session ("hard days hard"); never on a long or race day.
    const besideEasy = slots
      .filter((s) => !s.rest && !s.race && !(previousHasStrength && s.covered) && room(s) && s.items.length >= 1 && s.items.length <= 2 && s.items.every((i) => i.kind === 'easy' || (i.kind === 'hard' && s.items.length === 1)))
      .sort((a, b) => Number(a.covered) - Number(b.covered) || Number(hasKind(a, ['hard'])) - Number(hasKind(b, ['hard'])) || a.items.length - b.items.length
        || Number(Boolean(a.noHard)) - Number(Boolean(b.noHard)) || Number(beforeKey(a)) - Number(beforeKey(b)));
    const slot = slots.find((s) => free(s) && restDays() > MIN_REST_DAYS && s.minutes >= STRENGTH_MIN) ?? besideEasy[0];
    if (slot) {
      slot.items.push({ kind: 'strength', sport: 'strength', minutes: STRENGTH_MIN });
      if (slot.covered) slot.why.push(strengthRule);
      rules.add(strengthRule);
    } else rules.add(STRENGTH_LEFT_OUT);
  } else if (slots.some((s) => hasKind(s, ['strength']))) rules.add(strengthRule);
  return { slots, phase };
}

function materialise(ctx: PlanContext, slot: Slot): PlannedSession[] {
  return slot.items.map((item, index) => {
    const sc: SessionContext = { date: slot.date, index, sport: item.sport, zones: ctx.zones };
    switch (item.kind) {
      case 'race':
        return raceSession(sc, { id: slot.race!.race.id, name: slot.race!.race.name, priority: slot.race!.race.priority, targetTime: slot.race!.race.targetTime }, item.minutes);
      case 'long':
        return longSession(sc, item.minutes);
      case 'opener':
        return openerSession(sc);
      case 'hard':
        return item.fixed ? hardOfDuration(sc, item.hardType ?? 'threshold', item.minutes) : hardSession(sc, item.hardType ?? 'threshold', item.workMin!);
      case 'strength':
        return strengthSession(sc, item.minutes);
      default:
        return easySession(sc, item.minutes, slot.noHard && slot.noHard.startsWith('recovery') ? 'recovery' : (item.easyType ?? 'easy'));
    }
  });
}

function hardSession(sc: SessionContext, type: 'threshold' | 'vo2max' | 'tempo', workMin: number): PlannedSession {
  return type === 'vo2max' ? vo2Session(sc, workMin) : type === 'tempo' ? tempoSession(sc, workMin) : thresholdSession(sc, workMin);
}

/** Work ranges by hard type, minutes: a kept session is rebuilt with the work that gives its previous duration. */
const WORK_RANGE = { threshold: [THRESHOLD_WORK_MIN, THRESHOLD_WORK_MAX], vo2max: [VO2_WORK_MIN, VO2_WORK_MAX], tempo: [10, 30] } as const;

/** Duration of each (type, work) hard session, minutes: it depends on the reps only, not on the athlete's targets, so it is computed once. */
const HARD_DURATION = new Map<string, number>();

/** A hard session kept from the previous plan: the same type and, as near as its reps allow, the same duration. */
function hardOfDuration(sc: SessionContext, type: 'threshold' | 'vo2max' | 'tempo', minutes: number): PlannedSession {
  const [low, high] = WORK_RANGE[type];
  const durationOf = (work: number) => {
    const key = `${type}:${work}`;
    if (!HARD_DURATION.has(key)) HARD_DURATION.set(key, hardSession(sc, type, work).duration_min);
    return HARD_DURATION.get(key)!;
  };
  let best: number = low;
  for (let work = low + 1; work <= high; work++) if (Math.abs(durationOf(work) - minutes) < Math.abs(durationOf(best) - minutes)) best = work;
  return hardSession(sc, type, best);
}

function dayNote(slot: Slot): string | undefined {
  if (slot.items.length === 0) return slot.rest ?? (slot.noHard ? `rest: ${slot.noHard}` : 'rest');
  if (slot.noHard && !slot.race && !slot.items.some((i) => i.kind === 'opener')) return `easy: ${slot.noHard}`;
  return undefined;
}

/** The rule plan for the 28 days from the analysis date. */
export function buildRulePlan(facts: Facts, options: BuildOptions = {}): TrainingPlan {
  return buildPlanFromContext(planContext(facts, options));
}

export function buildPlanFromContext(ctx: PlanContext): TrainingPlan {
  return buildRevision(ctx).plan;
}

/**
 * The rule plan and, when there is a previous plan, why each of its days changed (date ->
 * the rules that changed it, joined). The plan's `changes` name those rules.
 */
export function buildRevision(ctx: PlanContext): { plan: TrainingPlan; reasons: Map<string, string> } {
  const rules = new Rules();
  const reasons = new Map<string, string>();
  const noteWhy = (slots: Slot[]) => {
    for (const s of slots) if (s.why.length) reasons.set(s.date, joinReasons(s.why));
  };
  if (ctx.starter) rules.add(`no training history: a starter week of ${STARTER_SESSIONS} easy ${STARTER_MIN}-minute sessions`);
  else {
    rules.add(`volume from your last 4 weeks, per sport: ${ctx.history.sports.map((h) => `${h.sport} ${fmtMin(h.weeklyMin)} a week`).join(', ')}; week 1 at most x${WEEKLY_GROWTH.toFixed(2)}`);
    const longs = ctx.history.sports.filter((h) => h.longestMin > 0 && ctx.longLimit[h.sport] !== undefined).map((h) => `${sportNoun(h.sport)} ${fmtMin(h.longestMin)} -> at most ${fmtMin(ctx.longLimit[h.sport] ?? 0)}`);
    if (longs.length) rules.add(`longest session from your longest of the last 4 weeks (x${LONG_GROWTH} or +${LONG_STEP_MIN} min): ${longs.join(', ')}`);
  }
  for (const a of ctx.constraints.avoid) {
    const alt = ctx.replacements[a.sport];
    rules.add(`no ${a.sport} this week (${a.reason}): ${alt && alt !== 'rest' ? `easy ${alt} instead` : 'rest instead'}`);
  }
  if (ctx.constraints.volumeFactor < 1) rules.add(`volume x${ctx.constraints.volumeFactor} this week: ${ctx.constraints.noHard ?? 'your answer'}`);
  // Done against planned (the previous plan's week): missed key sessions are not stacked onto the
  // next days (each week is built from the volume rules, never from what is owed), and repeated
  // overreaching lowers the cap (volumeFactor); the plan names both.
  for (const rule of nextPlanAdvice(ctx.facts.compliance).rules) rules.add(rule);

  const first = weekSlots(ctx, ctx.start, 0, rules);
  let lastSlot = first.slots.at(-1);
  noteWhy(first.slots);
  const days: PlanDay[] = first.slots.map((slot) => {
    const note = dayNote(slot);
    return { date: slot.date, sessions: materialise(ctx, slot), ...(note ? { note } : {}) };
  });
  const targetSources = [...new Set(days.flatMap((d) => d.sessions.map((s) => s.targetSource).filter((t): t is string => Boolean(t))))];
  if (targetSources.length) rules.add(`targets from ${targetSources.join('; ')}`);
  else if (!ctx.starter) rules.add('targets by feel and heart rate: set your zones (coach zones) for power, pace or heart-rate targets');

  const weeks: PlanWeek[] = [];
  for (let k = 1; k <= 3; k++) {
    const weekStart = addDays(ctx.start, 7 * k);
    const { slots, phase } = weekSlots(ctx, weekStart, k, rules, lastSlot);
    lastSlot = slots.at(-1);
    noteWhy(slots);
    const sessions = slots.flatMap((slot) => materialise(ctx, slot)).map((s) => ({ date: s.date, sport: s.sport, type: s.type, duration_min: s.duration_min, plannedLoad: s.plannedLoad }));
    const load = round1(sessions.reduce((sum, s) => sum + s.plannedLoad, 0));
    weeks.push({ weekStart, phase, targetLoad: load, sessions });
  }
  const total = round1(days.reduce((sum, d) => sum + d.sessions.reduce((s, x) => s + x.plannedLoad, 0), 0));
  const cap = round1(Object.entries(ctx.weekLimit).reduce((sum, [sport, minutes]) => sum + ((minutes ?? 0) / 60) * (sport === 'swimming' ? 0.75 ** 3 : 0.75 ** 2) * 100, 0) + days.reduce((s, d) => s + d.sessions.filter((x) => x.type === 'race' || x.sport === 'strength' || x.sport === 'mobility').reduce((a, x) => a + x.plannedLoad, 0), 0));
  const plan: TrainingPlan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    source: 'rules',
    weekStart: ctx.start,
    phase: first.phase,
    loadCap: Math.max(cap, total),
    targetLoad: total,
    totalPlannedLoad: total,
    rules: rules.list,
    days,
    weeks,
  };
  if (ctx.previousPlan) {
    rules.add('revision of the previous plan: its days are kept where the rules allow; each change names the rule that forced it');
    const changes = planChanges(ctx.previousPlan, plan, reasons);
    if (changes.length) plan.changes = changes;
  }
  return { plan, reasons };
}
