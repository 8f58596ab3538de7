import { expect, it } from 'vitest';
import { upsertActivity } from '../../../src/db/activities.repository.js';
import { createConfig } from '../../../src/db/training-configs.repository.js';
import { listZones, setZones } from '../../../src/db/training-zones.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { listZoneChanges } from '../../../src/db/zone-changes.repository.js';
import { applyZoneSuggestions, zoneSuggestions } from '../../../src/config/zone-suggestions.js';
import { describeEachDatabase } from '../../support/databases.js';

const CP = 280;
const W_PRIME = 21000;

describeEachDatabase('coach zones suggest', ({ getDb }) => {
  it('suggests the eFTP of recent maximal efforts over a stale FTP, and --apply updates the zone, records it and re-scores', async () => {
    const db = getDb();
    const { id } = await insertUser(db, { email: 'ada@example.com', full_name: 'Ada', hashed_password: 'x', is_active: true });
    const config = await createConfig(db, id, { name: 'Base' });
    await setZones(db, id, config.id, 'Cycling', [{ metricDescription: 'FTP', zoneValue: '250 W' }]);
    // Four rides in the last 90 days, each with one all-out effort on P = CP + W'/t.
    const efforts = [180, 300, 600, 1200];
    for (const [i, t] of efforts.entries()) {
      await upsertActivity(db, id, {
        source: 'fit', source_id: `ride-${i}`, content_hash: `h${i}`, name: null, sport: 'cycling', sub_sport: null,
        start_time: new Date(Date.UTC(2026, 10, 1 + i * 5, 7)), elapsed_time_s: 3600, moving_time_s: 3600, distance_m: null,
        ascent_m: null, descent_m: null, avg_hr: null, max_hr: null, avg_power: 200, max_power: null, normalized_power: 220,
        avg_speed_mps: null, max_speed_mps: null, avg_cadence: null, calories: null, aerobic_training_effect: null,
        anaerobic_training_effect: null, garmin_training_load: null, hr_time_in_zones: null, power_time_in_zones: null, laps: null,
        best_efforts: null, raw_summary: null,
        load_inputs: { power_seconds_by_watt: { '200': 3000, '300': 600 }, np_basis: 'moving', moving_s: 3600, zone_fallbacks: { max_hr: null, device_ftp: null } },
        mean_max: [{ sport: 'cycling', kind: 'power', duration_s: [60, t, 3600], value: [400, CP + W_PRIME / t, 200] }],
      });
    }
    const suggestions = await zoneSuggestions(db, id, config, '2026-11-25');
    expect(suggestions).toHaveLength(1);
    const eFtp = Math.round(CP + W_PRIME / 3600);
    expect(suggestions[0]).toMatchObject({ discipline: 'Cycling', metricDescription: 'FTP', current: '250 W', suggested: `${eFtp} W`, direction: 'fitter', confidence: 'high' });
    expect(suggestions[0].evidence).toContain(`CP ${CP} W`);
    expect(suggestions[0].efforts.map((e) => e.duration_s)).toEqual(efforts);

    const rescore = await applyZoneSuggestions(db, id, config, suggestions);
    expect(rescore).toMatchObject({ activities: 4, zones: 4 });
    expect((await listZones(db, id, config.id, 'Cycling')).map((z) => z.zone_value)).toEqual([`${eFtp} W`]);
    const changes = await listZoneChanges(db, config.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ discipline: 'Cycling', metric_description: 'FTP', old_value: '250 W', new_value: `${eFtp} W` });
    expect(changes[0].source).toContain('eFTP');
    expect(changes[0].changed_at).toBeInstanceOf(Date);
    // Now the zones agree with the efforts: nothing more to suggest.
    expect(await zoneSuggestions(db, id, config, '2026-11-25')).toEqual([]);
  });

  it('suggests nothing from too few maximal efforts', async () => {
    const db = getDb();
    const { id } = await insertUser(db, { email: 'bo@example.com', full_name: 'Bo', hashed_password: 'x', is_active: true });
    const config = await createConfig(db, id, { name: 'Base' });
    await setZones(db, id, config.id, 'Cycling', [{ metricDescription: 'FTP', zoneValue: '250 W' }]);
    expect(await zoneSuggestions(db, id, config, '2026-11-25')).toEqual([]);
  });
});
