import type { Facts } from '../analytics/facts.types.js';
import type { AnalysisDetail } from '../db/results.repository.js';
import { dayOf, type PlanView, shortId } from './report-input.js';

/**
 * The pieces both report formats show, as plain label/value text computed from the rows
 * and the facts (never from model prose), so Markdown and HTML cannot disagree.
 */
export function fmtNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

export function fmtCost(cost: string | null): string {
  if (cost === null) return 'n/a';
  const n = Number(cost);
  return Number.isFinite(n) ? `$${n.toFixed(n > 0 && n < 0.01 ? 4 : 2)}` : 'n/a';
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'n/a';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

export function reportTitle(analysis: AnalysisDetail): string {
  const day = dayOf(analysis.endDate) ?? dayOf(analysis.createdAt) ?? '';
  return `Training analysis ${day}${analysis.athleteName ? ` for ${analysis.athleteName}` : ''}`;
}

/** Label/value rows describing the run itself. */
export function runFacts(analysis: AnalysisDetail, generatedAt: string): Array<[string, string]> {
  const from = dayOf(analysis.startDate);
  const to = dayOf(analysis.endDate);
  return [
    ['Analysis', `${shortId(analysis.id)} (${analysis.id})`],
    ['Training config', analysis.configName],
    ['Status', analysis.status + (analysis.errorMessage ? `: ${analysis.errorMessage}` : '')],
    ['Mode', analysis.analysisType ?? 'n/a'],
    ['Data', from && to ? `${from} to ${to}` : to ?? 'n/a'],
    ['Created', new Date(analysis.createdAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'],
    ['Tokens', String(analysis.totalTokens)],
    ['Estimated cost', fmtCost(analysis.estimatedCost)],
    ['Report generated', generatedAt.replace('T', ' ').slice(0, 16) + ' UTC'],
  ];
}

/** Label/value rows of the key training numbers from the facts. */
export function keyNumbers(facts: Facts | null): Array<[string, string]> {
  if (!facts) return [];
  const c = facts.load.current;
  const w = facts.wellness;
  const rows: Array<[string, string]> = [
    ['As of', facts.today],
    ['Activities analysed', `${facts.data.activities} (${facts.data.firstActivity ?? 'n/a'} to ${facts.data.lastActivity ?? 'n/a'})`],
    ['Fitness (CTL)', fmtNumber(c.ctl)],
    ['Fatigue (ATL)', fmtNumber(c.atl)],
    ['Form (TSB)', fmtNumber(c.tsb)],
    ['Ramp rate', `${fmtNumber(c.rampRatePerWeek)} CTL points per week`],
    ['Acute:chronic ratio', `${fmtNumber(c.acwrEwma, 2)} (EWMA), ${fmtNumber(c.acwrRolling, 2)} (rolling): ${c.acwrBand}`],
    ['Intensity distribution', facts.intensity.polarized_pct
      ? `${fmtNumber(facts.intensity.polarized_pct.z1)}% / ${fmtNumber(facts.intensity.polarized_pct.z2)}% / ${fmtNumber(facts.intensity.polarized_pct.z3)}% (${facts.intensity.model})`
      : facts.intensity.model],
    ['HRV (7-day ln rMSSD)', `${fmtNumber(w.hrv.lnRmssd7d, 2)} (${w.hrv.status})`],
    ['Resting HR (7 days)', `${fmtNumber(w.restingHr.avg7d_bpm)} bpm (${w.restingHr.status})`],
    ['Sleep (7 days)', fmtDuration(w.sleep.avg7d_s)],
    ['Training phase', `${facts.season.phase}: ${facts.season.phaseReason}`],
  ];
  for (const race of facts.races.filter((r) => !r.isPast)) {
    const best = race.predictions[0];
    rows.push([
      `Race: ${race.name}`,
      `${race.date} (${race.priority}), ${race.weeksToRace} weeks` +
        (race.targetTime ? `, target ${race.targetTime}` : '') +
        (best ? `, predicted ${fmtDuration(best.time_s)} (${best.method})` : ''),
    ]);
  }
  return rows;
}

export const PLAN_HEAD = ['Date', 'Sport', 'Session', 'Intensity', 'Minutes', 'Load', 'Details'];

export function planRows(plan: PlanView): string[][] {
  return plan.days.map((d) => [
    d.date,
    d.sport,
    d.title,
    d.intensity,
    d.duration_min === null ? '' : fmtNumber(d.duration_min, 0),
    d.plannedLoad === null ? '' : fmtNumber(d.plannedLoad, 0),
    d.description,
  ]);
}

export function planCaption(plan: PlanView): string {
  const parts = [
    plan.weekStart ? `Week of ${plan.weekStart}` : null,
    plan.phase ? `phase ${plan.phase}` : null,
    plan.totalPlannedLoad !== null ? `planned load ${fmtNumber(plan.totalPlannedLoad, 0)}` : null,
    plan.targetLoad !== null ? `target ${fmtNumber(plan.targetLoad, 0)}` : null,
    plan.loadCap !== null ? `cap ${fmtNumber(plan.loadCap, 0)}` : null,
  ].filter(Boolean);
  return parts.join(', ');
}
