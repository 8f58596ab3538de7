/**
 * Time-in-zone histograms stored on activities by ingest (`hr_time_in_zones`,
 * `power_time_in_zones`): `{ basis, zones: [{ name, min, max, seconds }] }`. Anything that
 * does not look like that reads as null; bins with no positive seconds are dropped.
 * Each bin is represented by its midpoint (its bound when open-ended) when re-binned into
 * other zones: exact for narrow bins, approximate for wide ones.
 */
export interface TimeBin {
  min: number | null;
  max: number | null;
  seconds: number;
}

export function parseTimeInZones(raw: unknown): TimeBin[] | null {
  if (!raw || typeof raw !== 'object') return null;
  const zones = (raw as { zones?: unknown }).zones;
  if (!Array.isArray(zones)) return null;
  const bins: TimeBin[] = [];
  for (const zone of zones) {
    if (!zone || typeof zone !== 'object') continue;
    const { min, max, seconds } = zone as { min?: unknown; max?: unknown; seconds?: unknown };
    if (typeof seconds !== 'number' || !(seconds > 0)) continue;
    const lo = typeof min === 'number' && Number.isFinite(min) ? min : null;
    const hi = typeof max === 'number' && Number.isFinite(max) ? max : null;
    if (lo === null && hi === null) continue;
    bins.push({ min: lo, max: hi, seconds });
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
