/**
 * Time-at-intensity data stored on activities by ingest:
 * - `hr_time_in_zones` / `power_time_in_zones`: `{ basis, zones: [{ name, min, max, seconds }] }`
 *   (FIT import: bounds in bpm / W, min inclusive, max exclusive, open top zone max null;
 *   Connect summaries: Garmin's own zones by name, `min` and `max` null);
 * - `load_inputs.hr_seconds_by_bpm`: `{ "<bpm>": seconds }`, the session's full 1 Hz HR
 *   histogram (FIT import), which makes HR-based measures exact.
 * Anything that does not look like that reads as null; bins with no positive seconds are
 * dropped. A bounded bin is represented by its midpoint (its bound when open-ended) when
 * re-binned into other zones: exact for histogram bins, approximate for wide zones. A bin
 * known only by its name ("Z3") keeps its zone number for name-based mappings.
 */
export interface TimeBin {
  min: number | null;
  max: number | null;
  seconds: number;
  /** Zone number from the name, for bins without bounds (Garmin's Z0..Z7). */
  zone?: number;
}

export function parseTimeInZones(raw: unknown): TimeBin[] | null {
  if (!raw || typeof raw !== 'object') return null;
  const zones = (raw as { zones?: unknown }).zones;
  if (!Array.isArray(zones)) return null;
  const bins: TimeBin[] = [];
  for (const zone of zones) {
    if (!zone || typeof zone !== 'object') continue;
    const { min, max, seconds, name } = zone as { min?: unknown; max?: unknown; seconds?: unknown; name?: unknown };
    if (typeof seconds !== 'number' || !(seconds > 0) || !Number.isFinite(seconds)) continue;
    const lo = typeof min === 'number' && Number.isFinite(min) ? min : null;
    const hi = typeof max === 'number' && Number.isFinite(max) ? max : null;
    if (lo === null && hi === null) {
      const named = typeof name === 'string' ? /^z(?:one)?\s*(\d)$/i.exec(name.trim()) : null;
      if (named) bins.push({ min: null, max: null, seconds, zone: Number(named[1]) });
      continue;
    }
    bins.push({ min: lo, max: hi, seconds });
  }
  return bins.length > 0 ? bins : null;
}

/** The HR histogram in `load_inputs` as one-bpm bins. */
export function parseHrHistogram(loadInputs: unknown): TimeBin[] | null {
  if (!loadInputs || typeof loadInputs !== 'object') return null;
  const histogram = (loadInputs as { hr_seconds_by_bpm?: unknown }).hr_seconds_by_bpm;
  if (!histogram || typeof histogram !== 'object') return null;
  const bins: TimeBin[] = [];
  for (const [key, seconds] of Object.entries(histogram as Record<string, unknown>)) {
    const bpm = Number(key);
    if (!(bpm >= 25 && bpm <= 250) || typeof seconds !== 'number' || !(seconds > 0)) continue;
    bins.push({ min: bpm, max: bpm, seconds });
  }
  return bins.length > 0 ? bins : null;
}

export function binValue(bin: TimeBin): number {
  if (bin.min !== null && bin.max !== null) return (bin.min + bin.max) / 2;
  return (bin.min ?? bin.max) as number;
}

export function totalSeconds(bins: readonly TimeBin[]): number {
  let total = 0;
  for (const bin of bins) total += bin.seconds;
  return total;
}
