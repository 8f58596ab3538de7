import type { Facts } from '../../analytics/facts.types.js';
import type { AthleteQuestion } from '../state.js';
import { fmt, renderTemplate } from '../templates.js';

/** What an expert (offline or model) hands on: text for the report and questions for the athlete. */
export interface ExpertOutput {
  title: string;
  content: string;
  questions: AthleteQuestion[];
}

const bullets = (lines: string[]) => (lines.length ? lines.map((l) => `- ${l}`).join('\n') : '- (nothing to report)');
const hours = (s: number) => fmt(s / 3600, 1);

/** Load and fitness: CTL/ATL/TSB, ramp, ACWR, recent weeks, intensity distribution. */
export function offlineLoadExpert(facts: Facts): ExpertOutput {
  const c = facts.load.current;
  const weeks = facts.load.weeks.slice(-4);
  const lines = [
    `Fitness (CTL) ${fmt(c.ctl)}, fatigue (ATL) ${fmt(c.atl)}, form (TSB) ${fmt(c.tsb)}.`,
    `Fitness ramp ${fmt(c.rampRatePerWeek)} points per week.`,
    c.acwrEwma !== null ? `Acute:chronic ratio ${fmt(c.acwrEwma, 2)} (${c.acwrBand}).` : 'Acute:chronic ratio: not enough history yet.',
    ...weeks.map((w) => `Week of ${w.weekStart}: load ${fmt(w.load)}, ${hours(w.duration_s)} h, ${w.sessions} sessions${w.monotony !== null ? `, monotony ${fmt(w.monotony, 2)}` : ''}.`),
  ];
  const pol = facts.intensity.polarized_pct;
  if (pol) lines.push(`Intensity split (low/middle/high): ${fmt(pol.z1)}% / ${fmt(pol.z2)}% / ${fmt(pol.z3)}%, a ${facts.intensity.model} distribution.`);
  let summary: string;
  if (facts.data.activities === 0) summary = 'There are no activities in the analysed period, so fitness and fatigue cannot be assessed yet.';
  else if (c.acwrBand === 'high') summary = 'Acute load is well above what you are used to: the injury and illness risk is raised.';
  else if (c.acwrBand === 'caution') summary = 'Acute load is climbing faster than your chronic load: hold the increase for now.';
  else if (c.acwrBand === 'low') summary = 'Recent load is below your usual level: fitness is drifting down.';
  else summary = 'Load is in a sustainable range relative to your recent history.';
  const advice: string[] = [];
  if (c.tsb < -20) advice.push('Form is deeply negative: plan an easier few days before the next hard session.');
  if (facts.intensity.model === 'threshold') advice.push('Much of the training sits in the middle zone: make easy days easier and hard days harder.');
  if (weeks.some((w) => w.monotony !== null && w.monotony > 2)) advice.push('Weekly monotony above 2: vary the daily load more (harder and easier days).');
  const content = renderTemplate('offline', 'expert-load.md', { summary, bullets: bullets(lines), advice: advice.join('\n') });
  return { title: 'Load and fitness', content, questions: [] };
}

