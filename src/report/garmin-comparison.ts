import { runLabelDistance, type RunEffort } from '../analytics/best-efforts.js';
import type { Facts } from '../analytics/facts.types.js';
import { closestEffort, criticalSpeedPrediction } from '../analytics/races.js';
import { formatDuration, predictTimeFromVdot, riegel } from '../analytics/running-formulas.js';
import { GARMIN_STATUS_GATE, recoveryGate, recoveryInputOf } from '../plan/recovery-gate.js';

/**
 * "Garmin's figure and ours" in the reports: where Garmin's own estimates (VO2max, race
 * predictions, acute:chronic load, training status, readiness) and coach's (VDOT, Riegel /
 * VDOT / critical-speed predictions, ACWR and TSB, the recovery gate) say different things.
 * Both sides come from the facts; nothing is recomputed from Garmin's side. A row is
 * flagged when the gap passes the threshold below, which the report states.
 */

/** When a gap is material. */
export const COMPARISON_THRESHOLDS = {
  /**
   * VO2max (Garmin, Firstbeat) against VDOT (Daniels), ml/kg/min. Both scale like VO2max;
   * 3 points is about 5% at 55 and, in VDOT terms, about 2 minutes on a 10 km.
   */
  vo2maxPoints: 3,
  /** Race predictions: Garmin's time more than this percent from the nearest of coach's methods. */
  racePct: 3,
  /** Acute:chronic ratio: Garmin's (its own acute and chronic load) against coach's EWMA ratio. */
  acwr: 0.2,
  /** Garmin training readiness below this is "not ready" (Garmin's LOW and POOR levels). */
  readinessLow: 50,
  /** Garmin training readiness at or above this is "ready" (Garmin's HIGH and PRIME levels). */
  readinessHigh: 75,
} as const;

export interface ComparisonRow {
  /** What is compared, e.g. "VO2max", "10 km prediction". */
  measure: string;
  garmin: { value: number | string; text: string; date: string | null };
  ours: { value: number | string | null; text: string };
  /** Garmin minus ours (the nearest of ours for predictions), in the measure's unit; null for words. */
  difference: number | null;
  differencePct: number | null;
  material: boolean;
  /** The threshold the row is judged by, in words. */
  threshold: string;
  note: string;
}

export interface GarminComparison {
  asOf: string;
  thresholds: typeof COMPARISON_THRESHOLDS;
  rows: ComparisonRow[];
}

