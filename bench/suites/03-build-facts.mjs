// buildFacts over two years of synthetic rows built in memory (~800 activities with time in
// zones and best efforts, 730 daily metrics, zones, races): the pure analytics cost of one
// analysis. Median of 30 runs after 5 warm-ups (wall time, and process CPU time, which includes
// GC threads). Target: < 50 ms.
import { buildFacts } from '../../dist/src/analytics/build-facts.js';
import { percentile } from '../lib.mjs';

export const name = 'build-facts';

const DAY = 86_400_000;
const TODAY = '2026-11-25';

/** Deterministic pseudo-random numbers (mulberry32) so every run measures the same data. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticInput(days = 730) {
  const rand = random(42);
  const end = Date.parse(`${TODAY}T00:00:00Z`);
  const activities = [];
  const dailyMetrics = [];
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = end - d * DAY;
    const date = new Date(dayStart).toISOString().slice(0, 10);
    dailyMetrics.push({
      date,
      resting_hr: Math.round(48 + rand() * 6),
      hrv_nightly_avg: Math.round(55 + rand() * 20),
      sleep_duration_s: Math.round(24000 + rand() * 6000),
      sleep_score: Math.round(65 + rand() * 30),
      vo2max: 55,
      weight_kg: 70,
    });
    // ~1.1 sessions a day on average -> ~800 over two years
    const sessions = rand() < 0.12 ? 0 : rand() < 0.25 ? 2 : 1;
    for (let s = 0; s < sessions; s++) {
      const kind = rand();
      const sport = kind < 0.45 ? 'running' : kind < 0.85 ? 'cycling' : kind < 0.95 ? 'swimming' : 'training';
      const duration = Math.round(1800 + rand() * 7200);
      const avgHr = Math.round(125 + rand() * 40);
      const z = [0.6, 0.25, 0.1, 0.04, 0.01].map((f) => Math.round(f * duration));
      const hrZones = { basis: 'hr', zones: z.map((seconds, i) => ({ name: `Z${i + 1}`, min: 100 + i * 15, max: 115 + i * 15, seconds })) };
      const row = {
        id: `act-${d}-${s}`,
        name: `${sport} ${date}`,
        sport,
        sub_sport: sport === 'training' ? 'strength_training' : null,
        start_time: new Date(dayStart + (6 + s * 10) * 3600_000),
        elapsed_time_s: duration + 120,
        moving_time_s: duration,
        distance_m: sport === 'running' ? duration * 3.2 : sport === 'cycling' ? duration * 8.5 : sport === 'swimming' ? duration * 0.75 : null,
        avg_hr: avgHr,
        max_hr: avgHr + 20,
        avg_power: sport === 'cycling' ? Math.round(170 + rand() * 60) : null,
        normalized_power: sport === 'cycling' ? Math.round(185 + rand() * 70) : null,
        avg_speed_mps: null,
        hr_time_in_zones: hrZones,
        power_time_in_zones:
          sport === 'cycling' ? { basis: 'power', zones: z.map((seconds, i) => ({ name: `Z${i + 1}`, min: 100 + i * 50, max: 150 + i * 50, seconds })) } : null,
        best_efforts:
          sport === 'cycling'
            ? { power_w: { '5s': 800 + Math.round(rand() * 200), '1min': 400, '5min': 320, '20min': 240 + Math.round(rand() * 30), '60min': 230 } }
            : sport === 'running'
              ? { run_s: { '1km': 230 + Math.round(rand() * 30), '5km': 1250 + Math.round(rand() * 120), ...(duration > 3000 ? { '10km': 2600 + Math.round(rand() * 200) } : {}) } }
              : null,
        garmin_training_load: null,
      };
      activities.push(row);
    }
  }
  return {
    today: TODAY,
    user: { name: 'Bench Athlete', sex: null },
    config: { activities_days: days, metrics_days: days },
    activities,
    dailyMetrics,
    zones: [
      { discipline: 'Cycling', metric_description: 'FTP', zone_value: '260 W' },
      { discipline: 'Running', metric_description: 'Threshold HR', zone_value: '172 bpm' },
      { discipline: 'Running', metric_description: 'Threshold pace', zone_value: '4:20/km' },
      { discipline: 'Swimming', metric_description: 'CSS', zone_value: '1:45/100m' },
      ...['< 140', '140-152', '153-162', '163-172', '173+'].map((v, i) => ({ discipline: 'Running', metric_description: `Z${i + 1}`, zone_value: `${v} bpm` })),
    ],
    races: [
      { id: 'r1', name: 'City Marathon', date: '2027-03-14', race_type: 'Marathon', priority: 'A', target_time: '03:05:00' },
      { id: 'r2', name: 'Half', date: '2027-01-24', race_type: 'Half Marathon', priority: 'B', target_time: '01:28:00' },
      { id: 'r3', name: 'Olympic tri', date: '2026-06-14', race_type: 'Olympic triathlon', priority: 'A', target_time: '02:20:00' },
    ],
  };
}

export async function run() {
  const input = syntheticInput();
  for (let i = 0; i < 5; i++) buildFacts(input);
  const times = [];
  const cpuTimes = [];
  let facts;
  for (let i = 0; i < 30; i++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    facts = buildFacts(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const bytes = Buffer.byteLength(JSON.stringify(facts));
  return [
    { metric: `buildFacts, ${input.activities.length} activities + ${input.dailyMetrics.length} days (median of 30)`, value: percentile(times, 50), unit: 'ms', target: { max: 50 } },
    { metric: 'buildFacts p95', value: percentile(times, 95), unit: 'ms' },
    // CPU time of this process: what the work costs, less sensitive to other load on the machine.
    { metric: 'buildFacts CPU time (median of 30)', value: percentile(cpuTimes, 50), unit: 'ms' },
    { metric: 'facts JSON size', value: Math.round(bytes / 1024), unit: 'KiB' },
  ];
}
