import { expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import { deleteActivitiesByIds, findActivityBySourceId } from '../../../src/db/activities.repository.js';
import { countActivitiesWithoutCurves, meanMaxBest } from '../../../src/db/mean-max.repository.js';
import { createConfig } from '../../../src/db/training-configs.repository.js';
import { loadFactsInput } from '../../../src/db/training-data.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { fitToActivity } from '../../../src/garmin/fit-import.js';
import { storeActivity } from '../../../src/garmin/import-service.js';
import { describeEachDatabase } from '../../support/databases.js';
import { RIDE_WITH_POWER, RUN_WITH_HR, encodeSyntheticActivity } from '../../support/fit-fixtures.js';

describeEachDatabase('mean-maximal curves', ({ getDb }) => {
  it('stores each import\'s curves, answers a period\'s curve with one query, reaches the facts, and goes with its activity', async () => {
    const db = getDb();
    const { id } = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const config = await createConfig(db, id, { name: 'Base' });
    const ride = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), []);
    const harder = await fitToActivity(
      await encodeSyntheticActivity({ ...RIDE_WITH_POWER, start: new Date(RIDE_WITH_POWER.start.getTime() + 86_400_000), targetPower: 260, seed: 9 }),
      [],
    );
    const run = await fitToActivity(await encodeSyntheticActivity(RUN_WITH_HR), []);
    for (const a of [ride, harder, run]) expect(await storeActivity(db, id, a)).toBe('inserted');
    // A re-import of the same file changes nothing and stores no second curve.
    expect(await storeActivity(db, id, ride)).toBe('unchanged');
    expect(await countActivitiesWithoutCurves(db, id)).toBe(0);

    const to = new Date('2027-01-01T00:00:00Z');
    const best = await meanMaxBest(db, id, { from: null, to });
    const power = best.filter((b) => b.sport === 'cycling' && b.kind === 'power');
    const ridePower = ride.mean_max!.find((c) => c.kind === 'power')!;
    const harderPower = harder.mean_max!.find((c) => c.kind === 'power')!;
    expect(power.map((p) => p.duration_s)).toEqual(ridePower.duration_s);
    for (const p of power) {
      const i = ridePower.duration_s.indexOf(p.duration_s);
      expect(p.value).toBe(Math.max(ridePower.value[i], harderPower.value[i]));
    }
    const harderId = (await findActivityBySourceId(db, id, harder.source_id))!.id;
    expect(power.find((p) => p.duration_s === 1200)!.activity_id).toBe(harderId);
    expect(best.some((b) => b.sport === 'running' && b.kind === 'speed')).toBe(true);
    // A period without the rides: no cycling curve.
    expect((await meanMaxBest(db, id, { from: to, to: new Date('2027-02-01T00:00:00Z') })).length).toBe(0);

    const input = await loadFactsInput(db, { userId: id, configId: config.id, today: '2026-03-20' });
    const facts = buildFacts(input);
    const cycling = facts.curves.curves.find((c) => c.sport === 'cycling' && c.kind === 'power')!;
    expect(cycling.allTime.find((p) => p.duration_s === 1200)).toMatchObject({ activityId: harderId, value: power.find((p) => p.duration_s === 1200)!.value });
    expect(cycling.season.length).toBe(cycling.allTime.length);
    expect(cycling.previousSeason).toEqual([]);
    expect(facts.curves.seasonFrom).toBe('2026-01-01');
    // Two training rides are no test: the model from them is at most of low confidence, and says what it rests on.
    const model = facts.curves.models.cycling;
    expect(['low', 'insufficient']).toContain(model.confidence);
    for (const e of model.efforts) expect([harderId, (await findActivityBySourceId(db, id, ride.source_id))!.id]).toContain(e.activityId);

    await deleteActivitiesByIds(db, id, [harderId]);
    const after = await meanMaxBest(db, id, { from: null, to });
    expect(after.some((b) => b.activity_id === harderId)).toBe(false);
  });
});
