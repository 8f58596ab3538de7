/**
 * HR and power time in zones, computed at import from 1 Hz histograms, against the athlete's
 * zones (the active config's `training_zones`) when they are set, else default bands.
 * Stored shape (read by analytics): `{ basis, zones: [{ name, min, max, seconds }] }`.
 */

export interface ZoneDefinitionRow {
  discipline: string;
  metric_description: string;
  zone_value: string;
}

export interface ZoneBand {
  name: string;
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null for the open top zone. */
  max: number | null;
}

export interface ZoneTimes {
  /** Where the bands came from, e.g. "zones: Running", "80-100% of max HR 186 (device)". */
  basis: string;
  zones: Array<ZoneBand & { seconds: number }>;
}

/** Seconds at each whole value (bpm or watts); sparse. */
export type Histogram = Map<number, number>;

export function histogram(values: ArrayLike<number>, { skipZero }: { skipZero: boolean }): Histogram {
  const counts: Histogram = new Map();
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]);
    if (!Number.isFinite(v) || v < 0 || (skipZero && v === 0)) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

export function timeInZones(counts: Histogram, bands: ZoneBand[], basis: string): ZoneTimes {
  const zones = bands.map((band) => ({ ...band, seconds: 0 }));
  for (const [value, seconds] of counts) {
    // Values below the first band count in the first zone (recovery), like Garmin does.
    let index = zones.findIndex((z) => value >= z.min && (z.max === null || value < z.max));
    if (index < 0) index = value < zones[0].min ? 0 : zones.length - 1;
    zones[index].seconds += seconds;
  }
  return { basis, zones };
}

const DISCIPLINE_BY_SPORT: Record<string, string> = { running: 'Running', cycling: 'Cycling', swimming: 'Swimming' };

export function disciplineForSport(sport: string): string | undefined {
  if (/swim/.test(sport)) return 'Swimming';
  if (/run|walk|hik/.test(sport)) return 'Running';
  if (/cycl|bik|ride/.test(sport)) return 'Cycling';
  return DISCIPLINE_BY_SPORT[sport];
}

interface ParsedValue {
  min: number | null;
  max: number | null;
}

/** "140-152 bpm" -> 140..153 (upper bound exclusive), "<140 bpm", ">170 bpm", "170+ bpm", "165 bpm". */
function parseRange(value: string, unit: RegExp): ParsedValue | null {
  const text = value.trim().toLowerCase();
  if (!unit.test(text)) return null;
  const range = text.match(/^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)/);
  if (range) return { min: Number(range[1]), max: Number(range[2]) + 1 };
  const below = text.match(/^(?:<|under|below)\s*(\d+(?:\.\d+)?)/);
  if (below) return { min: 0, max: Number(below[1]) };
  const above = text.match(/^(?:>|over|above)\s*(\d+(?:\.\d+)?)/) ?? text.match(/^(\d+(?:\.\d+)?)\s*\+/);
  if (above) return { min: Number(above[1]), max: null };
  const single = text.match(/^(\d+(?:\.\d+)?)/);
  if (single) return { min: Number(single[1]), max: Number(single[1]) };
  return null;
}

function rowsFor(rows: ZoneDefinitionRow[], discipline: string | undefined): ZoneDefinitionRow[] {
  const own = rows.filter((r) => r.discipline === discipline);
  return own.length > 0 ? own : rows;
}

function bandsFromRanges(rows: ZoneDefinitionRow[], unit: RegExp): ZoneBand[] | null {
  const bands: ZoneBand[] = [];
  for (const row of rows) {
    const parsed = parseRange(row.zone_value, unit);
    if (!parsed || parsed.min === null || parsed.min === parsed.max) continue;
    bands.push({ name: row.metric_description, min: parsed.min, max: parsed.max });
  }
  if (bands.length < 2) return null;
  return bands.sort((a, b) => a.min - b.min);
}

function thresholdFrom(rows: ZoneDefinitionRow[], unit: RegExp, label: RegExp): number | null {
  for (const row of rows) {
    if (!label.test(row.metric_description)) continue;
    const parsed = parseRange(row.zone_value, unit);
    if (parsed && parsed.min !== null && parsed.min === parsed.max) return parsed.min;
  }
  return null;
}

function percentBands(reference: number, cuts: number[], names?: string[]): ZoneBand[] {
  const bands: ZoneBand[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    const min = i === 0 ? 0 : Math.round((reference * cuts[i - 1]) / 100);
    const max = i === cuts.length ? null : Math.round((reference * cuts[i]) / 100);
    bands.push({ name: names?.[i] ?? `Z${i + 1}`, min, max });
  }
  return bands;
}

const BPM = /bpm|hr|beats/;
const WATTS = /\bw\b|w$|watt/;

/** Zones to bucket heart rate: the athlete's HR zones, their threshold HR (Friel), else % of max HR. */
export function heartRateBands(
  rows: ZoneDefinitionRow[],
  sport: string,
  fallbackMaxHr: { value: number; source: string } | null,
): { bands: ZoneBand[]; basis: string } | null {
  const discipline = disciplineForSport(sport);
  const candidates = rowsFor(rows, discipline);
  const own = bandsFromRanges(candidates, BPM);
  if (own) return { bands: own, basis: `zones: ${candidates[0].discipline} HR` };
  const lthr = thresholdFrom(candidates, BPM, /threshold|lthr|lactate/i);
  if (lthr) {
    // Friel's zones from lactate threshold HR: <85, 85-89, 90-94, 95-99, >=100 %.
    return { bands: percentBands(lthr, [85, 90, 95, 100]), basis: `Friel % of threshold HR ${lthr} bpm (zones)` };
  }
  if (!fallbackMaxHr) return null;
  return {
    bands: percentBands(fallbackMaxHr.value, [60, 70, 80, 90]),
    basis: `default % of max HR ${fallbackMaxHr.value} bpm (${fallbackMaxHr.source})`,
  };
}

/** Zones to bucket power: the athlete's power zones, their FTP (Coggan), else the device's FTP. */
export function powerBands(
  rows: ZoneDefinitionRow[],
  sport: string,
  deviceFtp: number | null,
): { bands: ZoneBand[]; basis: string } | null {
  const candidates = rowsFor(rows, disciplineForSport(sport) ?? 'Cycling');
  const own = bandsFromRanges(candidates, WATTS);
  if (own) return { bands: own, basis: `zones: ${candidates[0].discipline} power` };
  const ftp = thresholdFrom(candidates, WATTS, /ftp|threshold/i);
  const coggan = [55, 75, 90, 105, 120, 150];
  if (ftp) return { bands: percentBands(ftp, coggan), basis: `Coggan % of FTP ${ftp} W (zones)` };
  if (deviceFtp && deviceFtp > 0) return { bands: percentBands(deviceFtp, coggan), basis: `Coggan % of FTP ${deviceFtp} W (device)` };
  return null;
}
