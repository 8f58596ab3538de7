import type { Facts } from '../../analytics/facts.types.js';
import { seasonLines } from '../../plan/plan-text.js';
import type { SeasonOutline } from '../../plan/season-outline.js';
import { fmt, renderTemplate } from '../templates.js';
import type { AthleteQuestion } from '../state.js';

/** The overall verdict, by rules, from load band, form and recovery status. */
export function offlineVerdict(facts: Facts): string {
  const c = facts.load.current;
  const recoveryWarning = facts.wellness.hrv.status === 'below' || facts.wellness.restingHr.status === 'above' || facts.wellness.flags.length > 0;
  if (facts.data.activities === 0) return 'Not enough data yet: import your activities (coach garmin import) for a real assessment. The plan below is a gentle starter week.';
  if (recoveryWarning && (c.acwrBand === 'high' || c.acwrBand === 'caution')) return 'Load is rising while recovery markers are off: prioritise recovery this week.';
  if (recoveryWarning) return 'Training load is manageable but recovery markers are off: keep the intensity low until they settle.';
  if (c.acwrBand === 'high') return 'Load has jumped well above your usual level: consolidate before adding more.';
  if (c.acwrBand === 'low') return 'Training has dropped below your usual level: rebuild gradually.';
  return `Training is on track for the ${facts.season.phase} phase: keep building steadily.`;
}

export function offlineSynthesis(facts: Facts, expertReports: Record<string, string>, questions: AthleteQuestion[], answers: Record<string, string>): string {
  const firstLine = (text: string | undefined) => (text ?? '').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#')) ?? '';
  const points = [
    `Load: ${firstLine(expertReports.expert_load)}`,
    `Sessions: ${firstLine(expertReports.expert_sessions)}`,
    `Recovery: ${firstLine(expertReports.expert_recovery)}`,
    `Season: ${facts.season.phaseReason}.`,
  ].map((l) => `- ${l}`).join('\n');
  const answered = questions.filter((q) => answers[q.id]);
  const answerText = answered.length
    ? 'Your answers, taken into account:\n' + answered.map((q) => `- ${q.text} You said: "${answers[q.id]}"`).join('\n')
    : '';
  return renderTemplate('offline', 'synthesis.md', { verdict: offlineVerdict(facts), points, answers: answerText });
}

/** The outline's blocks as list items, for the offline text and the season planner's prompt. */
export function seasonBlockLines(outline: SeasonOutline): string[] {
  return seasonLines(outline).map((l) => `- ${l}`);
}

export function offlineSeasonPlan(facts: Facts, outline: SeasonOutline): string {
  const race = facts.season.nextARace;
  const words = outline.constraints.length ? `\n\nYour words, taken into account:\n${outline.constraints.map((c) => `- ${c}`).join('\n')}` : '';
  if (!race) {
    return renderTemplate('offline', 'season-plan.md', {
      intro: `No A race is set, so the season stays in the ${facts.season.phase} phase. Add your main race with \`coach race add --priority A\` to get a periodised outline.${words}`,
      phases: seasonBlockLines(outline).join('\n'),
    });
  }
  const raceFact = facts.races.find((r) => r.id === race.id);
  const gap = raceFact?.targetGap_s;
  const gapLine = gap === null || gap === undefined ? '' : gap > 0 ? ` The current prediction is ${fmt(gap / 60)} minutes slower than the target.` : ` The current prediction is ${fmt(-gap / 60)} minutes faster than the target.`;
  return renderTemplate('offline', 'season-plan.md', {
    intro: `${race.name} on ${race.date}, ${fmt(race.weeksToRace)} weeks away. Current phase: ${facts.season.phase} (${facts.season.phaseReason}).${gapLine}${words}`,
    phases: seasonBlockLines(outline).join('\n'),
  });
}
