/**
 * Threshold suggestions: when a model fitted to the last 90 days' maximal efforts
 * (curve-models.ts) puts a threshold more than 3% away from the one in the athlete's zones,
 * say so, with the efforts as evidence, and the zone value that would replace it:
 * - Cycling FTP against eFTP (the critical power model's 60-minute power);
 * - Running threshold pace against the critical speed pace (1000 / CS);
 * - Swimming CSS against the fitted critical swim speed pace (100 / CSS).
 * Only models of 'moderate' or 'high' confidence suggest: a 'low' fit (training rides, no
 * test or race) or too few maximal efforts says nothing about the threshold.
 */
import type { CurveFacts, CurveModel, ThresholdSuggestion } from './facts.types.js';
import type { ZoneInput } from './facts-input.js';
import { formatDuration } from './running-formulas.js';
import { classifyZoneMetric, disciplineSport, parseZoneValue, zoneMidpoint, type ZoneMetric } from './zones.js';

/** Suggest only beyond this relative difference. */
export const SUGGESTION_MIN_CHANGE = 0.03;

interface Target {
  discipline: 'Cycling' | 'Running' | 'Swimming';
  metric: ZoneMetric;
  model: keyof CurveFacts['models'];
  /** The fitted threshold in the zone's unit (W, s/km, s/100 m). */
  fitted: (m: CurveModel) => number | undefined;
  format: (value: number) => string;
  /** Pace: a lower number is faster. */
  pace: boolean;
  what: string;
}

const TARGETS: Target[] = [
  { discipline: 'Cycling', metric: 'ftp', model: 'cycling', fitted: (m) => m.eFtp_w, format: (w) => `${Math.round(w)} W`, pace: false, what: 'eFTP (CP + W\'/3600)' },
  { discipline: 'Running', metric: 'thresholdPace', model: 'running', fitted: (m) => m.paceSecPerKm, format: (s) => `${formatDuration(s)}/km`, pace: true, what: 'critical speed pace' },
  { discipline: 'Swimming', metric: 'css', model: 'swimming', fitted: (m) => m.paceSecPer100m, format: (s) => `${formatDuration(s)}/100m`, pace: true, what: 'critical swim speed pace' },
];

function zoneRow(zones: readonly ZoneInput[], discipline: string, metric: ZoneMetric): { row: ZoneInput; value: number } | null {
  for (const row of zones) {
    if (disciplineSport(row.discipline) !== disciplineSport(discipline)) continue;
    const value = parseZoneValue(row.zone_value);
    if (!value || classifyZoneMetric(row.metric_description, value.unit)?.metric !== metric) continue;
    const mid = zoneMidpoint(value);
    if (mid !== null) return { row, value: mid };
  }
  return null;
}

function evidence(model: CurveModel, format: (v: number) => string, target: Target): string {
  const efforts = model.efforts
    .map((e) => `${formatDuration(e.duration_s)} at ${target.model === 'cycling' ? `${Math.round(e.value)} W` : format(target.model === 'running' ? 1000 / e.value : 100 / e.value)} (${e.date})`)
    .join(', ');
  const params =
    target.model === 'cycling'
      ? `CP ${model.cp_w} W, W' ${((model.wPrime_j ?? 0) / 1000).toFixed(1)} kJ`
      : `CS ${model.cs_mps} m/s, D' ${model.dPrime_m} m`;
  return `${params} from ${efforts}; ${model.note}; confidence ${model.confidence}`;
}

export function thresholdSuggestions(zones: readonly ZoneInput[], models: CurveFacts['models']): ThresholdSuggestion[] {
  const out: ThresholdSuggestion[] = [];
  for (const target of TARGETS) {
    const model = models[target.model];
    if (model.confidence !== 'high' && model.confidence !== 'moderate') continue;
    const fitted = target.fitted(model);
    const current = zoneRow(zones, target.discipline, target.metric);
    if (fitted === undefined || !current || !(current.value > 0)) continue;
    const change = (fitted - current.value) / current.value;
    if (Math.abs(change) <= SUGGESTION_MIN_CHANGE) continue;
    // A faster pace is a lower number: "up" means fitter either way.
    const fitter = target.pace ? change < 0 : change > 0;
    out.push({
      discipline: target.discipline,
      metricDescription: current.row.metric_description,
      current: current.row.zone_value,
      suggested: target.format(fitted),
      changePct: Math.round(change * 1000) / 10,
      direction: fitter ? 'fitter' : 'less fit',
      confidence: model.confidence,
      basis: target.what,
      evidence: evidence(model, target.format, target),
      efforts: model.efforts,
    });
  }
  return out;
}

/** One line per suggestion, for the facts' notes and the CLI. */
export function describeSuggestion(s: ThresholdSuggestion): string {
  return `${s.discipline} ${s.metricDescription}: zones say ${s.current}, the last 90 days' maximal efforts say ${s.suggested} (${s.changePct > 0 ? '+' : ''}${s.changePct}%, ${s.basis}; ${s.evidence})`;
}
