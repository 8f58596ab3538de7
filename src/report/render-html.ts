import { markdownToHtml } from './markdown-to-html.js';
import type { RenderedPlot } from './plots/index.js';
import type { ReportInput } from './report-input.js';
import { keyNumbers, PLAN_HEAD, planCaption, planRows, reportTitle, runFacts } from './report-sections.js';
import { escapeHtml, fillReportTemplate, loadReportTemplate } from './template.js';

function htmlTable(head: string[], rows: string[][], className = ''): string {
  const thead = head.some(Boolean) ? `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${escapeHtml(className)}"` : ''}>${thead}<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Vega's SVG is built by coach from numbers and fixed labels, and Vega escapes text it
 * writes; as a second guard, anything script-like is refused rather than embedded.
 */
export function safeSvg(svg: string): string {
  if (!/^<svg[\s>]/.test(svg) || /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(svg)) {
    throw new Error('refusing to embed an SVG with active content');
  }
  return svg;
}

/**
 * The HTML report of one analysis, through `templates/report/report.html`: one
 * self-contained page (inline CSS and inline SVG charts, no scripts, no network), every
 * value from the data HTML-escaped.
 */
export function renderHtml(input: ReportInput, plots: RenderedPlot[] = []): string {
  const { analysis, weeklyPlan } = input;
  const key = keyNumbers(input.facts);
  const plan = weeklyPlan
    ? `<p class="caption">${escapeHtml(planCaption(weeklyPlan))}</p>\n${htmlTable(PLAN_HEAD, planRows(weeklyPlan), 'plan')}` +
      (weeklyPlan.rules.length ? `\n<ul class="rules">${weeklyPlan.rules.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '')
    : '<p class="empty">No weekly plan was stored for this analysis.</p>';
  const charts = plots.length
    ? plots
        .map((p) => `<figure class="chart" id="plot-${escapeHtml(p.name)}" role="img" aria-label="${escapeHtml(p.description)}">\n${safeSvg(p.svg)}\n<figcaption>${escapeHtml(p.title)}: ${escapeHtml(p.description)}</figcaption>\n</figure>`)
        .join('\n')
    : '<p class="empty">No charts for this analysis.</p>';
  const nodeResults = input.results.length
    ? input.results
        .map((r) => `<section class="node" id="node-${escapeHtml(r.nodeName)}">\n<h3>${escapeHtml(r.title ?? r.nodeName)} <small>(${escapeHtml(r.nodeName)})</small></h3>\n` +
          `<p class="meta">${escapeHtml(r.resultType)}, ${escapeHtml(String(r.tokensUsed))} tokens${r.processingTime !== null ? `, ${escapeHtml(r.processingTime.toFixed(2))} s` : ''}</p>\n` +
          `${markdownToHtml(r.content ?? '', { minHeading: 4 })}\n</section>`)
        .join('\n')
    : '<p class="empty">No node results.</p>';
  const files = input.files.length
    ? htmlTable(['File', 'Type', 'Size (bytes)', 'Downloads'], input.files.map((f) => [f.filename, f.fileType, String(f.fileSize ?? ''), String(f.downloadCount)]))
    : '<p class="empty">No files recorded yet.</p>';
  return fillReportTemplate(
    loadReportTemplate('report.html'),
    {
      title: reportTitle(analysis),
      status: analysis.status,
      run: htmlTable(['', ''], runFacts(analysis, input.generatedAt), 'run'),
      summary: analysis.summary ? markdownToHtml(analysis.summary) : '<p class="empty">No summary (the analysis did not complete).</p>',
      recommendations: analysis.recommendations ? markdownToHtml(analysis.recommendations) : '<p class="empty">No recommendations.</p>',
      plan,
      keyNumbers: key.length ? htmlTable(['Measure', 'Value'], key, 'numbers') : '<p class="empty">The facts of this analysis are not available.</p>',
      charts,
      nodeResults,
      files,
    },
    escapeHtml,
  );
}
