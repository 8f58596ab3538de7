import { raceFieldsOf } from '../db/competitions.repository.js';
import type { CompetitionRow, TrainingConfigRow, TrainingZoneRow } from '../db/database.js';
import { configSettingsOf } from '../db/training-configs.repository.js';
import { daysBetween } from '../validation/calendar-date.js';

/**
 * The stable JSON shapes of configs, races and zones (schemaVersion 1): camelCase, ISO
 * timestamps, nulls kept so scripts see every field.
 */
export function configJson(row: TrainingConfigRow) {
  return {
    id: row.id,
    name: row.name,
    active: row.is_active,
    ...configSettingsOf(row),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface RaceTiming {
  daysToRace: number;
  weeksToRace: number;
  past: boolean;
}

/** Days and whole weeks from `today` to the race; past races have negative days. */
export function raceTiming(date: string, today: string): RaceTiming {
  const days = daysBetween(today, date);
  return { daysToRace: days, weeksToRace: days >= 0 ? Math.floor(days / 7) : -Math.ceil(-days / 7), past: days < 0 };
}

export function raceJson(row: CompetitionRow, today: string) {
  return {
    id: row.id,
    ...raceFieldsOf(row),
    ...raceTiming(row.date, today),
  };
}

export function zoneJson(row: TrainingZoneRow) {
  return { id: row.id, discipline: row.discipline, metricDescription: row.metric_description, zoneValue: row.zone_value };
}

/** "in 5 wk 3 d", "today", "2 wk ago": for people; JSON has the numbers. */
export function describeTiming(timing: RaceTiming): string {
  const { daysToRace: days } = timing;
  if (days === 0) return 'today';
  const abs = Math.abs(days);
  const text = abs < 7 ? `${abs} d` : `${Math.floor(abs / 7)} wk${abs % 7 ? ` ${abs % 7} d` : ''}`;
  return days > 0 ? `in ${text}` : `${text} ago`;
}

/** The first characters of a UUID, enough to name a race on the command line. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** Long text in a table cell: first line, cut short. */
export function cellText(text: string | null, max = 60): string {
  if (!text) return '';
  const first = text.split('\n')[0];
  const chars = Array.from(first);
  return chars.length > max || text.includes('\n') ? chars.slice(0, max).join('') + '…' : first;
}
