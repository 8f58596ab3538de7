import type { Facts } from '../analytics/facts.types.js';
import { sourceWords } from '../plan/plan-text.js';
import type { PlanSource } from '../plan/plan.types.js';
import { dayOf, type PlanView, type ReportInput, shortId } from './report-input.js';

const planSourceWords = (source: string) => sourceWords(source as PlanSource);

/** The plain values both report templates show in their header and footer. */
export function headerValues(input: ReportInput): Record<string, string> {
  const a = input.analysis;
  const cost = a.estimatedCost === null ? null : Number(a.estimatedCost);
  const from = dayOf(a.startDate);
  const to = dayOf(a.endDate);
  return {
    title: `Training analysis ${dayOf(a.createdAt) ?? ''} (${a.configName})`,
    athlete: a.athleteName ?? 'athlete',
    config: a.configName,
    analysisId: a.id,
    shortId: shortId(a.id),
    status: a.status,
    mode: a.analysisType ?? 'unknown',
    dataRange: from && to ? `${from} to ${to}` : 'unknown',
    createdAt: isoMinute(a.createdAt),
    tokens: String(Number(a.totalTokens)),
    cost: cost === null || !Number.isFinite(cost) ? 'unknown' : `$${cost.toFixed(4)}`,
    generatedAt: isoMinute(input.generatedAt),
  };
}

export interface KeyNumber {
  label: string;
  value: string;
  note: string;
}

const fmt = (n: number | null | undefined, digits = 0): string => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

/** The headline numbers (all from the facts), shown as cards in HTML and a table in Markdown. */
export function keyNumbers(facts: Facts | null): KeyNumber[] {
  if (!facts) return [];
  const c = facts.load.current;
  const race = facts.season.nextARace;
  const w = facts.wellness;
  return [
    { label: 'Fitness (CTL)', value: fmt(c.ctl, 1), note: `ramp ${fmt(c.rampRatePerWeek, 1)}/week` },
    { label: 'Fatigue (ATL)', value: fmt(c.atl, 1), note: '7-day load average' },
    { label: 'Form (TSB)', value: fmt(c.tsb, 1), note: 'fitness minus fatigue' },
    { label: 'ACWR', value: fmt(c.acwrEwma ?? c.acwrRolling, 2), note: c.acwrBand },
    { label: 'Phase', value: facts.season.phase, note: facts.season.phaseReason },
    { label: 'Next A race', value: race ? race.name : 'none', note: race ? `${race.date}, ${race.weeksToRace} weeks` : '' },
    { label: 'HRV (ln rMSSD 7d)', value: fmt(w.hrv.lnRmssd7d, 2), note: w.hrv.status },
    { label: 'Resting HR (7d)', value: w.restingHr.avg7d_bpm === null ? 'n/a' : `${fmt(w.restingHr.avg7d_bpm)} bpm`, note: w.restingHr.status },
    { label: 'Sleep (7d)', value: w.sleep.avg7d_s === null ? 'n/a' : `${fmt(w.sleep.avg7d_s / 3600, 1)} h`, note: w.sleep.avgScore7d === null ? '' : `score ${fmt(w.sleep.avgScore7d)}` },
    ...intensityNumbers(facts),
  ];
}

const threeZones = (z: { z1: number; z2: number; z3: number }) => `${fmt(z.z1)} / ${fmt(z.z2)} / ${fmt(z.z3)} %`;
const fiveZones = (pct: readonly number[]) => `Z1-Z5 ${pct.map((p) => fmt(p)).join(' / ')} %`;

/** Time in the three intensity zones overall and per sport, with the athlete's five zones where they allow. */
function intensityNumbers(facts: Facts): KeyNumber[] {
  const { polarized_pct, fiveZone_pct, model, bySport, fiveZoneBySport_pct } = facts.intensity;
  if (!polarized_pct) return [];
  const overall: KeyNumber = { label: 'Intensity (low / mid / high)', value: threeZones(polarized_pct), note: [model, fiveZone_pct && fiveZones(fiveZone_pct)].filter(Boolean).join('; ') };
  const perSport = Object.entries(bySport).flatMap(([sport, split]): KeyNumber[] => {
    if (!split) return [];
    const five = fiveZoneBySport_pct[sport as keyof typeof fiveZoneBySport_pct];
    return [{ label: `Intensity, ${sport}`, value: threeZones(split), note: five ? fiveZones(five) : '' }];
  });
  return [overall, ...perSport];
}

/** The line above the plan table in both reports: week, phase, target, cap and planned load as stored. */
export function planHeadline(plan: PlanView): string {
  return [
    plan.weekStart && `Week of ${plan.weekStart}`,
    plan.phase && `phase ${plan.phase}`,
    plan.targetLoad !== null && `target load ${plan.targetLoad}`,
    plan.loadCap !== null && `cap ${plan.loadCap}`,
    plan.totalPlannedLoad !== null && `planned ${plan.totalPlannedLoad}`,
    plan.source && planSourceWords(plan.source),
  ].filter(Boolean).join(', ');
}

/** Weekday names of the first row of the 28-day strip (the plan starts on any weekday). */
export function calendarHead(plan: PlanView): string[] {
  return (plan.calendar[0] ?? []).map((c) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${c.date}T00:00:00Z`).getUTCDay()] ?? '');
}

/** Each row of the strip with its cells as "12-03 Thr run 53'". */
export function calendarRows(plan: PlanView): string[][] {
  return plan.calendar.map((row) => row.map((c) => `${c.date.slice(5)} ${c.label}`));
}

/** Notes about missing or estimated data plus wellness flags, for a short list under the numbers. */
export function dataNotes(facts: Facts | null): string[] {
  if (!facts) return ['The facts of this analysis could not be rebuilt; numbers are missing.'];
  return [...facts.data.notes, ...facts.wellness.flags];
}

function isoMinute(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
