import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { buildFacts } from '../../src/analytics/build-facts.js';
import type { Database } from '../../src/db/database.js';
import { toJson } from '../../src/db/json.js';
import { loadFactsInput } from '../../src/db/training-data.repository.js';
import { insertUser } from '../../src/db/users.repository.js';
import { describeEachDatabase } from '../support/databases.js';

const today = '2026-11-25';

async function seedAthlete(db: Kysely<Database>, email: string, ftp: string) {
  const user = await insertUser(db, { email, full_name: `Athlete ${email}`, hashed_password: 'x' });
  const config = await db
    .insertInto('trainingconfig')
    .values({ user_id: user.id, name: 'main', is_active: true, activities_days: 28, metrics_days: 14 })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('training_zones')
    .values([
      { training_config_id: config.id, discipline: 'Cycling', metric_description: 'FTP', zone_value: ftp },
      { training_config_id: config.id, discipline: 'Running', metric_description: 'Threshold HR', zone_value: '170 bpm' },
    ])
    .execute();
  await db
    .insertInto('competition')
    .values([
      { training_config_id: config.id, name: 'City Marathon', date: '2027-02-20', race_type: 'Marathon', priority: 'A', target_time: '03:15:00' },
      { training_config_id: config.id, name: 'Old 10K', date: '2026-06-01', race_type: '10K', priority: 'C', target_time: null },
    ])
    .execute();
  return { user, config };
}

async function insertActivity(db: Kysely<Database>, userId: string, sourceId: string, startTime: string, extra: Record<string, unknown> = {}) {
  await db
    .insertInto('activity')
    .values({
      user_id: userId,
      source: 'fit',
      source_id: sourceId,
      sport: 'cycling',
      start_time: startTime,
      moving_time_s: 3600,
      elapsed_time_s: 3700,
      normalized_power: 250,
      avg_power: 240,
      avg_hr: 150,
      max_hr: 180,
      distance_m: 35000,
      hr_time_in_zones: toJson({ basis: 'hr', zones: [{ name: 'Z1', min: 100, max: 140, seconds: 3600 }] }),
      best_efforts: toJson({ power_w: { '20min': 270 } }),
      ...extra,
    })
    .execute();
}

describeEachDatabase('loadFactsInput', ({ getDb }) => {
  it('loads one user\'s rows for the config and the history windows, and buildFacts accepts them', async () => {
    const db = getDb();
    const a = await seedAthlete(db, 'a@example.com', '250 W');
    const b = await seedAthlete(db, 'b@example.com', '300 W');
    await insertActivity(db, a.user.id, 'a-today', `${today}T07:00:00Z`);
    await insertActivity(db, a.user.id, 'a-100d', '2026-08-17T07:00:00Z'); // 100 days ago: load history, not the window
    await insertActivity(db, a.user.id, 'a-400d', '2025-10-21T07:00:00Z'); // beyond 180 days: not loaded
    await insertActivity(db, b.user.id, 'b-today', `${today}T08:00:00Z`, { normalized_power: 400 });
    await db
      .insertInto('daily_metric')
      .values([
        { user_id: a.user.id, date: today, resting_hr: 48, hrv_nightly_avg: 62, sleep_duration_s: 27000, sleep_score: 82 },
        { user_id: a.user.id, date: '2026-09-20', resting_hr: 49, hrv_nightly_avg: 60, sleep_duration_s: 26000, sleep_score: 80 }, // 66 days: baseline history
        { user_id: a.user.id, date: '2026-05-01', resting_hr: 50, hrv_nightly_avg: 60, sleep_duration_s: 26000, sleep_score: 80 }, // too old
        { user_id: b.user.id, date: today, resting_hr: 70, hrv_nightly_avg: 20, sleep_duration_s: 10000, sleep_score: 20 },
      ])
      .execute();

    const input = await loadFactsInput(db, { userId: a.user.id, configId: a.config.id, today });
    expect(input.today).toBe(today);
    expect(input.user).toEqual({ name: 'Athlete a@example.com', sex: null });
    expect(input.config).toEqual({ activities_days: 28, metrics_days: 14 });
    expect(input.activities.map((x) => x.start_time instanceof Date ? x.start_time.toISOString().slice(0, 10) : x.start_time)).toEqual(['2026-08-17', today]);
    expect(input.activities[1]).toMatchObject({ sport: 'cycling', normalized_power: 250, moving_time_s: 3600, best_efforts: { power_w: { '20min': 270 } } });
    expect(input.dailyMetrics.map((m) => m.date)).toEqual(['2026-09-20', today]);
    expect(input.zones).toEqual(
      expect.arrayContaining([
        { discipline: 'Cycling', metric_description: 'FTP', zone_value: '250 W' },
        { discipline: 'Running', metric_description: 'Threshold HR', zone_value: '170 bpm' },
      ]),
    );
    expect(input.zones).toHaveLength(2);
    expect(input.races.map((r) => [r.name, r.priority, r.target_time])).toEqual([
      ['Old 10K', 'C', null],
      ['City Marathon', 'A', '03:15:00'],
    ]);

    const facts = buildFacts(input);
    expect(facts.thresholds.ftp_w).toMatchObject({ value: 250, source: 'zones' });
    expect(facts.load.sessions).toHaveLength(1);
    expect(facts.load.sessions[0]).toMatchObject({ load: 100, loadMethod: 'tss', date: today });
    expect(facts.season.phase).toBe('base');
    expect(facts.races.map((r) => r.isPast)).toEqual([true, false]);
    expect(facts.wellness.hrv.latest_ms).toBe(62);
  });

  it('refuses another user\'s config and unknown users', async () => {
    const db = getDb();
    const a = await seedAthlete(db, 'a@example.com', '250 W');
    const b = await seedAthlete(db, 'b@example.com', '300 W');
    await expect(loadFactsInput(db, { userId: a.user.id, configId: b.config.id, today })).rejects.toThrow('training config not found');
    await expect(loadFactsInput(db, { userId: '00000000-0000-4000-8000-000000000000', configId: a.config.id, today })).rejects.toThrow('user not found');
    await expect(loadFactsInput(db, { userId: "x' or 1=1 --", configId: a.config.id, today })).rejects.toThrow('user not found');
    await expect(loadFactsInput(db, { userId: a.user.id, configId: 'nope', today })).rejects.toThrow('training config not found');
  });

  it('returns empty lists for a fresh athlete', async () => {
    const db = getDb();
    const user = await insertUser(db, { email: 'new@example.com', full_name: null, hashed_password: 'x' });
    const config = await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main', is_active: true }).returningAll().executeTakeFirstOrThrow();
    const input = await loadFactsInput(db, { userId: user.id, configId: config.id, today });
    expect(input).toMatchObject({ activities: [], dailyMetrics: [], zones: [], races: [], config: { activities_days: 21, metrics_days: 56 } });
    expect(buildFacts(input).load.sessions).toEqual([]);
  });
});
