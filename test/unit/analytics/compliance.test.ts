import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { complianceStatus, nextPlanAdvice, previousPlanInput } from '../../../src/analytics/compliance.js';
import type { ActivityInput, FactsInput } from '../../../src/analytics/facts-input.js';
import { sampleTrainingPlan } from '../../support/plan-fixtures.js';

const PLAN_ID = '00000000-0000-4000-8000-0000000000aa';

function activity(n: number, date: string, sport: string, minutes: number): ActivityInput {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `${sport} ${date}`,
    sport,
    sub_sport: null,
    start_time: `${date}T07:00:00Z`,
    elapsed_time_s: minutes * 60,
    moving_time_s: minutes * 60,
    distance_m: sport === 'running' ? minutes * 180 : sport === 'cycling' ? minutes * 500 : minutes * 40,
    avg_hr: 140,
    max_hr: 175,
    avg_power: sport === 'cycling' ? 190 : null,
    normalized_power: sport === 'cycling' ? 200 : null,
    avg_speed_mps: null,
  };
}

function factsFor(activities: ActivityInput[], today = '2026-11-17') {
  const input: FactsInput = {
    today,
    user: { name: 'Compliance', sex: 'female' },
    config: { activities_days: 28, metrics_days: 28 },
    activities,
    dailyMetrics: [],
    zones: [{ discipline: 'cycling', metric_description: 'FTP', zone_value: '250 W' }],
    races: [],
    previousPlan: previousPlanInput(PLAN_ID, sampleTrainingPlan('2026-11-10')),
  };
  return buildFacts(input);
}

describe('done against planned', () => {
  it('colours each planned session by the ratio of done to planned duration, and lists missed and unplanned ones', () => {
    const c = factsFor([
      activity(1, '2026-11-10', 'cycling', 70), // threshold ride as planned: green
      activity(2, '2026-11-11', 'running', 30), // easy run 45 min planned: 67%, amber
      activity(3, '2026-11-12', 'running', 40), // a rest day: unplanned
      activity(4, '2026-11-13', 'lap_swimming', 30), // swim planned 12 min: 250%, red
      activity(5, '2026-11-14', 'strength_training', 30), // strength as planned; the VO2 run that day: missed
      activity(6, '2026-11-16', 'cycling', 250), // long ride 180 min planned: 139%, amber (over)
    ]).compliance!;
    expect(c.planAnalysisId).toBe(PLAN_ID);
    expect(c.sessions.map((s) => [s.date, s.title, s.status, s.ratio])).toEqual([
      ['2026-11-10', 'Threshold 3 x 10 min', 'green', 1],
      ['2026-11-11', 'Easy run', 'amber', 0.67],
      ['2026-11-13', 'Swim 2 km "aerobic" & drills', 'red', 2.5],
      ['2026-11-14', 'VO2max 5 x 3 min', 'missed', null],
      ['2026-11-14', 'Strength: legs & core', 'green', 1],
      ['2026-11-16', 'Long ride', 'amber', 1.39],
    ]);
    expect(c.unplanned).toEqual([expect.objectContaining({ date: '2026-11-12', sport: 'running', done_min: 40 })]);
    expect(c.counts).toEqual({ planned: 6, green: 2, amber: 2, red: 1, missed: 1 });
    expect(c.missedKeySessions).toEqual(['2026-11-14-0']);
    expect(c.overreachedSessions).toEqual(['2026-11-13-0', '2026-11-16-0']);
    expect(c.doneLoad).toBeGreaterThan(0);
    expect(c.loadRatio).toBe(Math.round((c.doneLoad / c.plannedLoad) * 100) / 100);

    const advice = nextPlanAdvice(c);
    expect(advice.loadCapFactor).toBe(0.9);
    expect(advice.missedKeySessionIds).toEqual(['2026-11-14-0']);
    expect(advice.rules).toEqual([
      'missed key session (VO2max 5 x 3 min on 2026-11-14): not made up on the next days',
      '2 sessions done above 120% of plan last week: load cap lowered by 10%',
    ]);
  });

  it('the band edges, today not yet done, and no previous plan', () => {
    expect([0.49, 0.5, 0.79, 0.8, 1.2, 1.21, 1.5, 1.51].map(complianceStatus)).toEqual(['red', 'amber', 'amber', 'green', 'green', 'amber', 'amber', 'red']);
    // As of the plan's third day: the threshold ride is done, the easy run missed, nothing later counts.
    const early = factsFor([activity(1, '2026-11-10', 'cycling', 60)], '2026-11-12').compliance!;
    expect(early.sessions.map((s) => s.status)).toEqual(['green', 'missed']);
    expect(early.through).toBe('2026-11-12');
    // Today's session not done yet is not missed.
    const sameDay = factsFor([], '2026-11-10').compliance!;
    expect(sameDay.sessions).toEqual([]);
    expect(nextPlanAdvice(null)).toEqual({ loadCapFactor: 1, missedKeySessionIds: [], rules: [] });
    expect(previousPlanInput(PLAN_ID, { weekStart: '2026-11-10', days: [] })).toBeNull();
  });
});
