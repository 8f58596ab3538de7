import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { FactsInput } from '../../../src/analytics/facts-input.js';
import { easierSession, readinessVerdict } from '../../../src/plan/readiness.js';
import { flatSteps } from '../../../src/plan/plan-math.js';
import { todayAnswer } from '../../../src/plan/today.js';
import { fixtureFactsInput, TODAY } from '../../fixtures/report/report-fixture.js';
import { sampleTrainingPlan } from '../../support/plan-fixtures.js';

/** The fixture athlete with last night's metrics replaced. */
function factsWithLastNight(night: { hrv?: number | null; rhr?: number | null; sleepH?: number | null; score?: number | null }) {
  const input: FactsInput = fixtureFactsInput();
  input.dailyMetrics = input.dailyMetrics.map((m) =>
    m.date !== TODAY
      ? m
      : {
          ...m,
          hrv_nightly_avg: night.hrv === undefined ? 64 : night.hrv,
          resting_hr: night.rhr === undefined ? 48 : night.rhr,
          sleep_duration_s: night.sleepH === undefined ? 7.5 * 3600 : night.sleepH === null ? null : Math.round(night.sleepH * 3600),
          sleep_score: night.score === undefined ? 80 : night.score,
        },
  );
  return buildFacts(input);
}

describe('readiness verdict', () => {
  it('green on a normal night, with no reasons', () => {
    const verdict = readinessVerdict(factsWithLastNight({}));
    expect(verdict).toMatchObject({ date: TODAY, verdict: 'green', reasons: [], missing: [] });
  });

  it('amber for one signal off: short sleep, or HRV below the normal range, or a raised resting HR', () => {
    const sleep = readinessVerdict(factsWithLastNight({ sleepH: 5.5 }));
    expect(sleep.verdict).toBe('amber');
    expect(sleep.reasons).toEqual(['slept 5 h 30 min last night']);
    const hrv = readinessVerdict(factsWithLastNight({ hrv: 35 }));
    expect(hrv.verdict).toBe('amber');
    expect(hrv.reasons[0]).toMatch(/^HRV last night 35 ms, below your normal range \(\d+-\d+ ms\)$/);
    const rhr = readinessVerdict(factsWithLastNight({ rhr: 55 }));
    expect(rhr.verdict).toBe('amber');
    expect(rhr.signals).toEqual([expect.objectContaining({ name: 'resting_hr', level: 'amber' })]);
  });

  it('red for a strong signal or two signals at once; missing data is said, not guessed', () => {
    expect(readinessVerdict(factsWithLastNight({ sleepH: 4.5 })).verdict).toBe('red');
    expect(readinessVerdict(factsWithLastNight({ rhr: 60 })).verdict).toBe('red');
    const two = readinessVerdict(factsWithLastNight({ hrv: 35, sleepH: 5.5 }));
    expect(two.verdict).toBe('red');
    expect(two.signals.map((s) => s.name)).toEqual(['hrv', 'sleep']);
    const none = readinessVerdict(factsWithLastNight({ hrv: null, rhr: null, sleepH: null, score: null }));
    expect(none.verdict).toBe('green');
    expect(none.missing).toEqual(['no HRV last night', 'no resting HR last night', 'no sleep recorded last night']);
  });
});

describe('the easier session and today', () => {
  it('replaces a hard session with a short recovery session at its own easiest target', () => {
    const plan = sampleTrainingPlan();
    const threshold = plan.days[0]!.sessions[0]!;
    const easy = easierSession(threshold)!;
    expect(easy).toMatchObject({ sport: 'cycling', type: 'recovery', intensity: 'easy', key: false, duration_min: 40 });
    expect(flatSteps(easy.steps)).toEqual([expect.objectContaining({ duration_s: 2400, target: { type: 'power', low: 110, high: 140, zone: 'Z1' } })]);
    expect(easy.plannedLoad).toBeLessThan(threshold.plannedLoad);
    const strength = easierSession(plan.days[4]!.sessions[1]!)!;
    expect(strength).toMatchObject({ sport: 'mobility', type: 'mobility', duration_min: 18 });
  });

  it("finds today's sessions and gives replacements only when red", () => {
    const plan = sampleTrainingPlan(TODAY);
    const green = todayAnswer(plan, factsWithLastNight({}), TODAY);
    expect(green).toMatchObject({ date: TODAY, covered: true, replacements: [] });
    expect(green.sessions.map((s) => s.title)).toEqual(['Threshold 3 x 10 min']);
    const red = todayAnswer(plan, factsWithLastNight({ sleepH: 4 }), TODAY);
    expect(red.replacements.map((s) => s.title)).toEqual(['Easy 40 min (instead of: Threshold 3 x 10 min)']);
    const old = todayAnswer(sampleTrainingPlan('2026-09-01'), factsWithLastNight({}), TODAY);
    expect(old).toMatchObject({ covered: false, sessions: [] });
  });
});
