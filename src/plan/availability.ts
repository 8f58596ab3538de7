import type { TrainingConfigAvailabilityRow } from '../db/tables/training-config-availability.table.js';
import { ValidationError } from '../errors.js';

/**
 * When the athlete can train: minutes per weekday, fixed rest days, whether two sessions a
 * day are allowed, and the day for the long session. Stored per training config
 * (table trainingconfig_availability); every plan respects it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Availability {
  /** Minutes available per weekday; a missing day has no limit (0 = no training that day). */
  minutes: Partial<Record<Weekday, number>>;
  restDays: Weekday[];
  twoADay: boolean;
  longDay: Weekday | null;
}

/** A day has at most 24 hours; more is a typo. */
export const MAX_DAY_MINUTES = 24 * 60;

/** Weekday of a 'YYYY-MM-DD' date. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

export function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

/** An empty availability: no limits, no fixed rest day, one session a day, no long day. */
export const OPEN_AVAILABILITY: Availability = { minutes: {}, restDays: [], twoADay: false, longDay: null };

/** The availability as stored (table trainingconfig_availability), and back. */
export type AvailabilityColumns = Omit<TrainingConfigAvailabilityRow, 'id' | 'training_config_id' | 'created_at' | 'updated_at'>;

export function availabilityOf(row: AvailabilityColumns): Availability {
  const minutes: Availability['minutes'] = {};
  for (const day of WEEKDAYS) {
    const value = row[`${day}_min`];
    if (value !== null && value !== undefined) minutes[day] = value;
  }
  return {
    minutes,
    restDays: row.rest_days ? row.rest_days.split(',').filter(isWeekday) : [],
    twoADay: row.two_a_day,
    longDay: row.long_day && isWeekday(row.long_day) ? row.long_day : null,
  };
}

export function availabilityColumns(a: Availability): AvailabilityColumns {
  return {
    mon_min: a.minutes.mon ?? null,
    tue_min: a.minutes.tue ?? null,
    wed_min: a.minutes.wed ?? null,
    thu_min: a.minutes.thu ?? null,
    fri_min: a.minutes.fri ?? null,
    sat_min: a.minutes.sat ?? null,
    sun_min: a.minutes.sun ?? null,
    rest_days: WEEKDAYS.filter((d) => a.restDays.includes(d)).join(','),
    two_a_day: a.twoADay,
    long_day: a.longDay,
  };
}

/** True when nothing is set: no row is stored for it. */
export const isOpenAvailability = (a: Availability) => Object.keys(a.minutes).length === 0 && a.restDays.length === 0 && !a.twoADay && a.longDay === null;

/** A weekday name ("mon", "Monday", "TUE"); anything else is refused in one line. */
export function parseWeekday(value: unknown, field: string): Weekday {
  const text = String(value ?? '').trim().toLowerCase().slice(0, 3);
  if (typeof value !== 'string' || !isWeekday(text) || !/^[a-z]+$/i.test(value.trim())) {
    throw new ValidationError(`"${String(value)}" is not a weekday (mon, tue, wed, thu, fri, sat, sun)`, field);
  }
  return text;
}

/** Minutes in a day: 90, "90", "1h30", "2h", "1.5h"; 0 to 24 h. */
export function parseDayMinutes(value: unknown, field: string): number {
  let minutes: number | null = null;
  if (typeof value === 'number') minutes = value;
  else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    const hm = /^(\d+(?:\.\d+)?)\s*h(?:\s*(\d{1,2})\s*(?:m|min)?)?$/.exec(text);
    if (/^-?\d+(\.\d+)?\s*(m|min)?$/.test(text)) minutes = Number.parseFloat(text);
    else if (hm) minutes = Number(hm[1]) * 60 + Number(hm[2] ?? 0);
  }
  if (minutes === null || !Number.isFinite(minutes)) throw new ValidationError(`"${String(value)}" is not a number of minutes (e.g. 90, 1h30)`, field);
  if (minutes < 0) throw new ValidationError(`${minutes} minutes: cannot be negative`, field);
  if (minutes > MAX_DAY_MINUTES) throw new ValidationError(`${Math.round((minutes / 60) * 10) / 10} h is more than a day has (at most 24 h)`, field);
  return Math.round(minutes);
}

/** "mon=60,tue=1h30,sun=" (empty clears a day) into a change of the minutes per weekday. */
export function parseDayMinutesList(text: string, field: string): Partial<Record<Weekday, number | null>> {
  const out: Partial<Record<Weekday, number | null>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [day, value] = part.split('=');
    if (value === undefined) throw new ValidationError(`"${part}" must be DAY=MINUTES (e.g. mon=60)`, field);
    const weekday = parseWeekday(day, field);
    out[weekday] = value.trim() === '' ? null : parseDayMinutes(value, `${field} ${weekday}`);
  }
  return out;
}

/** "mon,fri" ("" for none) into weekdays. */
export function parseWeekdayList(value: unknown, field: string): Weekday[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : null;
  if (items === null) throw new ValidationError(`must be a list of weekdays (mon..sun), not ${typeof value}`, field);
  return [...new Set(items.map((v) => parseWeekday(v, field)))];
}

/** A rest day with minutes, or a long day that is a rest day, contradict each other. */
export function checkAvailability(a: Availability, field: string): Availability {
  if (a.longDay && a.restDays.includes(a.longDay)) throw new ValidationError(`the long day ${a.longDay} is also a rest day`, field);
  if (a.longDay && a.minutes[a.longDay] === 0) throw new ValidationError(`the long day ${a.longDay} has 0 minutes`, field);
  return a;
}

/** A change to the availability from `config create/edit` flags; absent fields stay as they are. */
export interface AvailabilityPatch {
  minutes?: Partial<Record<Weekday, number | null>>;
  restDays?: Weekday[];
  twoADay?: boolean;
  longDay?: Weekday | null;
}

export function applyAvailabilityPatch(current: Availability, patch: AvailabilityPatch): Availability {
  const minutes = { ...current.minutes };
  for (const [day, value] of Object.entries(patch.minutes ?? {}) as Array<[Weekday, number | null]>) {
    if (value === null) delete minutes[day];
    else minutes[day] = value;
  }
  return checkAvailability({
    minutes,
    restDays: patch.restDays ?? current.restDays,
    twoADay: patch.twoADay ?? current.twoADay,
    longDay: patch.longDay === undefined ? current.longDay : patch.longDay,
  }, 'availability');
}

/** The availability in words for `config show`: "mon 60, tue 45 min; rest fri; long sun; two a day". */
export function availabilityText(a: Availability): string {
  if (isOpenAvailability(a)) return '-';
  const days = WEEKDAYS.filter((d) => a.minutes[d] !== undefined).map((d) => `${d} ${a.minutes[d]}`);
  return [
    days.length ? `${days.join(', ')} min` : null,
    a.restDays.length ? `rest ${a.restDays.join(',')}` : null,
    a.longDay ? `long ${a.longDay}` : null,
    a.twoADay ? 'two a day' : null,
  ].filter(Boolean).join('; ');
}