/** Sessions and execution: what was done in the last two weeks, key sessions, best efforts. */
export function offlineSessionsExpert(facts: Facts): ExpertOutput {
  const recent = facts.load.sessions.filter((s) => s.date > shiftDate(facts.today, -14));
  // Per ISO week and sport, as the facts hold them (sums the rules do not recompute).
  const lines = facts.load.weeks.slice(-2).flatMap((w) =>
    Object.entries(w.bySport).map(([sport, v]) => `Week of ${w.weekStart}, ${sport}: ${v!.sessions} sessions, ${hours(v!.duration_s)} h, load ${fmt(v!.load)}.`),
  );
  const longest = [...recent].sort((a, b) => b.duration_s - a.duration_s)[0];
  if (longest) lines.push(`Longest session: ${longest.name ?? longest.sport} on ${longest.date}, ${hours(longest.duration_s)} h, load ${fmt(longest.load)}.`);
  const hard = recent.filter((s) => (s.intensityFactor ?? 0) >= 0.85);
  lines.push(`Sessions at or above intensity factor 0.85: ${hard.length}.`);
  for (const [label, seconds] of Object.entries(facts.bestEfforts.run_s)) lines.push(`Best ${label} run: ${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}.`);
  for (const [label, watts] of Object.entries(facts.bestEfforts.power_w)) lines.push(`Best ${label} power: ${fmt(watts, 0)} W.`);
  if (facts.bestEfforts.vdot !== null) lines.push(`VDOT ${fmt(facts.bestEfforts.vdot)}.`);
  const summary = recent.length === 0
    ? 'No sessions in the last 14 days.'
    : `${recent.length} sessions in the last 14 days.`;
  const advice = facts.data.notes.map((n) => `Data note: ${n}.`);
  const questions: ExpertOutput['questions'] = [];
  if (facts.data.activities > 0 && recent.length === 0) {
    questions.push({ id: 'sessions-gap', expert: 'expert_sessions', text: 'No sessions were recorded in the last 14 days. Were you ill, injured or training without a watch?' });
  }
  const content = renderTemplate('offline', 'expert-sessions.md', { summary, bullets: bullets(lines), advice: advice.join('\n') });
  return { title: 'Sessions and execution', content, questions };
}

/** Recovery and physiology: HRV against baseline, resting HR, sleep, wellness flags. */
export function offlineRecoveryExpert(facts: Facts): ExpertOutput {
  const w = facts.wellness;
  const lines: string[] = [];
  if (w.hrv.lnRmssd7d !== null) {
    lines.push(`HRV (7-day ln rMSSD) ${fmt(w.hrv.lnRmssd7d, 2)} against a normal band of ${fmt(w.hrv.baselineLow, 2)}-${fmt(w.hrv.baselineHigh, 2)}: ${w.hrv.status}.`);
  } else lines.push('No HRV data.');
  if (w.restingHr.avg7d_bpm !== null) {
    lines.push(`Resting heart rate ${fmt(w.restingHr.avg7d_bpm)} bpm over 7 days (60-day baseline ${fmt(w.restingHr.baseline60d_bpm)} bpm): ${w.restingHr.status}.`);
  }
  if (w.sleep.avg7d_s !== null) lines.push(`Sleep ${hours(w.sleep.avg7d_s)} h a night over 7 days${w.sleep.avg28d_s !== null ? ` (28 days: ${hours(w.sleep.avg28d_s)} h)` : ''}.`);
  for (const flag of w.flags) lines.push(`Flag: ${flag}.`);
  // Garmin's own verdicts, beside ours, with their source.
  const garmin = w.garmin;
  if (garmin?.trainingReadiness) lines.push(`Garmin training readiness ${fmt(garmin.trainingReadiness.latest, 0)} (${garmin.trainingReadiness.latestDate}; source garmin).`);
  if (garmin?.trainingStatus?.status) {
    const t = garmin.trainingStatus;
    const load = t.acuteLoad !== null && t.chronicLoad !== null ? `, acute load ${fmt(t.acuteLoad, 0)} against chronic ${fmt(t.chronicLoad, 0)}` : '';
    lines.push(`Garmin training status ${t.status!.toLowerCase()} (${t.date}${load}; source garmin).`);
  }
  const warning = w.hrv.status === 'below' || w.restingHr.status === 'above' || w.flags.length > 0;
  const summary = facts.data.metricsDays === 0
    ? 'No wellness data (HRV, resting heart rate, sleep) was imported, so recovery is judged from load alone.'
    : warning
      ? 'Recovery markers are outside your normal range: treat the coming days with care.'
      : 'Recovery markers are within your normal range.';
  const advice = warning ? 'Keep intensity low until the markers return to baseline.' : '';
  const questions: ExpertOutput['questions'] = warning
    ? [{ id: 'recovery-markers', expert: 'expert_recovery', text: 'Your recovery markers are off baseline. Are you ill, sleeping badly or under unusual stress?' }]
    : [];
  const content = renderTemplate('offline', 'expert-recovery.md', { summary, bullets: bullets(lines), advice });
  return { title: 'Recovery and physiology', content, questions };
}

export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
