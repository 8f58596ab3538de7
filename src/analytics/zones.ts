/**
 * The athlete's `training_zones` rows, parsed. `zone_value` is free text as the athlete or
 * the YAML config wrote it: "250 W", "200-250 W", "172 bpm", "140-152 bpm", "< 140 bpm",
 * "170+ bpm", "4:30/km", "4:30-4:50/km", "7:15/mi", "1:45/100m", "1:50/100yd".
 * `metric_description` names what it is: "FTP", "Threshold HR", "LTHR", "Threshold pace",
 * "CSS", "Max HR", "Resting HR", or a zone "Z1".."Z5" / "Zone 2".
 * Paces are normalised to seconds per km (running) and per 100 m (swimming).
 */
import type { Sport } from './facts.types.js';
import type { ZoneInput } from './facts-input.js';

export type ZoneUnit = 'w' | 'bpm' | 'secPerKm' | 'secPer100m';

export interface ZoneValue {
  unit: ZoneUnit;
  low: number | null;
  high: number | null;
}

const METRES_PER_MILE = 1609.344;
const METRES_PER_100YD = 91.44;

function paceSeconds(token: string): number {
  const parts = token.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Parse a zone value; null when the unit or the numbers cannot be read. */
export function parseZoneValue(raw: string): ZoneValue | null {
  const text = raw.toLowerCase().replace(/[\u2012-\u2015\u2212]/g, '-').trim();
  let unit: ZoneUnit;
  let scale = 1;
  if (/\/\s*100\s*(m|metres|meters)\b/.test(text)) unit = 'secPer100m';
  else if (/\/\s*100\s*(yd|yards?)\b/.test(text)) {
    unit = 'secPer100m';
    scale = 100 / METRES_PER_100YD;
  } else if (/\/\s*(km|k)\b/.test(text) || /min\/km|per km/.test(text)) unit = 'secPerKm';
  else if (/\/\s*(mi|mile)\b/.test(text)) {
    unit = 'secPerKm';
    scale = 1000 / METRES_PER_MILE;
  } else if (/bpm|beats/.test(text)) unit = 'bpm';
  else if (/\d\s*(w|watts?)\b/.test(text)) unit = 'w';
  else return null;

  const isPace = unit === 'secPerKm' || unit === 'secPer100m';
  const tokens = isPace ? text.match(/\d+:\d{1,2}(?::\d{1,2})?/g) : text.match(/\d+(?:\.\d+)?/g);
  if (!tokens || tokens.length === 0) return null;
  // "/100m" contributes a 100 to the number list for non-pace units only; paces use m:ss tokens.
  const values = tokens.map((t) => (isPace ? paceSeconds(t) : Number(t)) * scale).filter((v) => Number.isFinite(v) && v > 0);
  if (values.length === 0) return null;
  if (values.length >= 2) {
    const [a, b] = values;
    return { unit, low: Math.min(a, b), high: Math.max(a, b) };
  }
  const value = values[0];
  if (/^\s*(<|≤|below|under|up to)/.test(text)) return { unit, low: null, high: value };
  if (/^\s*(>|≥|above|over)/.test(text) || /\d\s*\+/.test(text)) return { unit, low: value, high: null };
  return { unit, low: value, high: value };
}

/** A representative single number: the value itself, or the middle of a range. */
export function zoneMidpoint(value: ZoneValue): number | null {
  if (value.low !== null && value.high !== null) return (value.low + value.high) / 2;
  return value.low ?? value.high;
}

export type ZoneMetric = 'ftp' | 'thresholdHr' | 'thresholdPace' | 'css' | 'maxHr' | 'restingHr' | 'zone';

/** What a description names, given the unit of its value; null if unrecognised. */
export function classifyZoneMetric(description: string, unit: ZoneUnit): { metric: ZoneMetric; zone?: number } | null {
  const text = description.toLowerCase().trim();
  const zone = /^(?:z|zone)\s*([1-5])\b/.exec(text);
  if (zone) return { metric: 'zone', zone: Number(zone[1]) };
  if (/\bmax(imum)?\b.*\b(hr|heart)|\bhr\s*max|\bmhr\b/.test(text) && unit === 'bpm') return { metric: 'maxHr' };
  if (/\brest(ing)?\b|\brhr\b/.test(text) && unit === 'bpm') return { metric: 'restingHr' };
  if (/\bcss\b|critical swim/.test(text) && unit === 'secPer100m') return { metric: 'css' };
  if (/\bftp\b|threshold power|critical power|\bcp\b/.test(text) && unit === 'w') return { metric: 'ftp' };
  if (/\blthr\b|threshold|\blt\b|lactate/.test(text)) {
    if (unit === 'bpm') return { metric: 'thresholdHr' };
    if (unit === 'secPerKm') return { metric: 'thresholdPace' };
    if (unit === 'secPer100m') return { metric: 'css' };
    if (unit === 'w') return { metric: 'ftp' };
  }
  return null;
}

export function disciplineSport(discipline: string): Sport {
  const text = discipline.toLowerCase();
  if (text.startsWith('run')) return 'running';
  if (text.startsWith('cycl') || text.startsWith('bik')) return 'cycling';
  if (text.startsWith('swim')) return 'swimming';
  return 'other';
}

export interface ZoneBand {
  low: number | null;
  high: number | null;
}

export interface ParsedZoneEntry {
  sport: Sport;
  metric: ZoneMetric;
  zone?: number;
  value: ZoneValue;
  /** The row as written, for notes ("Threshold HR 172 bpm"). */
  label: string;
}

export interface AthleteZones {
  entries: ParsedZoneEntry[];
  /** Z1..Z5 bands per sport and unit, only when all five are present. */
  fiveZones: Partial<Record<Sport, Partial<Record<'bpm' | 'w', ZoneBand[]>>>>;
  /** Rows that could not be read, as "description: value". */
  unreadable: string[];
}

export function parseZones(rows: readonly ZoneInput[]): AthleteZones {
  const entries: ParsedZoneEntry[] = [];
  const unreadable: string[] = [];
  const partial = new Map<string, ZoneBand[]>();
  for (const row of rows) {
    const value = parseZoneValue(row.zone_value);
    const classified = value ? classifyZoneMetric(row.metric_description, value.unit) : null;
    if (!value || !classified) {
      unreadable.push(`${row.metric_description}: ${row.zone_value}`);
      continue;
    }
    const sport = disciplineSport(row.discipline);
    entries.push({ sport, metric: classified.metric, zone: classified.zone, value, label: `${row.metric_description} ${row.zone_value}` });
    if (classified.metric === 'zone' && (value.unit === 'bpm' || value.unit === 'w')) {
      const key = `${sport}|${value.unit}`;
      const bands = partial.get(key) ?? new Array<ZoneBand>(5);
      bands[(classified.zone as number) - 1] = { low: value.low, high: value.high };
      partial.set(key, bands);
    }
  }
  const fiveZones: AthleteZones['fiveZones'] = {};
  for (const [key, bands] of partial) {
    if (bands.filter(Boolean).length !== 5) continue;
    const [sport, unit] = key.split('|') as [Sport, 'bpm' | 'w'];
    (fiveZones[sport] ??= {})[unit] = bands;
  }
  return { entries, fiveZones, unreadable };
}

/** First entry for a metric, preferring the given sports in order, then any. */
export function findZoneEntry(zones: AthleteZones, metric: ZoneMetric, prefer: readonly Sport[] = []): ParsedZoneEntry | null {
  for (const sport of prefer) {
    const hit = zones.entries.find((e) => e.metric === metric && e.sport === sport);
    if (hit) return hit;
  }
  return zones.entries.find((e) => e.metric === metric) ?? null;
}

/** Index (0..4) of the band holding `value`; below Z1 counts as Z1, above Z5 as Z5. */
export function bandIndex(bands: readonly ZoneBand[], value: number): number {
  for (let i = bands.length - 1; i >= 0; i--) {
    const low = bands[i].low ?? bands[i - 1]?.high ?? 0;
    if (value >= low) return i;
  }
  return 0;
}
