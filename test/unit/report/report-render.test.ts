import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/config/paths.js';
import { buildExportDocument, exportJsonText } from '../../../src/report/export-json.js';
import { markdownToHtml } from '../../../src/report/markdown-html.js';
import { renderPlots, plotSpecs } from '../../../src/report/plots/index.js';
import { loadVegaFromModules, renderSvg, vegaLibraries } from '../../../src/report/plots/render-svg.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { projectFitness } from '../../../src/plan/projection.js';
import { emptyFacts, fixtureFacts, fixtureReportInput, HOSTILE_NAME, TODAY } from '../../fixtures/report/report-fixture.js';
import { sampleTrainingPlan } from '../../support/plan-fixtures.js';
import { constraintsFromText } from '../../../src/plan/athlete-constraints.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { PLAN_SCHEMA_MINOR } from '../../../src/plan/plan.types.js';
import { seasonOutlineOf } from '../../../src/plan/season-outline.js';
import { planViewOf } from '../../../src/report/report-input.js';
import { fixtureAnalysis } from '../../fixtures/report/report-fixture.js';

type AjvClass = typeof import('ajv').default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
const schema = JSON.parse(readFileSync(join(packageRoot(), 'templates/schema/analysis-export.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function expectValid(doc: unknown): void {
  const ok = validate(doc);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
}

describe('export document', () => {
  it('follows the published JSON Schema and carries plan, facts and results', () => {
    const input = fixtureReportInput();
    const doc = buildExportDocument(input);
    expectValid(doc);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.exportedAt).toBe('2026-11-21T09:00:00.000Z');
    expect(doc.summary).toBe(input.analysis.summary);
    expect((doc.weeklyPlan as { days: unknown[] }).days).toHaveLength(7);
    expect((doc.facts as { load: { current: { ctl: number } } }).load.current.ctl).toBe(input.facts!.load.current.ctl);
    expect(doc.results.map((r) => r.nodeName)).toEqual(['load_data', 'expert_load', 'weekly_planner']);
    expect(doc.analysis.estimatedCost).toBeCloseTo(0.0123);
    // The pretty text parses back to the same document.
    expect(JSON.parse(exportJsonText(input))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('stays valid for a failed analysis without plan, facts or summary', () => {
    const base = fixtureReportInput();
    const doc = buildExportDocument({
      ...base,
      analysis: { ...base.analysis, status: 'failed', summary: null, recommendations: null, weeklyPlan: null, estimatedCost: null, errorMessage: 'model timed out' },
      facts: null,
      weeklyPlan: null,
      results: [],
    });
    expectValid(doc);
    expect(doc.weeklyPlan).toBeNull();
    expect(doc.facts).toBeNull();
  });

  it('rejects documents that break the contract (the schema is not a rubber stamp)', () => {
    const doc = JSON.parse(JSON.stringify(buildExportDocument(fixtureReportInput())));
    expect(validate({ ...doc, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...doc, analysis: { ...doc.analysis, status: 'done' } })).toBe(false);
    const { weeklyPlan: _omit, ...noPlan } = doc;
    expect(validate(noPlan)).toBe(false);
    const file = { filename: 'report.html', fileType: 'report', mimeType: 'text/html', fileSize: 10, filePath: '/o/report.html', isPublic: false, downloadCount: 0, createdAt: '2026-11-20T08:00:00.000Z' };
    expect(validate({ ...doc, files: [file] })).toBe(true);
    expect(validate({ ...doc, files: [{ ...file, filename: '../x' }] })).toBe(false);
    expect(validate({ ...doc, files: [{ ...file, passwordHash: 'x' }] })).toBe(false);
  });

  it('a rule plan with its season outline (plan schema 2, minor 1): valid against the schema, shown in Markdown and HTML, escaped', () => {
    const facts = fixtureFacts();
    const words = ['left knee sore'];
    const plan = { ...buildRulePlan(facts, { constraints: constraintsFromText(words) }), schemaMinor: PLAN_SCHEMA_MINOR, season: seasonOutlineOf(facts, constraintsFromText(words), words) };
    const input = fixtureReportInput({ analysis: fixtureAnalysis({ weeklyPlan: plan }), weeklyPlan: planViewOf(plan) });
    const doc = buildExportDocument(input);
    expectValid(doc);
    expect((doc.weeklyPlan as typeof plan).season!.blocks.map((b) => b.phase)).toEqual(['base', 'build', 'peak', 'taper', 'race', 'recovery']);
    // A block without its weekly targets breaks the schema.
    const broken = JSON.parse(JSON.stringify(doc));
    delete broken.weeklyPlan.season.blocks[0].sports;
    expect(validate(broken)).toBe(false);
    const md = renderMarkdown(input);
    expect(md).toContain('Season outline (blocks to each A race');
    const base = plan.season.blocks[0]!;
    expect(md).toContain(`- base: ${base.from} to ${base.to} (${base.weeks} weeks): `);
    expect(md).toContain(`running ${base.sports.find((t) => t.sport === 'running')!.weekly_min} min a week`);
    expect(md).toContain('Your words in the season outline:');
    expect(md).toContain('- running: you said "left knee sore": no running this week, then its volume and longest session grow at half the usual rate');
    const html = renderHtml(input, []);
    expect(html).toContain('<ul class="season">');
    expect(html).toContain('grow at half the usual rate');
    expect(html).not.toContain(HOSTILE_NAME);
  });

  it('never carries a password hash or an email', () => {
    const text = exportJsonText(fixtureReportInput());
    expect(text).not.toMatch(/hashed_password|encrypted_password|argon2|@/);
  });
});

describe('Markdown and HTML reports', () => {
  it('Markdown shows the key numbers, the plan as a table and escapes HTML from data', () => {
    const input = fixtureReportInput();
    const md = renderMarkdown(input);
    expect(md).toContain(`| Fitness (CTL) | ${input.facts!.load.current.ctl.toFixed(1)} |`);
    expect(md).toContain('| 2026-11-25 | cycling | Threshold 3x12 | hard | 90 | 110 |');
    expect(md).toContain('Tempo run &lt;b&gt;');
    // Race name from data never appears as raw HTML in tables or lists.
    expect(md).not.toContain(`Marathon ${HOSTILE_NAME}`);
    expect(md).not.toMatch(/\{\{|\}\}/);
  });

  it('shows the intensity split of each sport (three zones, and five where zones allow) from the facts', () => {
    const input = fixtureReportInput();
    const md = renderMarkdown(input);
    const { bySport, fiveZoneBySport_pct } = input.facts!.intensity;
    const sports = Object.keys(bySport) as Array<keyof typeof bySport>;
    expect(sports.length).toBeGreaterThan(1);
    const pct = (values: readonly number[]) => `${values.map((v) => v.toFixed(0)).join(' / ')} %`;
    for (const sport of sports) {
      const split = bySport[sport]!;
      const five = fiveZoneBySport_pct[sport];
      expect(md).toContain(`| Intensity, ${sport} | ${pct([split.z1, split.z2, split.z3])} | ${five ? `Z1-Z5 ${pct(five)}` : ''} |`);
    }
  });

  it('adds the five-zone split where the athlete\'s zones give one', () => {
    const input = fixtureReportInput();
    input.facts!.intensity.fiveZone_pct = [40, 30, 15, 10, 5];
    input.facts!.intensity.fiveZoneBySport_pct = { running: [50.4, 25, 12.6, 8, 4] };
    const md = renderMarkdown(input);
    expect(md).toMatch(/\| Intensity \(low \/ mid \/ high\) \| [\d /]+ % \| \w+; Z1-Z5 40 \/ 30 \/ 15 \/ 10 \/ 5 % \|/);
    expect(md).toContain('| Intensity, running | 78 / 22 / 0 % | Z1-Z5 50 / 25 / 13 / 8 / 4 % |');
  });

  it('HTML escapes everything from data, has no script and embeds the charts inline', async () => {
    const input = fixtureReportInput();
    const plots = await renderPlots(input.facts, input.weeklyPlan);
    const html = renderHtml(input, plots);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('Tempo run &lt;b&gt;');
    expect(html.match(/<svg/g)?.length).toBe(6);
    expect(html).toContain('<strong>fine</strong>');
    expect(html).toContain(`<b>${input.facts!.load.current.ctl.toFixed(1)}</b>`);
    expect(html).not.toMatch(/\{\{|\}\}/);
  });

  it('markdownToHtml escapes before formatting', () => {
    expect(markdownToHtml('# T\n\n- **a** <img src=x onerror=alert(1)>\n- `b`')).toBe(
      '<h3>T</h3>\n<ul><li><strong>a</strong> &lt;img src=x onerror=alert(1)&gt;</li><li><code>b</code></li></ul>',
    );
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('<a');
  });
});

describe('plots', () => {
  it('renders six non-empty SVGs with marks from the facts, the plan and its projection', async () => {
    const input = fixtureReportInput();
    const projection = projectFitness(input.facts!, sampleTrainingPlan(TODAY));
    const plots = await renderPlots(input.facts, input.weeklyPlan, projection);
    expect(plots.map((p) => p.name)).toEqual(['fitness-fatigue-form', 'fitness-projection', 'weekly-load', 'intensity-distribution', 'wellness-trends', 'planned-week']);
    for (const p of plots) {
      expect(p.svg.startsWith('<svg')).toBe(true);
      expect(p.svg).toContain('class="mark-');
      expect(p.svg.length).toBeGreaterThan(5000);
      expect(p.description).not.toMatch(/^no data/);
    }
    // The PMC line holds one point per shown day: its path has as many segments.
    const spec = plotSpecs(input.facts, input.weeklyPlan)[0]!.spec as { data: { values: unknown[] } };
    expect(spec.data.values.length).toBe(3 * Math.min(120, fixtureFacts().load.daily.length));
  });

  it('draws a "no data" chart instead of crashing on an athlete without data', async () => {
    const plots = await renderPlots(emptyFacts(), null);
    expect(plots).toHaveLength(6);
    for (const p of plots) {
      expect(p.svg).toContain('<svg');
      expect(p.svg).toContain('no data');
    }
    const none = await renderPlots(null, null);
    expect(none.every((p) => p.svg.includes('no data'))).toBe(true);
  });

  it('draws with the single-file Vega builds, byte-identical to the ES modules', async () => {
    const input = fixtureReportInput();
    const libs = await vegaLibraries();
    const modules = await loadVegaFromModules();
    // The single files are in use, not the ES modules (which cost ~170 ms more to load).
    expect(libs.vega.View).not.toBe(modules.vega.View);
    expect(libs.compile).not.toBe(modules.compile);
    const specs = [...plotSpecs(input.facts, input.weeklyPlan), ...plotSpecs(emptyFacts(), null)].map((p) => p.spec);
    for (const spec of specs) {
      expect(await renderSvg(spec, libs)).toBe(await renderSvg(spec, modules));
    }
    expect(typeof (globalThis as { vega?: unknown }).vega).toBe('undefined');
    expect(typeof (globalThis as { vegaLite?: unknown }).vegaLite).toBe('undefined');
  });
});
