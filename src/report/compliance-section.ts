import { addDays } from '../analytics/calendar.js';
import type { ComplianceFacts, ComplianceSession, ComplianceStatus } from '../analytics/facts.types.js';
import { escapeHtml } from './template.js';

/**
 * "Done against planned" in the reports: the previous plan's week as coloured days (HTML)
 * or a table (Markdown), each planned session with its status, planned and done minutes.
 */

export const COMPLIANCE_COLOURS: Record<ComplianceStatus, string> = {
  green: '#2e7d32',
  amber: '#f9a825',
  red: '#c62828',
  missed: '#9e9e9e',
};

export function complianceHeadline(c: ComplianceFacts): string {
  const { planned, green, amber, red, missed } = c.counts;
  const ratio = c.loadRatio === null ? '' : `; load ${c.doneLoad} of ${c.plannedLoad} planned (${Math.round(c.loadRatio * 100)}%)`;
  return `The plan from ${c.weekStart}, through ${c.through}: ${planned} session${planned === 1 ? '' : 's'} planned, ${green} green, ${amber} amber, ${red} red, ${missed} missed${ratio}`;
}

function doneText(s: ComplianceSession): string {
  if (s.status === 'missed') return 'missed';
  const ratio = s.ratio === null ? '' : ` (${Math.round(s.ratio * 100)}% of planned ${s.basis})`;
  return `${s.done_min} min, load ${s.doneLoad}${ratio}`;
}

export const COMPLIANCE_HEAD = ['Date', 'Sport', 'Planned session', 'Planned', 'Done', 'Status'];

export function complianceRows(c: ComplianceFacts): string[][] {
  return [
    ...c.sessions.map((s) => [s.date, s.sport, `${s.title}${s.key ? ' (key)' : ''}`, `${s.planned_min} min, load ${s.plannedLoad}`, doneText(s), s.status]),
    ...c.unplanned.map((u) => [u.date, u.sport, u.name ?? '(unplanned)', 'not planned', `${u.done_min} min, load ${u.load}`, 'unplanned']),
  ];
}

/** The week as seven coloured day cells, then the table. */
export function complianceHtml(c: ComplianceFacts | null | undefined): string {
  const e = escapeHtml;
  if (!c) return '<p><em>No earlier structured plan to compare with.</em></p>';
  const days = Array.from({ length: 7 }, (_, i) => addDays(c.weekStart, i));
  const cells = days.map((date) => {
    const sessions = c.sessions.filter((s) => s.date === date);
    const extra = c.unplanned.filter((u) => u.date === date);
    const items = [
      ...sessions.map((s) => `<div class="cw-s" style="background:${COMPLIANCE_COLOURS[s.status]}" title="${e(doneText(s))}">${e(s.title)}<br><small>${e(s.status)}</small></div>`),
      ...extra.map((u) => `<div class="cw-s cw-u" title="${e(`${u.done_min} min, load ${u.load}`)}">${e(u.name ?? u.sport)}<br><small>unplanned</small></div>`),
    ];
    const body = items.length ? items.join('') : date > c.through ? '<small>not yet</small>' : '<small>rest</small>';
    return `<div class="cw-d"><b>${e(date.slice(5))}</b>${body}</div>`;
  });
  const style = '<style>.cw{display:grid;grid-template-columns:repeat(7,1fr);gap:.3em;margin:.8em 0}.cw-d{border:1px solid #ddd;border-radius:4px;padding:.3em;min-height:4em;font-size:.85em}.cw-s{color:#fff;border-radius:3px;padding:.2em .3em;margin-top:.25em}.cw-u{background:#546e7a}</style>';
  return [
    style,
    `<p>${e(complianceHeadline(c))}.</p>`,
    `<div class="cw" role="table" aria-label="done against planned">${cells.join('')}</div>`,
    `<table><thead><tr>${COMPLIANCE_HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
    ...complianceRows(c).map((r) => `<tr>${r.map((cell, i) => (i === 5 && cell in COMPLIANCE_COLOURS ? `<td style="color:${COMPLIANCE_COLOURS[cell as ComplianceStatus]}"><b>${e(cell)}</b></td>` : `<td>${e(cell)}</td>`)).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

export function complianceMarkdown(c: ComplianceFacts | null | undefined, table: (head: string[], rows: string[][]) => string, cell: (text: string) => string): string {
  if (!c) return '_No earlier structured plan to compare with._';
  return [cell(complianceHeadline(c)) + '.', table(COMPLIANCE_HEAD, complianceRows(c))].join('\n\n');
}
