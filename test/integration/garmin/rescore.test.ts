import { expect, it } from 'vitest';
import { findActivityBySourceId, upsertActivity } from '../../../src/db/activities.repository.js';
import { createConfig } from '../../../src/db/training-configs.repository.js';
import { setZones } from '../../../src/db/training-zones.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { fitToActivity } from '../../../src/garmin/fit-import.js';
import { storeActivity } from '../../../src/garmin/import-service.js';
import { rescoreAfterZonesChange, rescoreStoredActivities } from '../../../src/garmin/rescore-service.js';
import { describeEachDatabase } from '../../support/databases.js';
import { RIDE_WITH_POWER, encodeSyntheticActivity } from '../../support/fit-fixtures.js';

type ZoneTimes = { basis: string; zones: Array<{ name: string; seconds: number }> };

describeEachDatabase('coach db rescore', ({ getDb }) => {
  const setup = async () => {
    const db = getDb();
    const { id } = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const config = await createConfig(db, id, { name: 'Base' });
    return { db, id, config };
  };

  it('re-buckets HR and power time in zones against the active zones, without the records, in the same transaction', async () => {
    const { db, id, config } = await setup();
    const imported = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), []);
    await storeActivity(db, id, imported);
    const sourceId = imported.source_id;
    const before = (await findActivityBySourceId(db, id, sourceId))!;
    expect((before.power_time_in_zones as ZoneTimes).basis).toContain('(device)');

    const rescore = await db.transaction().execute(async (trx) => {
      await setZones(trx, id, config.id, 'Cycling', [{ metricDescription: 'FTP', zoneValue: '200 W' }]);
      await setZones(trx, id, config.id, 'Cycling', [{ metricDescription: 'Threshold HR', zoneValue: '160 bpm' }]);
      return rescoreAfterZonesChange(trx, id, config);
    });
    expect(rescore).toMatchObject({ activities: 1, updated: 1, zones: 1, normalizedPower: 0 });
    const after = (await findActivityBySourceId(db, id, sourceId))!;
    const power = after.power_time_in_zones as ZoneTimes;
    const hr = after.hr_time_in_zones as ZoneTimes;
    expect(power.basis).toBe('Coggan % of FTP 200 W (zones)');
    expect(hr.basis).toBe('Friel % of threshold HR 160 bpm (zones)');
    // The same seconds, bucketed differently: what a fresh import with these zones gives.
    const fresh = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), [
      { discipline: 'Cycling', metric_description: 'FTP', zone_value: '200 W' },
      { discipline: 'Cycling', metric_description: 'Threshold HR', zone_value: '160 bpm' },
    ]);
    expect(power).toEqual(fresh.power_time_in_zones);
    expect(hr).toEqual(fresh.hr_time_in_zones);
    // Idempotent: nothing left to change.
    expect(await rescoreStoredActivities(db, id)).toMatchObject({ activities: 1, updated: 0 });
  });

  it('brings a records NP stored over elapsed time (before the stops convention) to moving time', async () => {
    const { db, id } = await setup();
    const imported = await fitToActivity(await encodeSyntheticActivity(RIDE_WITH_POWER), []);
    // As the old import stored a ride with a 10 min stop: NP over 70 min with zeros, no np_basis.
    const old = {
      ...imported,
      source_id: 'old-ride',
      start_time: new Date('2026-01-01T08:00:00Z'),
      elapsed_time_s: 4200,
      moving_time_s: 3600,
      normalized_power: 206.2,
      load_inputs: null,
      raw_summary: { sport: 'cycling' },
    };
    await upsertActivity(db, id, old);
    const device = { ...old, source_id: 'device-np', start_time: new Date('2026-01-02T08:00:00Z'), normalized_power: 214, raw_summary: { normalizedPower: 214 } };
    await upsertActivity(db, id, device);
    const summary = await rescoreStoredActivities(db, id);
    expect(summary).toMatchObject({ activities: 2, updated: 2, normalizedPower: 1 });
    // 206.2 x (4200 / 3600)^(1/4) = 214.3: the ride's 213.6 W within 0.5%.
    expect((await findActivityBySourceId(db, id, 'old-ride'))!.normalized_power).toBe(214.3);
    // A device's NP was over moving time already: kept, and marked so it is not scaled twice.
    const kept = (await findActivityBySourceId(db, id, 'device-np'))!;
    expect(kept.normalized_power).toBe(214);
    expect(kept.load_inputs).toEqual({ np_basis: 'device' });
    expect(await rescoreStoredActivities(db, id)).toMatchObject({ updated: 0 });
  });
});
