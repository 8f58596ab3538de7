import type { RenderedPlot } from './plots/index.js';
import { type ReportInput } from './report-input.js';
import { keyNumbers, PLAN_HEAD, planCaption, planRows, reportTitle, runFacts } from './report-sections.js';
import { fillReportTemplate, loadReportTemplate } from './template.js';

/** A Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

export function markdownTable(head: string[], rows: string[][]): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Stored prose is Markdown with its own headings: push them below the report's sections. */
export function demoteHeadings(text: string, minLevel: number): string {
  return text.replace(/^(#{1,6}) /gm, (_m, hashes: string) => '#'.repeat(Math.min(6, Math.max(minLevel, hashes.length + minLevel - 1))) + ' ');
}

export interface MarkdownOptions {
  /** Plots written next to the report: linked by relative path. */
  plots?: Array<Pick<RenderedPlot, 'name' | 'title'> & { filename: string }>;
}

/** The Markdown report of one analysis, through `templates/report/report.md`. */
export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
  const { analysis, weeklyPlan } = input;
  const key = keyNumbers(input.facts);
  const plan = weeklyPlan
    ? [planCaption(weeklyPlan), '', markdownTable(PLAN_HEAD, planRows(weeklyPlan)), ...weeklyPlan.rules.map((r, i) => `${i === 0 ? '\n' : ''}- ${r.replace(/\n/g, ' ')}`)].join('\n')
    : '_No weekly plan was stored for this analysis._';
  const nodeResults = input.results.length
    ? input.results.map((r) => [
        `### ${(r.title ?? r.nodeName).replace(/\n/g, ' ')} (${r.nodeName})`,
        '',
        `_${r.resultType}, ${r.tokensUsed} tokens${r.processingTime !== null ? `, ${r.processingTime.toFixed(2)} s` : ''}_`,
        '',
        // Node prose is Markdown already; demote its headings below this one.
        demoteHeadings((r.content ?? '').trim(), 4),
      ].join('\n')).join('\n\n')
    : '_No node results._';
  const plots = options.plots?.length
    ? options.plots.map((p) => `![${p.title}](${p.filename})`).join('\n\n')
    : '_No charts for this analysis._';
  const files = input.files.length
    ? markdownTable(['File', 'Type', 'Size (bytes)', 'Downloads'], input.files.map((f) => [f.filename, f.fileType, String(f.fileSize ?? ''), String(f.downloadCount)]))
    : '_No files recorded yet._';
  const filled = fillReportTemplate(loadReportTemplate('report.md'), {
    title: reportTitle(analysis),
    run: markdownTable(['', ''], runFacts(analysis, input.generatedAt)),
    summary: demoteHeadings(analysis.summary?.trim() ?? '', 3) || '_No summary (the analysis did not complete)._',
    recommendations: demoteHeadings(analysis.recommendations?.trim() ?? '', 3) || '_No recommendations._',
    plan,
    keyNumbers: key.length ? markdownTable(['Measure', 'Value'], key) : '_The facts of this analysis are not available._',
    plots,
    nodeResults,
    files,
  });
  return filled.replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
