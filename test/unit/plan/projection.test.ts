import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { projectFitness, projectionOfStored } from '../../../src/plan/projection.js';
import { buildExportDocument } from '../../../src/report/export-json.js';
import { fixtureReportInput } from '../../fixtures/report/report-fixture.js';
import { historyFacts, RUNNER, RUNNER_ZONES, TODAY } from '../../support/plan-histories.js';

const RACE_DATE = addDays(TODAY, 60);

describe('expected fitness', () => {
  const facts = historyFacts({
    today: TODAY,
    template: RUNNER,
    zones: RUNNER_ZONES,
    races: [{ id: '00000000-0000-4000-8000-00000000beef', name: 'Spring Marathon', date: RACE_DATE, race_type: 'Marathon', priority: 'A', target_time: '03:30:00' }],
  });
  const plan = buildRulePlan(facts);

  it('equals the PMC recursion over the planned loads, from the CTL and ATL of the day before', () => {
    const projection = projectFitness(facts, plan)!;
    const yesterday = facts.load.daily.find((p) => p.date === addDays(TODAY, -1))!;
    expect(projection).toMatchObject({ from: TODAY, startCtl: yesterday.ctl, startAtl: yesterday.atl, planEnd: addDays(TODAY, 27) });

    // The recursion written out again: CTL += (load - CTL) / 42, ATL += (load - ATL) / 7, TSB = yesterday's CTL - ATL.
    const planned = new Map<string, number>();
    const add = (date: string, load: number) => planned.set(date, (planned.get(date) ?? 0) + load);
    for (const d of plan.days) for (const s of d.sessions) add(d.date, s.plannedLoad);
    for (const w of plan.weeks) for (const s of w.sessions) add(s.date, s.plannedLoad);
    add(TODAY, facts.load.daily.find((p) => p.date === TODAY)?.load ?? 0);
    const mean = Array.from({ length: 28 }, (_, i) => planned.get(addDays(TODAY, i)) ?? 0).reduce((a, b) => a + b, 0) / 28;
    let ctl = yesterday.ctl;
    let atl = yesterday.atl;
    expect(projection.points).toHaveLength(61);
    for (const [i, point] of projection.points.entries()) {
      const date = addDays(TODAY, i);
      const load = i < 28 ? planned.get(date) ?? 0 : mean;
      const tsb = ctl - atl;
      ctl += (load - ctl) / 42;
      atl += (load - atl) / 7;
      expect(point.date).toBe(date);
      expect(point.load).toBeCloseTo(load, 9);
      expect(point.ctl).toBeCloseTo(ctl, 9);
      expect(point.atl).toBeCloseTo(atl, 9);
      expect(point.tsb).toBeCloseTo(tsb, 9);
    }
    const onRace = projection.points.at(-1)!;
    expect(projection.aRace).toEqual({ id: '00000000-0000-4000-8000-00000000beef', name: 'Spring Marathon', date: RACE_DATE, ctl: onRace.ctl, atl: onRace.atl, tsb: onRace.tsb });
    expect(projection.assumption).toContain(`after ${addDays(TODAY, 27)} the plan's mean of ${mean.toFixed(1)} a day`);
  });

  it("is in the export JSON with the A race's projected TSB; none for a version 1 plan", () => {
    const projection = projectionOfStored(facts, plan)!;
    const doc = buildExportDocument({ ...fixtureReportInput(), projection });
    expect(doc.projection!.aRace!.tsb).toBe(projection.aRace!.tsb);
    expect(JSON.parse(JSON.stringify(doc)).projection.aRace.name).toBe('Spring Marathon');
    expect(projectionOfStored(facts, { weekStart: TODAY, days: [] })).toBeNull();
    expect(projectionOfStored(null, plan)).toBeNull();
    expect(buildExportDocument(fixtureReportInput()).projection).toBeNull();
  });
});
