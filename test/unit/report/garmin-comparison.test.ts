import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { packageRoot } from '../../../src/config/paths.js';
import { buildExportDocument } from '../../../src/report/export-json.js';
import { COMPARISON_THRESHOLDS, coachPredictions, garminComparison, runEffortsOf } from '../../../src/report/garmin-comparison.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { fixtureFactsInput, fixtureReportInput, TODAY } from '../../fixtures/report/report-fixture.js';

type AjvClass = typeof import('ajv').default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(packageRoot(), 'templates/schema/analysis-export.schema.json'), 'utf8')));

/** The fixture athlete with run best efforts (a 5 km, a 10 km and a half on one recent run). */
function inputWithEfforts() {
  const input = fixtureFactsInput();
  const run = input.activities.filter((a) => a.sport === 'running').at(-1)!;
  run.best_efforts = { run_s: { '5km': 1260, '10km': 2640, half: 5900 } };
  return input;
}

/** The fixture athlete, with Garmin's figures on today's row built from coach's own so the gaps are known. */
function factsWithGarmin() {
  const plain = buildFacts(inputWithEfforts());
  const vdot = plain.bestEfforts.vdot!;
  const runs = runEffortsOf(plain);
  const ours10k = coachPredictions(plain, runs, 10_000).map((p) => p.time_s);
  const oursMarathon = coachPredictions(plain, runs, 42_195).map((p) => p.time_s);
  const acwr = plain.load.current.acwrEwma ?? plain.load.current.acwrRolling!;
  const input = inputWithEfforts();
  const today = input.dailyMetrics.find((m) => m.date === TODAY)!;
  Object.assign(today, {
    vo2max: vdot + 5, // more than 3 points apart
    training_readiness: 20,
    garmin_race_predictions: { '10km': Math.round(Math.min(...ours10k) * 1.01), marathon: Math.round(Math.max(...oursMarathon) * 1.1) },
    garmin_training_status: { status: 'OVERREACHING', phrase: 'OVERREACHING_1', acuteLoad: 900, chronicLoad: 500, acwr: Math.round((acwr + 0.5) * 100) / 100, acwrStatus: 'HIGH' },
  });
  return { facts: buildFacts(input), vdot, acwr };
}

describe("Garmin's figures against coach's", () => {
  it('compares VO2max, race predictions, acute:chronic load, training status and readiness, flagging gaps past the stated thresholds', () => {
    const { facts, vdot, acwr } = factsWithGarmin();
    expect(vdot).toBeGreaterThan(40);
    const c = garminComparison(facts)!;
    expect(c.asOf).toBe(TODAY);
    expect(c.thresholds).toEqual(COMPARISON_THRESHOLDS);
    const row = (measure: string) => c.rows.find((r) => r.measure === measure)!;
    expect(c.rows.map((r) => r.measure)).toEqual(['VO2max', '10 km prediction', 'marathon prediction', 'acute:chronic load', 'training status', 'readiness']);

    expect(row('VO2max')).toMatchObject({ garmin: { value: vdot + 5, date: TODAY }, ours: { value: vdot }, difference: 5, material: true });
    expect(row('10 km prediction').material).toBe(false);
    expect(Math.abs(row('10 km prediction').differencePct!)).toBeLessThanOrEqual(1.1);
    expect(row('marathon prediction').material).toBe(true);
    expect(row('marathon prediction').differencePct).toBeCloseTo(10, 0);
    expect(row('acute:chronic load').difference).toBeCloseTo(0.5, 1);
    expect(row('acute:chronic load').ours.value).toBeCloseTo(acwr, 6);
    expect(row('acute:chronic load').material).toBe(true);
    // Garmin says overreaching / not ready: a difference exactly when coach's own gate is open.
    expect(row('training status').material).toBe(row('training status').ours.value === 'open');
    expect(row('training status').ours.text).toContain(`TSB ${Math.round(facts.load.current.tsb * 10) / 10}`);
    expect(row('readiness').material).toBe(row('readiness').ours.value === 'open');
  });

  it('is in the Markdown, the HTML and the JSON (valid against the schema); absent Garmin figures say so', () => {
    const { facts } = factsWithGarmin();
    const input = fixtureReportInput({ facts });
    const md = renderMarkdown(input);
    expect(md).toContain("## Garmin's figures and ours");
    expect(md).toMatch(/\| VO2max \| .* \| differs: more than 3 points apart \|/);
    const html = renderHtml(input);
    expect(html).toContain('<section id="garmin-comparison">');
    expect(html).toMatch(/<tr class="differs"><td>marathon prediction<\/td>/);
    const doc = buildExportDocument(input);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.garminComparison).toEqual(garminComparison(facts));

    const plain = fixtureReportInput();
    expect(garminComparison(plain.facts)).toBeNull();
    expect(renderMarkdown(plain)).toContain('_No Garmin figures (training status, readiness, VO2max, race predictions) to compare');
    expect(validate(buildExportDocument(plain))).toBe(true);
  });
});
