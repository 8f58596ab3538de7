import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import { planCompliance } from '../../../src/analytics/compliance.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { historyFacts, RUNNER, RUNNER_ZONES, TODAY } from '../../support/plan-histories.js';

describe('the next plan takes done against planned into account', () => {
  it('repeated overreaching lowers week 1; a missed key session is named, not stacked onto the next days', () => {
    const facts = historyFacts({ today: TODAY, template: RUNNER, zones: RUNNER_ZONES });
    const baseline = buildRulePlan(facts);

    // The previous plan: the last week's two longest runs planned at 60% of what was done, and a key ride never done.
    const weekStart = addDays(TODAY, -7);
    const done = facts.load.sessions.filter((s) => s.date >= weekStart && s.date < TODAY).sort((a, b) => b.duration_s - a.duration_s);
    expect(done.length).toBeGreaterThanOrEqual(2);
    const sessions = done.slice(0, 2).map((s, i) => ({
      id: `${s.date}-${i}`, date: s.date, sport: s.sport, title: `run ${i}`, type: 'endurance', key: false,
      duration_min: Math.round((s.duration_s / 60) * 0.6), plannedLoad: 50,
    }));
    sessions.push({ id: `${weekStart}-9`, date: weekStart, sport: 'cycling', title: 'Key ride', type: 'threshold', key: true, duration_min: 60, plannedLoad: 70 });
    const compliance = planCompliance({ analysisId: 'prev', weekStart, sessions }, facts.load.sessions, TODAY);
    expect(compliance.overreachedSessions).toHaveLength(2);
    expect(compliance.missedKeySessions).toEqual([`${weekStart}-9`]);

    const adjusted = buildRulePlan({ ...facts, compliance });
    const minutes = (plan: typeof baseline) => plan.days.flatMap((d) => d.sessions).reduce((m, s) => m + s.duration_min, 0);
    expect(minutes(adjusted)).toBeLessThan(minutes(baseline) * 0.95);
    expect(adjusted.rules).toContain('2 sessions done above 120% of plan last week: load cap lowered by 10%');
    expect(adjusted.rules).toContain(`missed key session (Key ride on ${weekStart}): not made up on the next days`);
    // Not stacked: no more hard sessions than the plan without the miss.
    const hard = (plan: typeof baseline) => plan.days.flatMap((d) => d.sessions).filter((s) => s.intensity === 'hard').length;
    expect(hard(adjusted)).toBeLessThanOrEqual(hard(baseline));
  });
});
