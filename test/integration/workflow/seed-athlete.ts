import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';
import { toJson } from '../../../src/db/json.js';
import { insertUser } from '../../../src/db/users.repository.js';

export const TODAY = '2026-11-25';

function day(offset: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/**
 * A runner with ~120 days of training (5 runs a week, a long run on Saturdays), 90 days of
 * wellness and an A marathon. `hrvDrop` makes the last 5 nights' HRV fall well below
 * baseline, so the recovery expert raises a question.
 */
export async function seedAthlete(
  db: Kysely<Database>,
  options: { email?: string; hitl?: boolean; skipSynthesis?: boolean; hrvDrop?: boolean; days?: number } = {},
) {
  const email = options.email ?? 'runner@example.com';
  const user = await insertUser(db, { email, full_name: 'Rita Runner', hashed_password: 'x' });
  const config = await db
    .insertInto('trainingconfig')
    .values({
      user_id: user.id, name: 'main', is_active: true, activities_days: 42, metrics_days: 28,
      hitl_enabled: options.hitl ?? true, skip_synthesis: options.skipSynthesis ?? false, enable_plotting: false,
      analysis_context: 'Marathon focus', planning_context: 'Weekdays max 75 minutes',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('training_zones')
    .values([{ training_config_id: config.id, discipline: 'Running', metric_description: 'Threshold HR', zone_value: '170 bpm' }])
    .execute();
  await db
    .insertInto('competition')
    .values([{ training_config_id: config.id, name: 'City Marathon', date: day(100), race_type: 'Marathon', priority: 'A', target_time: '03:15:00' }])
    .execute();
  const activities = [];
  for (let i = -(options.days ?? 120); i <= 0; i++) {
    const weekday = (new Date(`${day(i)}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
    if (weekday === 0 || weekday === 4) continue;
    const long = weekday === 5;
    const hard = weekday === 1;
    const minutes = long ? 110 : hard ? 60 : 45;
    activities.push({
      user_id: user.id, source: 'fit', source_id: `run-${i}`, sport: 'running', name: long ? 'Long run' : hard ? 'Intervals' : 'Easy run',
      start_time: `${day(i)}T06:30:00Z`, moving_time_s: minutes * 60, elapsed_time_s: minutes * 60 + 120,
      distance_m: minutes * 60 * (hard ? 3.6 : 3.0), avg_hr: hard ? 162 : 140, max_hr: hard ? 182 : 155,
      avg_speed_mps: hard ? 3.6 : 3.0,
      hr_time_in_zones: toJson({ basis: 'hr', zones: [
        { name: 'Z1', min: 100, max: 140, seconds: hard ? 900 : minutes * 50 },
        { name: 'Z2', min: 140, max: 160, seconds: hard ? 1200 : minutes * 10 },
        { name: 'Z3', min: 160, max: 200, seconds: hard ? 1500 : 0 },
      ] }),
    });
  }
  await db.insertInto('activity').values(activities).execute();
  const metrics = [];
  for (let i = -89; i <= 0; i++) {
    const dropped = options.hrvDrop && i > -5;
    metrics.push({ user_id: user.id, date: day(i), resting_hr: dropped ? 58 : 48 + (i % 2), hrv_nightly_avg: dropped ? 35 : 62 + (i % 3), sleep_duration_s: 26000 + (i % 4) * 600, sleep_score: 80 });
  }
  await db.insertInto('daily_metric').values(metrics).execute();
  return { user, config };
}
