import { complianceHtml } from './compliance-section.js';
import { comparisonHtml, garminComparison } from './garmin-comparison.js';
import { markdownToHtml } from './markdown-html.js';
import type { RenderedPlot } from './plots/index.js';
import { PLAN_HEAD } from './report-sections.js';
import { calendarHead, calendarRows, dataNotes, headerValues, keyNumbers, planHeadline } from './report-view.js';
import { stepSeconds, type ReportInput } from './report-input.js';
import { escapeHtml, fillReportTemplate, loadReportTemplate } from './template.js';

/**
 * The HTML report of one analysis (`report.html`, `coach results export --format html`),
 * one self-contained page through `templates/report/report.html`: no scripts, no network
 * (its Content-Security-Policy forbids both), charts inline as SVG. Everything from the data
 * is HTML-escaped; the SVGs come from Vega's renderer, which escapes its text itself.
 */
export function renderHtml(input: ReportInput, plots: RenderedPlot[] = []): string {
  const e = escapeHtml;
  const numbers = keyNumbers(input.facts);
  const notes = dataNotes(input.facts);
  const keyBlock = [
    numbers.length
      ? `<section class="cards">${numbers.map((n) => `<div class="card"><small>${e(n.label)}</small><b>${e(n.value)}</b><small>${e(n.note)}</small></div>`).join('')}</section>`
      : '',
    notes.length ? `<ul class="notes">${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : '',
  ].join('\n');

  const plan = input.weeklyPlan;
  const planBlock = plan
    ? [
        `<p>${e(planHeadline(plan))}</p>`,
        `<table><thead><tr>${PLAN_HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
        ...plan.days.map(
          (d) =>
            `<tr><td>${e(d.date)}</td><td>${e(d.sport)}</td><td>${e(d.title)}</td><td>${e(d.intensity)}</td><td class="num">${e(d.duration_min ?? '')}</td><td class="num">${e(d.plannedLoad ?? '')}</td><td>${e(d.description)}</td></tr>`,
        ),
        '</tbody></table>',
        plan.rules.length ? `<p>Rules that shaped the plan:</p><ul>${plan.rules.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : '',
        plan.changes.length ? `<p>Changed since the last plan:</p><ul>${plan.changes.map((c) => `<li>${e(c)}</li>`).join('')}</ul>` : '',
        plan.calendar.length
          ? `<p>The 28 days:</p><table class="calendar"><thead><tr>${calendarHead(plan).map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${calendarRows(plan).map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
          : '',
        plan.season?.blocks.length ? `<p>Season outline (blocks to each A race, weekly volume by the end of each block):</p><ul class="season">${plan.season.blocks.map((b) => `<li>${e(b)}</li>`).join('')}</ul>` : '',
        plan.season?.constraints.length ? `<p>Your words in the season outline:</p><ul>${plan.season.constraints.map((c) => `<li>${e(c)}</li>`).join('')}</ul>` : '',
      ].join('\n')
    : '<p><em>No weekly plan in this analysis.</em></p>';

  const plotsBlock = plots.length
    ? plots
        .map((p) => `<figure id="plot-${e(p.name)}" role="img" aria-label="${e(p.title)}: ${e(p.description)}">${p.svg}<figcaption>${e(p.description)}</figcaption></figure>`)
        .join('\n')
    : '<p><em>No charts (plotting is off for this configuration).</em></p>';

  const resultsBlock = input.results.length
    ? [
        '<table><thead><tr><th>Step</th><th>Type</th><th>Title</th><th>Tokens</th><th>Seconds</th></tr></thead><tbody>',
        ...input.results.map(
          (r) =>
            `<tr><td>${e(r.nodeName)}</td><td>${e(r.resultType)}</td><td>${e(r.title ?? '')}</td><td class="num">${e(Number(r.tokensUsed))}</td><td class="num">${e(stepSeconds(r))}</td></tr>`,
        ),
        '</tbody></table>',
      ].join('\n')
    : '<p><em>No step results recorded.</em></p>';

  return fillReportTemplate(
    loadReportTemplate('report.html'),
    {
      ...headerValues(input),
      keyNumbers: keyBlock,
      summary: input.analysis.summary?.trim() ? markdownToHtml(input.analysis.summary) : '<p><em>No summary.</em></p>',
      recommendations: input.analysis.recommendations?.trim() ? markdownToHtml(input.analysis.recommendations) : '<p><em>No recommendations.</em></p>',
      compliance: complianceHtml(input.facts?.compliance),
      garminComparison: comparisonHtml(garminComparison(input.facts), e),
      plan: planBlock,
      plots: plotsBlock,
      results: resultsBlock,
    },
    escapeHtml,
  );
}
