import { describe, expect, it } from 'vitest';
import type { ComplianceFacts } from '../../../src/analytics/facts.types.js';
import { COMPLIANCE_COLOURS, complianceHtml } from '../../../src/report/compliance-section.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { fixtureReportInput } from '../../fixtures/report/report-fixture.js';

const compliance: ComplianceFacts = {
  planAnalysisId: '00000000-0000-4000-8000-0000000000aa',
  weekStart: '2026-11-10',
  through: '2026-11-13',
  sessions: [
    { sessionId: '2026-11-10-0', date: '2026-11-10', sport: 'cycling', title: 'Threshold <b>', type: 'threshold', key: true, planned_min: 70, plannedLoad: 68, activityId: 'a', done_min: 70, doneLoad: 70, basis: 'duration', ratio: 1, status: 'green' },
    { sessionId: '2026-11-11-0', date: '2026-11-11', sport: 'running', title: 'Easy run', type: 'easy', key: false, planned_min: 45, plannedLoad: 39, activityId: 'b', done_min: 30, doneLoad: 25, basis: 'duration', ratio: 0.67, status: 'amber' },
    { sessionId: '2026-11-13-0', date: '2026-11-13', sport: 'swimming', title: 'Swim', type: 'endurance', key: false, planned_min: 30, plannedLoad: 20, activityId: null, done_min: null, doneLoad: null, basis: 'duration', ratio: null, status: 'missed' },
  ],
  unplanned: [{ activityId: 'c', date: '2026-11-12', sport: 'running', name: 'Jog', done_min: 40, load: 30 }],
  counts: { planned: 3, green: 1, amber: 1, red: 0, missed: 1 },
  plannedLoad: 127,
  doneLoad: 125,
  loadRatio: 0.98,
  missedKeySessions: [],
  overreachedSessions: [],
};

describe('done against planned in the reports', () => {
  it('HTML: seven day cells coloured by status, escaped titles, the table', () => {
    const html = complianceHtml(compliance);
    expect(html.match(/class="cw-d"/g)).toHaveLength(7);
    expect(html).toContain(`background:${COMPLIANCE_COLOURS.green}" title="70 min, load 70 (100% of planned duration)">Threshold &lt;b&gt;`);
    expect(html).toContain(`background:${COMPLIANCE_COLOURS.amber}`);
    expect(html).toContain(`background:${COMPLIANCE_COLOURS.missed}`);
    expect(html).toContain('Jog<br><small>unplanned</small>');
    expect(html).toContain('<small>not yet</small>');
    expect(html).toContain('3 sessions planned, 1 green, 1 amber, 0 red, 1 missed; load 125 of 127 planned (98%)');
    expect(complianceHtml(null)).toContain('No earlier structured plan');
  });

  it('Markdown: the section with a row per planned session', () => {
    const input = fixtureReportInput();
    const md = renderMarkdown({ ...input, facts: { ...input.facts!, compliance } });
    expect(md).toContain('## Last week: done against planned');
    expect(md).toContain('| 2026-11-11 | running | Easy run | 45 min, load 39 | 30 min, load 25 (67% of planned duration) | amber |');
    expect(md).toContain('| 2026-11-10 | cycling | Threshold &lt;b&gt; (key) |');
    expect(renderMarkdown(input)).toContain('_No earlier structured plan to compare with._');
  });
});
