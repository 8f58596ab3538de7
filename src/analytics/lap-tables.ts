/**
 * Per-lap tables of recent sessions, so the sessions expert can judge how intervals were
 * executed (lap times, paces, heart rate drift, power held) without second-by-second data.
 * Compact on purpose: one header per session and rows of numbers (column names carry the
 * units), columns no lap has are left out, and a session's rows are capped.
 *
 * Laps come from the activity's `laps` JSON as the FIT import writes it (src/garmin/fit-summary.ts):
 * `[{ index, elapsed_time_s, moving_time_s, distance_m, avg_hr, max_hr, avg_power, normalized_power, avg_speed_mps, ... }]`.
 */
import type { SessionLapTable, Sport } from './facts.types.js';
import { isFiniteNumber, positiveOrNull, round } from './numbers.js';

/** Days back from today (inclusive of today) whose sessions get a lap table. */
export const LAP_TABLE_DAYS = 14;
/** Rows kept per session: a track session of 40 x 400 m still shows its shape in 30. */
export const MAX_LAP_ROWS = 30;

export interface LapSource {
  date: string;
  sport: Sport;
  name: string | null;
  laps: unknown;
}

type Lap = Record<string, unknown>;

const COLUMNS: Array<{ name: string; value(lap: Lap, sport: Sport): number | null }> = [
  { name: 'duration_s', value: (lap) => rounded(positiveOrNull(lap.moving_time_s) ?? positiveOrNull(lap.elapsed_time_s), 0) },
  { name: 'distance_m', value: (lap) => rounded(positiveOrNull(lap.distance_m), 0) },
  { name: 'avgHr_bpm', value: (lap) => rounded(positiveOrNull(lap.avg_hr), 0) },
  { name: 'maxHr_bpm', value: (lap) => rounded(positiveOrNull(lap.max_hr), 0) },
  { name: 'avgPower_w', value: (lap) => rounded(positiveOrNull(lap.avg_power), 0) },
  { name: 'normalizedPower_w', value: (lap) => rounded(positiveOrNull(lap.normalized_power), 0) },
  { name: 'paceSecPerKm', value: (lap, sport) => (sport === 'running' ? pace(lap, 1000) : null) },
  { name: 'paceSecPer100m', value: (lap, sport) => (sport === 'swimming' ? pace(lap, 100) : null) },
  { name: 'speedKmh', value: (lap, sport) => (sport === 'cycling' ? speedKmh(lap) : null) },
];

function rounded(value: number | null, decimals: number): number | null {
  return value === null ? null : round(value, decimals);
}

function speedOf(lap: Lap): number | null {
  const speed = positiveOrNull(lap.avg_speed_mps);
  if (speed !== null) return speed;
  const distance = positiveOrNull(lap.distance_m);
  const time = positiveOrNull(lap.moving_time_s) ?? positiveOrNull(lap.elapsed_time_s);
  return distance !== null && time !== null ? distance / time : null;
}

function pace(lap: Lap, per: number): number | null {
  const speed = speedOf(lap);
  return speed === null ? null : Math.round(per / speed);
}

function speedKmh(lap: Lap): number | null {
  const speed = speedOf(lap);
  return speed === null ? null : round(speed * 3.6, 1);
}

/** The lap tables of sessions on or after `from` that have at least two laps, oldest first. */
export function lapTables(sessions: readonly LapSource[], from: string): SessionLapTable[] {
  const tables: SessionLapTable[] = [];
  for (const session of sessions) {
    if (session.date < from || !Array.isArray(session.laps)) continue;
    const laps = session.laps.filter((lap): lap is Lap => typeof lap === 'object' && lap !== null);
    if (laps.length < 2) continue;
    const shown = laps.slice(0, MAX_LAP_ROWS);
    const values = shown.map((lap) => COLUMNS.map((column) => column.value(lap, session.sport)));
    const kept = COLUMNS.map((_, i) => values.some((row) => isFiniteNumber(row[i])));
    tables.push({
      date: session.date,
      sport: session.sport,
      name: session.name,
      laps: laps.length,
      columns: ['lap', ...COLUMNS.filter((_, i) => kept[i]).map((c) => c.name)],
      rows: values.map((row, index) => [index + 1, ...row.filter((_, i) => kept[i])]),
    });
  }
  return tables;
}
