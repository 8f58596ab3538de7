import { complianceMarkdown } from './compliance-section.js';
import { comparisonMarkdown, garminComparison } from './garmin-comparison.js';
import type { RenderedPlot } from './plots/index.js';
import { PLAN_HEAD } from './report-sections.js';
import { calendarHead, calendarRows, dataNotes, headerValues, keyNumbers, planHeadline } from './report-view.js';
import { stepSeconds, type ReportInput } from './report-input.js';
import { fillReportTemplate, loadReportTemplate } from './template.js';

/**
 * Text from data in the Markdown report: one line, pipes escaped (cannot break a table) and
 * `<`, `>`, `&` as entities (a Markdown viewer never sees raw HTML from a race or activity name).
 */
export function mdCell(text: string): string {
  return String(text)
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.map(mdCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The Markdown report of one analysis (`report.md`, `coach results export --format md`),
 * through `templates/report/report.md`. Summary and recommendations are Markdown already
 * and go in as written; plot files are linked when they were written next to the report.
 */
export function renderMarkdown(input: ReportInput, plots: Array<Pick<RenderedPlot, 'name' | 'title' | 'description'>> = [], plotFiles: Record<string, string> = {}): string {
  const numbers = keyNumbers(input.facts);
  const notes = dataNotes(input.facts);
  const keyBlock = [
    numbers.length ? table(['Measure', 'Value', 'Note'], numbers.map((n) => [n.label, n.value, n.note])) : '',
    notes.length ? notes.map((n) => `> ${mdCell(n)}`).join('\n>\n') : '',
  ].filter(Boolean).join('\n\n');

  const plan = input.weeklyPlan;
  const planBlock = plan
    ? [
        planHeadline(plan) + '.',
        table(
          PLAN_HEAD,
          plan.days.map((d) => [d.date, d.sport, d.title, d.intensity, d.duration_min === null ? '' : String(d.duration_min), d.plannedLoad === null ? '' : String(d.plannedLoad), d.description]),
        ),
        plan.rules.length ? ['Rules that shaped the plan:', ...plan.rules.map((r) => `- ${mdCell(r)}`)].join('\n') : '',
        plan.changes.length ? ['Changed since the last plan:', ...plan.changes.map((c) => `- ${mdCell(c)}`)].join('\n') : '',
        plan.calendar.length ? `The 28 days:\n\n${table(calendarHead(plan), calendarRows(plan))}` : '',
        plan.season?.blocks.length ? ['Season outline (blocks to each A race, weekly volume by the end of each block):', ...plan.season.blocks.map((b) => `- ${mdCell(b)}`)].join('\n') : '',
        plan.season?.constraints.length ? ['Your words in the season outline:', ...plan.season.constraints.map((c) => `- ${mdCell(c)}`)].join('\n') : '',
      ].filter(Boolean).join('\n\n')
    : '_No weekly plan in this analysis._';

  const plotsBlock = plots.length
    ? plots.map((p) => (plotFiles[p.name] ? `- [${mdCell(p.title)}](${plotFiles[p.name]}): ${mdCell(p.description)}` : `- ${mdCell(p.title)}: ${mdCell(p.description)}`)).join('\n')
    : '_No charts (plotting is off for this configuration, or see the HTML report)._';

  const resultsBlock = input.results.length
    ? table(
        ['Step', 'Type', 'Title', 'Tokens', 'Seconds'],
        input.results.map((r) => [r.nodeName, r.resultType, r.title ?? '', String(Number(r.tokensUsed)), stepSeconds(r)]),
      )
    : '_No step results recorded._';

  return fillReportTemplate(loadReportTemplate('report.md'), {
    ...headerValues(input),
    keyNumbers: keyBlock,
    summary: input.analysis.summary?.trim() || '_No summary._',
    recommendations: input.analysis.recommendations?.trim() || '_No recommendations._',
    compliance: complianceMarkdown(input.facts?.compliance, table, mdCell),
    garminComparison: comparisonMarkdown(garminComparison(input.facts), table, mdCell),
    plan: planBlock,
    plots: plotsBlock,
    results: resultsBlock,
  }, mdCell);
}