const RACES: Array<{ key: '5km' | '10km' | 'half' | 'marathon'; label: string; distance_m: number }> = [
  { key: '5km', label: '5 km', distance_m: 5000 },
  { key: '10km', label: '10 km', distance_m: 10_000 },
  { key: 'half', label: 'half marathon', distance_m: 21_097.5 },
  { key: 'marathon', label: 'marathon', distance_m: 42_195 },
];

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The comparison, or null when the facts have none of Garmin's figures to compare. */
export function garminComparison(facts: Facts | null | undefined): GarminComparison | null {
  const garmin = facts?.wellness.garmin;
  if (!facts || !garmin) return null;
  const rows: ComparisonRow[] = [];
  const t = COMPARISON_THRESHOLDS;

  const vdot = facts.bestEfforts.vdot;
  if (garmin.vo2max) {
    const diff = vdot === null ? null : round(garmin.vo2max.latest - vdot);
    rows.push({
      measure: 'VO2max',
      garmin: { value: garmin.vo2max.latest, text: `${round(garmin.vo2max.latest)} ml/kg/min`, date: garmin.vo2max.latestDate },
      ours: { value: vdot, text: vdot === null ? 'no VDOT (no run effort of 3 km or more)' : `VDOT ${vdot}` },
      difference: diff,
      differencePct: diff === null || !vdot ? null : round((diff / vdot) * 100),
      material: diff !== null && Math.abs(diff) > t.vo2maxPoints,
      threshold: `more than ${t.vo2maxPoints} points apart`,
      note: 'Garmin estimates from heart rate against pace; VDOT from your best run effort',
    });
  }

  if (garmin.racePredictions) {
    const runs = runEffortsOf(facts);
    for (const race of RACES) {
      const theirs = garmin.racePredictions[race.key];
      if (theirs === null) continue;
      const ours = coachPredictions(facts, runs, race.distance_m);
      const nearest = ours.length ? ours.reduce((a, b) => (Math.abs(b.time_s - theirs) < Math.abs(a.time_s - theirs) ? b : a)) : null;
      const diff = nearest ? Math.round(theirs - nearest.time_s) : null;
      const pct = nearest ? round(((theirs - nearest.time_s) / nearest.time_s) * 100) : null;
      rows.push({
        measure: `${race.label} prediction`,
        garmin: { value: theirs, text: formatDuration(theirs), date: garmin.racePredictions.date },
        ours: {
          value: nearest ? nearest.time_s : null,
          text: ours.length ? ours.map((p) => `${p.method} ${formatDuration(p.time_s)}`).join(', ') : 'no prediction (no run efforts)',
        },
        difference: diff,
        differencePct: pct,
        material: pct !== null && Math.abs(pct) > t.racePct,
        threshold: `more than ${t.racePct}% from the nearest of ours`,
        note: nearest ? `nearest: ${nearest.method}` : '',
      });
    }
  }

  const status = garmin.trainingStatus;
  const current = facts.load.current;
  const ourAcwr = current.acwrEwma ?? current.acwrRolling;
  if (status?.acwr != null) {
    const diff = ourAcwr === null ? null : round(status.acwr - ourAcwr, 2);
    rows.push({
      measure: 'acute:chronic load',
      garmin: {
        value: status.acwr,
        text: `${status.acwr}${status.acwrStatus ? ` (${status.acwrStatus.toLowerCase()})` : ''}${status.acuteLoad !== null && status.chronicLoad !== null ? `, acute ${Math.round(status.acuteLoad)} / chronic ${Math.round(status.chronicLoad)}` : ''}`,
        date: status.date,
      },
      ours: { value: ourAcwr, text: ourAcwr === null ? 'not enough history' : `${round(ourAcwr, 2)} (${current.acwrBand})` },
      difference: diff,
      differencePct: diff === null || !ourAcwr ? null : round((diff / ourAcwr) * 100),
      material: diff !== null && Math.abs(diff) > t.acwr,
      threshold: `more than ${t.acwr} apart`,
      note: "Garmin's loads are its own (EPOC-based) points, ours TSS-equivalent: the ratios compare, the loads do not",
    });
  }

  // Our verdict from our own signals only, so Garmin's figures can be set against it.
  const ownInput = { ...recoveryInputOf(facts), trainingReadiness: null, bodyBattery: null, garminTrainingStatus: null };
  const ourGate = recoveryGate(ownInput);
  const loadGate = recoveryGate({ ...ownInput, hrvStatus: 'insufficient', restingHrStatus: 'insufficient', sleepAvg7d_s: null, sleepScore7d: null });
  const gateText = (gate: { gated: boolean; reasons: string[] }) => (gate.gated ? `gate closed: ${gate.reasons.join('; ')}` : 'gate open');

  if (status?.status) {
    const strained = (GARMIN_STATUS_GATE as readonly string[]).includes(status.status);
    const easy = ['PRODUCTIVE', 'MAINTAINING', 'PEAKING', 'RECOVERY'].includes(status.status);
    const tsb = current.tsb;
    rows.push({
      measure: 'training status',
      garmin: { value: status.status, text: status.status.toLowerCase() + (status.loadFocus?.phrase ? `; load focus ${status.loadFocus.phrase.toLowerCase().replace(/_/g, ' ')}` : ''), date: status.date },
      ours: { value: loadGate.gated ? 'gated' : 'open', text: `TSB ${round(tsb)}, ACWR ${ourAcwr === null ? 'n/a' : round(ourAcwr, 2)}: ${loadGate.gated ? 'load gate closed' : 'load within limits'}` },
      difference: null,
      differencePct: null,
      material: (strained && !loadGate.gated) || (easy && loadGate.gated),
      threshold: `Garmin ${GARMIN_STATUS_GATE.join('/').toLowerCase()} against our load gate (TSB, ACWR)`,
      note: '',
    });
  }

  const readiness = garmin.trainingReadiness;
  if (readiness && daysBetween(readiness.latestDate, facts.today) <= 1) {
    const low = readiness.latest < t.readinessLow;
    const high = readiness.latest >= t.readinessHigh;
    rows.push({
      measure: 'readiness',
      garmin: { value: readiness.latest, text: `${Math.round(readiness.latest)} of 100`, date: readiness.latestDate },
      ours: { value: ourGate.gated ? 'gated' : 'open', text: gateText(ourGate) },
      difference: null,
      differencePct: null,
      material: (low && !ourGate.gated) || (high && ourGate.gated),
      threshold: `Garmin below ${t.readinessLow} with our gate open, or ${t.readinessHigh}+ with it closed`,
      note: 'our gate from HRV, resting HR, sleep, TSB and ACWR, without Garmin\'s figures',
    });
  }

  return rows.length ? { asOf: facts.today, thresholds: COMPARISON_THRESHOLDS, rows } : null;
}

