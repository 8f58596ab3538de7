/**
 * Re-scoring one stored activity without its records (`coach db rescore`, and after the
 * active zones change): what the import derived from the samples and may now be stale.
 * - Normalized power to the stops convention (power-metrics.ts: NP over moving time). Rows
 *   imported before it whose NP came from the records (not the device) had NP over elapsed
 *   time with zeros for stops: with m moving of e elapsed seconds, the 4th-power mean took
 *   e - m zero windows, so NP_moving = NP_elapsed x (e / m)^(1/4) (exact but for the 30 s
 *   windows at the edges of each stop). A device's NP was already over moving time.
 * - HR and power time in zones, re-bucketed from the 1 Hz histograms the import keeps in
 *   `load_inputs` against the active config's zones. Without a histogram (Garmin Connect
 *   summaries; power before histograms were kept) the stored zones stay.
 * Pure: row in, the changed columns out (null when nothing changes).
 */
import { heartRateBands, powerBands, timeInZones, type Histogram, type ZoneDefinitionRow } from './time-in-zones.js';

export interface RescoreRow {
  id: string;
  source: string;
  sport: string;
  normalized_power: number | null;
  elapsed_time_s: number | null;
  moving_time_s: number | null;
  max_hr: number | null;
  hr_time_in_zones: unknown;
  power_time_in_zones: unknown;
  load_inputs: unknown;
  raw_summary: unknown;
}

export interface RescorePatch {
  normalized_power?: number | null;
  hr_time_in_zones?: unknown;
  power_time_in_zones?: unknown;
  load_inputs?: unknown;
}

export interface RescoreOutcome {
  patch: RescorePatch | null;
  npRescaled: boolean;
  zonesRebucketed: boolean;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null);

/** jsonb keeps its own key order: compare values, not text. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = asObject(value);
  if (object) return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

function histogramOf(value: unknown): Histogram | null {
  const object = asObject(value);
  if (!object) return null;
  const counts: Histogram = new Map();
  for (const [key, seconds] of Object.entries(object)) {
    const at = Number(key);
    if (Number.isFinite(at) && typeof seconds === 'number' && seconds > 0) counts.set(at, seconds);
  }
  return counts.size > 0 ? counts : null;
}

export function rescoreActivity(row: RescoreRow, zones: ZoneDefinitionRow[]): RescoreOutcome {
  const patch: RescorePatch = {};
  let npRescaled = false;
  let zonesRebucketed = false;
  const inputs = asObject(row.load_inputs);
  let nextInputs = inputs;

  const deviceNp = asObject(row.raw_summary)?.normalizedPower;
  if (row.source === 'fit' && row.normalized_power && inputs?.np_basis === undefined) {
    const e = row.elapsed_time_s ?? 0;
    const m = row.moving_time_s ?? 0;
    if (typeof deviceNp === 'number') nextInputs = { ...(nextInputs ?? {}), np_basis: 'device' };
    else if (e > 0 && m > 0) {
      // 30 s of slack: a ride without stops has elapsed ~ timer time.
      if (e > m + 30) {
        patch.normalized_power = Math.round(row.normalized_power * (e / m) ** 0.25 * 10) / 10;
        npRescaled = true;
      }
      nextInputs = { ...(nextInputs ?? {}), np_basis: 'moving (rescaled from elapsed)' };
    }
  }

  const fallbacks = asObject(inputs?.zone_fallbacks);
  const hrCounts = histogramOf(inputs?.hr_seconds_by_bpm);
  if (hrCounts) {
    const maxHr = asObject(fallbacks?.max_hr) as { value: number; source: string } | null;
    // Old rows do not say which max HR they were bucketed with: only the athlete's zones re-bucket them.
    const bands = heartRateBands(zones, row.sport, null) ?? (fallbacks ? heartRateBands(zones, row.sport, maxHr) : null);
    if (bands) {
      const fresh = timeInZones(hrCounts, bands.bands, bands.basis);
      if (!sameJson(fresh, row.hr_time_in_zones)) {
        patch.hr_time_in_zones = fresh;
        zonesRebucketed = true;
      }
    }
  }
  const powerCounts = histogramOf(inputs?.power_seconds_by_watt);
  if (powerCounts) {
    const deviceFtp = typeof fallbacks?.device_ftp === 'number' ? fallbacks.device_ftp : null;
    const bands = powerBands(zones, row.sport, deviceFtp);
    if (bands) {
      const fresh = timeInZones(powerCounts, bands.bands, bands.basis);
      if (!sameJson(fresh, row.power_time_in_zones)) {
        patch.power_time_in_zones = fresh;
        zonesRebucketed = true;
      }
    }
  }
  if (nextInputs !== inputs) patch.load_inputs = nextInputs;
  return { patch: Object.keys(patch).length > 0 ? patch : null, npRescaled, zonesRebucketed };
}
