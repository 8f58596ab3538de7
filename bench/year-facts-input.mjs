// The bench year (bench/generate-year.mjs's yearPlan) as in-memory rows for buildFacts, without
// FIT files: the plan benchmark and the plan property test (test/unit/plan) read the same year.
import { yearPlan } from './generate-year.mjs';

const day = (date) => date.toISOString().slice(0, 10);

/** FactsInput for the bench year as of `today` (default its last day), with a spring marathon. */
export function yearFactsInput(today = '2026-01-04') {
  const activities = yearPlan()
    .filter((s) => day(s.start) <= today)
    .map((s, i) => {
      const running = s.sport === 'running';
      const cycling = s.sport === 'cycling';
      return {
        id: `y${i}`, name: `${s.sport} ${day(s.start)}`, sport: s.sport, sub_sport: s.sport === 'swimming' ? 'lap_swimming' : null,
        start_time: s.start.toISOString(), elapsed_time_s: s.durationS + 60, moving_time_s: s.durationS,
        distance_m: running ? Math.round((s.durationS / 320) * 1000) : cycling ? Math.round(s.durationS * 8) : Math.round((s.durationS / 120) * 100),
        avg_hr: s.withHeartRate ? (running ? 148 : 138) : null, max_hr: s.withHeartRate ? 170 : null,
        avg_power: s.withPower ? s.targetPower : null, normalized_power: s.withPower ? Math.round(s.targetPower * 1.05) : null,
        avg_speed_mps: null,
      };
    });
  const dailyMetrics = [];
  const end = Date.parse(`${today}T00:00:00Z`);
  for (let d = 120; d >= 0; d--) {
    dailyMetrics.push({ date: day(new Date(end - d * 86_400_000)), resting_hr: 48 + (d % 3), hrv_nightly_avg: 60 + (d % 7), sleep_duration_s: 27_000, sleep_score: 78 });
  }
  return {
    today,
    user: { name: 'Bench Athlete', sex: 'male' },
    config: { activities_days: 42, metrics_days: 56 },
    activities,
    dailyMetrics,
    zones: [
      { discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' },
      { discipline: 'Running', metric_description: 'Threshold pace', zone_value: '4:45/km' },
      { discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:50/100m' },
    ],
    races: [{ id: 'spring', name: 'Spring Marathon', date: '2026-04-12', race_type: 'Marathon', priority: 'A', target_time: '03:15:00' }],
  };
}