/** The best run efforts of the facts as efforts at their distances (the dates are not in the facts). */
export function runEffortsOf(facts: Facts): RunEffort[] {
  return Object.entries(facts.bestEfforts.run_s).flatMap(([label, time_s]) => {
    const distance_m = runLabelDistance(label);
    return distance_m && time_s > 0 ? [{ label, distance_m, time_s, date: '' }] : [];
  });
}

/** coach's predictions of a distance: Riegel from the nearest best effort, VDOT, critical speed where it holds. */
export function coachPredictions(facts: Facts, runs: RunEffort[], distance_m: number): Array<{ method: string; time_s: number }> {
  const out: Array<{ method: string; time_s: number }> = [];
  const from = closestEffort(runs, distance_m);
  if (from) out.push({ method: 'Riegel', time_s: Math.round(riegel(from.time_s, from.distance_m, distance_m)) });
  if (facts.bestEfforts.vdot !== null) out.push({ method: 'VDOT', time_s: Math.round(predictTimeFromVdot(facts.bestEfforts.vdot, distance_m)) });
  const cs = facts.curves?.models.running;
  if (cs && cs.cs_mps !== undefined && cs.dPrime_m !== undefined && (cs.confidence === 'high' || cs.confidence === 'moderate')) {
    const p = criticalSpeedPrediction(distance_m, { cs_mps: cs.cs_mps, dPrime_m: cs.dPrime_m, confidence: cs.confidence });
    if (p) out.push({ method: 'critical speed', time_s: p.time_s });
  }
  return out;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** Table head and rows as text, for both formats. */
export const COMPARISON_HEAD = ['Measure', 'Garmin', 'Ours', 'Difference', 'Flag'];

export function comparisonRows(c: GarminComparison): string[][] {
  return c.rows.map((r) => [
    r.measure,
    `${r.garmin.text}${r.garmin.date ? ` (${r.garmin.date})` : ''}`,
    r.ours.text,
    r.difference === null
      ? ''
      : r.measure.endsWith('prediction')
        ? `${r.difference >= 0 ? '+' : '-'}${formatDuration(Math.abs(r.difference))}${r.differencePct === null ? '' : ` (${r.differencePct >= 0 ? '+' : ''}${r.differencePct}%)`}`
        : `${r.difference >= 0 ? '+' : ''}${r.difference}${r.differencePct === null ? '' : ` (${r.differencePct >= 0 ? '+' : ''}${r.differencePct}%)`}`,
    r.material ? `differs: ${r.threshold}` : 'agrees',
  ]);
}

export function comparisonCaption(c: GarminComparison): string {
  const flagged = c.rows.filter((r) => r.material).length;
  return `Garmin's own figures beside coach's, as of ${c.asOf}: ${flagged} of ${c.rows.length} differ materially (thresholds in the Flag column)`;
}

export function comparisonMarkdown(c: GarminComparison | null, table: (head: string[], rows: string[][]) => string, cell: (text: string) => string): string {
  if (!c) return "_No Garmin figures (training status, readiness, VO2max, race predictions) to compare: they come with `coach garmin sync`._";
  return [cell(comparisonCaption(c)) + '.', table(COMPARISON_HEAD, comparisonRows(c))].join('\n\n');
}

export function comparisonHtml(c: GarminComparison | null, e: (text: string) => string): string {
  if (!c) return '<p><em>No Garmin figures (training status, readiness, VO2max, race predictions) to compare: they come with <code>coach garmin sync</code>.</em></p>';
  return [
    `<p>${e(comparisonCaption(c))}.</p>`,
    `<table class="garmin-vs-ours"><thead><tr>${COMPARISON_HEAD.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>`,
    ...comparisonRows(c).map((row, i) => {
      const flag = c.rows[i]!.material;
      return `<tr${flag ? ' class="differs"' : ''}>${row.map((cell, j) => (j === 4 && flag ? `<td style="color:#c62828"><b>${e(cell)}</b></td>` : `<td>${e(cell)}</td>`)).join('')}</tr>`;
    }),
    '</tbody></table>',
  ].join('\n');
}
