/**
 * The athlete's thresholds, each with its source (`Threshold.source`):
 * 1. 'zones': the athlete's own training_zones rows (see zones.ts for the accepted text).
 * 2. 'estimated' from best efforts and recorded data:
 *    - FTP = 95% of best 20-min power (Allen & Coggan, "Training and Racing with a Power
 *      Meter"), else best 60-min power, else 75% of best 5-min power (a rough MAP rule);
 *    - threshold pace = Daniels T pace at the VDOT of the best run effort >= 3 km
 *      (running-formulas.ts);
 *    - max HR = highest max HR recorded in an activity (plausible values 120..230 bpm);
 *    - threshold HR and swim CSS are not estimated (no reliable field-test data in the
 *      summaries): HR-based load then falls back to Banister TRIMP.
 * 3. 'none': unknown; the load of the affected sessions uses the next method.
 * Resting HR: zones, else the mean of the last 7 recorded nightly resting HRs.
 */
import type { Sport, Threshold } from './facts.types.js';
import type { BestEffortsDetail } from './best-efforts.js';
import { type AthleteZones, findZoneEntry, zoneMidpoint } from './zones.js';
import { formatDuration, thresholdPaceFromVdot } from './running-formulas.js';

export interface AthleteThresholds {
  ftp_w: Threshold;
  thresholdHr_bpm: Threshold;
  thresholdPaceSecPerKm: Threshold;
  swimCssSecPer100m: Threshold;
  maxHr_bpm: Threshold;
  restingHr_bpm: Threshold;
  /** Sport-specific threshold HR from zones (runners' and cyclists' LTHR differ). */
  thresholdHrBySport: Partial<Record<Sport, number>>;
}

export interface ThresholdInputs {
  zones: AthleteZones;
  efforts: BestEffortsDetail;
  /** max_hr of each activity (nulls allowed). */
  activityMaxHrs: readonly (number | null)[];
  /** Nightly resting HRs, oldest first. */
  restingHrs: readonly number[];
}

const none = (note?: string): Threshold => (note ? { value: null, source: 'none', note } : { value: null, source: 'none' });

function fromZones(zones: AthleteZones, metric: Parameters<typeof findZoneEntry>[1], prefer: readonly Sport[]): Threshold | null {
  const entry = findZoneEntry(zones, metric, prefer);
  if (!entry) return null;
  const value = zoneMidpoint(entry.value);
  return value === null ? null : { value: Math.round(value * 10) / 10, source: 'zones', note: `from zones: ${entry.label}` };
}

export function paceLabel(secondsPerKm: number, unit = '/km'): string {
  return `${formatDuration(secondsPerKm)}${unit}`;
}

export function resolveThresholds(input: ThresholdInputs): AthleteThresholds {
  const { zones, efforts } = input;

  let ftp = fromZones(zones, 'ftp', ['cycling']);
  if (!ftp) {
    const p20 = efforts.power['20min'];
    const p60 = efforts.power['60min'];
    const p5 = efforts.power['5min'];
    if (p20) ftp = { value: Math.round(p20.watts * 0.95), source: 'estimated', note: `95% of best 20 min power (${Math.round(p20.watts)} W, ${p20.date})` };
    else if (p60) ftp = { value: Math.round(p60.watts), source: 'estimated', note: `best 60 min power (${p60.date})` };
    else if (p5) ftp = { value: Math.round(p5.watts * 0.75), source: 'estimated', note: `75% of best 5 min power (${Math.round(p5.watts)} W, ${p5.date}); rough` };
    else ftp = none('no FTP in zones and no power best efforts');
  }

  const thresholdHr = fromZones(zones, 'thresholdHr', ['running', 'cycling']) ?? none('no threshold HR in zones');
  const thresholdHrBySport: Partial<Record<Sport, number>> = {};
  for (const entry of zones.entries) {
    if (entry.metric !== 'thresholdHr' || thresholdHrBySport[entry.sport] !== undefined) continue;
    const value = zoneMidpoint(entry.value);
    if (value !== null) thresholdHrBySport[entry.sport] = value;
  }

  let pace = fromZones(zones, 'thresholdPace', ['running']);
  if (!pace) {
    const from = efforts.vdotFrom;
    if (from && efforts.facts.vdot !== null) {
      const value = Math.round(thresholdPaceFromVdot(efforts.facts.vdot));
      pace = {
        value,
        source: 'estimated',
        note: `Daniels T pace at VDOT ${efforts.facts.vdot} (best ${from.label} in ${formatDuration(from.time_s)}, ${from.date})`,
      };
    } else pace = none('no threshold pace in zones and no run best efforts');
  }

  const css = fromZones(zones, 'css', ['swimming']) ?? none('no CSS in zones');

  let maxHr = fromZones(zones, 'maxHr', ['running', 'cycling']);
  if (!maxHr) {
    let highest = 0;
    let count = 0;
    for (const hr of input.activityMaxHrs) {
      if (hr === null || hr < 120 || hr > 230) continue;
      count++;
      if (hr > highest) highest = hr;
    }
    maxHr = count > 0 ? { value: highest, source: 'estimated', note: `highest max HR recorded in ${count} activities` } : none('no max HR in zones or activities');
  }

  let restingHr = fromZones(zones, 'restingHr', []);
  if (!restingHr) {
    const recent = input.restingHrs.filter((v) => v > 25 && v < 120).slice(-7);
    restingHr =
      recent.length > 0
        ? { value: Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 10) / 10, source: 'estimated', note: `mean of the last ${recent.length} nightly resting HRs` }
        : none('no resting HR recorded');
  }

  return {
    ftp_w: ftp,
    thresholdHr_bpm: thresholdHr,
    thresholdPaceSecPerKm: pace,
    swimCssSecPer100m: css,
    maxHr_bpm: maxHr,
    restingHr_bpm: restingHr,
    thresholdHrBySport,
  };
}
