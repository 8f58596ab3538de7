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
    plan.source ? `source ${plan.source}` : null,
  ].filter(Boolean);
  return parts.join(', ');
}
