import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { type MeanMaxBest, meanMaxBest, meanMaxBestByPeriod, storeMeanMax } from '../../src/db/mean-max.repository.js';
import { insertUser } from '../../src/db/users.repository.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * The former one-query-per-period SQL (a `distinct on` over the unnested points), kept here as
 * the reference the picks made in JS must match.
 */
async function referenceBest(db: Kysely<Database>, userId: string, range: { from: Date | null; to: Date }): Promise<MeanMaxBest[]> {
  const rows = await sql<MeanMaxBest>`
    select distinct on (m.sport, m.kind, p.duration_s)
      m.sport, m.kind, p.duration_s, p.value, a.id as activity_id, a.start_time
    from activity_mean_max m
    join activity a on a.id = m.activity_id
    cross join lateral unnest(m.duration_s, m.value) as p(duration_s, value)
    where a.user_id = ${userId}
      and a.start_time < ${range.to}
      and (${range.from}::timestamptz is null or a.start_time >= ${range.from}::timestamptz)
    order by m.sport, m.kind, p.duration_s, p.value desc, a.start_time
  `.execute(db);
  return rows.rows.map((r) => ({ ...r, duration_s: Number(r.duration_s), value: Number(r.value), start_time: new Date(r.start_time) }));
}

const LADDER = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/** A deterministic pseudo-random sequence (no Math.random in tests). */
function sequence(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describeEachDatabase('mean-maximal curves of several periods', ({ getDb }) => {
  it('picks, per sport, kind and duration, the same best point and activity as the per-period SQL did', async () => {
    const db = getDb();
    const { id: userId } = await insertUser(db, { email: 'curves@example.com', full_name: 'Cora', hashed_password: 'x', is_active: true });
    const other = await insertUser(db, { email: 'other@example.com', full_name: 'Otto', hashed_password: 'x', is_active: true });
    const random = sequence(7);
    const start = Date.UTC(2025, 0, 1, 7);
    for (let i = 0; i < 60; i++) {
      const owner = i % 10 === 9 ? other.id : userId;
      const sport = ['running', 'cycling', 'swimming'][i % 3]!;
      const activity = await db.insertInto('activity')
        .values({ user_id: owner, source: 'fit', source_id: `a${i}`, sport, start_time: new Date(start + i * 6.5 * 86_400_000) })
        .returning('id').executeTakeFirstOrThrow();
      // Curves of different lengths (short sessions hold fewer durations); values on a coarse
      // grid, so equal bests in different activities happen (the earlier one must win).
      const length = 3 + Math.floor(random() * (LADDER.length - 3));
      const durations = LADDER.slice(0, length);
      const curve = (base: number) => durations.map((_, k) => Math.round((base - k * 3 + random() * 6) * 2) / 2);
      const curves = [{ sport, kind: 'hr' as const, duration_s: durations, value: curve(180) }];
      if (sport === 'cycling') curves.push({ sport, kind: 'power', duration_s: durations, value: curve(400) });
      if (sport !== 'cycling') curves.push({ sport, kind: 'speed', duration_s: durations, value: durations.map((_, k) => Math.round((5 - k * 0.2 + random()) * 1000) / 1000) });
      await storeMeanMax(db, activity.id, curves as never, { replace: false });
    }
    const periods = {
      allTime: { from: null, to: new Date('2027-01-01T00:00:00Z') },
      season: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') },
      previousSeason: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') },
      last90d: { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2025-12-30T00:00:00Z') },
      empty: { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-02-01T00:00:00Z') },
    };
    const picked = await meanMaxBestByPeriod(db, userId, periods);
    for (const [name, range] of Object.entries(periods)) {
      const reference = await referenceBest(db, userId, range);
      expect(picked[name as keyof typeof periods], name).toEqual(reference);
      expect(await meanMaxBest(db, userId, range), name).toEqual(reference);
    }
    expect(picked.allTime.length).toBeGreaterThan(30);
    expect(picked.empty).toEqual([]);
    // The other user's activities never reach this user's curves.
    const othersIds = new Set((await db.selectFrom('activity').select('id').where('user_id', '=', other.id).execute()).map((r) => r.id));
    expect(picked.allTime.some((b) => othersIds.has(b.activity_id))).toBe(false);
  });
});
