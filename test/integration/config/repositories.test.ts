import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  addCompetition,
  findCompetition,
  listCompetitions,
  removeCompetition,
  replaceCompetitions,
  updateCompetition,
  type RaceFields,
} from '../../../src/db/competitions.repository.js';
import {
  activateConfig,
  createConfig,
  deleteConfig,
  findActiveConfig,
  findConfigById,
  findConfigByName,
  listConfigs,
  updateConfig,
} from '../../../src/db/training-configs.repository.js';
import { listZones, removeZones, replaceAllZones, setZones } from '../../../src/db/training-zones.repository.js';
import { insertUser } from '../../../src/db/users.repository.js';
import { describeEachDatabase } from '../../support/databases.js';

const race = (overrides: Partial<RaceFields> = {}): RaceFields => ({
  name: 'City Marathon',
  date: '2027-04-11',
  raceType: 'Marathon',
  priority: 'A',
  targetTime: '03:15:00',
  bikeregId: null,
  runregUrl: 'https://www.runreg.com/city-marathon',
  ...overrides,
});

describeEachDatabase('training configs, races and zones repositories', ({ getDb }) => {
  async function twoUsers() {
    const db = getDb();
    const alice = await insertUser(db, { email: 'alice@example.com', full_name: 'Alice', hashed_password: 'x' });
    const bob = await insertUser(db, { email: 'bob@example.com', full_name: 'Bob', hashed_password: 'x' });
    return { db, alice, bob };
  }

  it('creates configs with schema defaults; the first one becomes active', async () => {
    const { db, alice } = await twoUsers();
    const main = await createConfig(db, alice.id, { name: 'main' });
    expect(main).toMatchObject({ name: 'main', is_active: true, activities_days: 21, metrics_days: 56, ai_mode: 'standard' });
    expect(main).toMatchObject({ enable_plotting: true, hitl_enabled: true, skip_synthesis: false, output_directory: null });
    const second = await createConfig(db, alice.id, { name: 'base', aiMode: 'cost_effective', activitiesDays: 7, enablePlotting: false });
    expect(second).toMatchObject({ is_active: false, ai_mode: 'cost_effective', activities_days: 7, enable_plotting: false });
    expect((await findActiveConfig(db, alice.id))?.id).toBe(main.id);
    expect((await listConfigs(db, alice.id)).map((c) => c.name)).toEqual(['main', 'base']);
    await expect(createConfig(db, alice.id, { name: 'main' })).rejects.toThrow(/a training config named "main" already exists/);
  });

  it('keeps exactly one active config per user, enforced by the database', async () => {
    const { db, alice } = await twoUsers();
    const a = await createConfig(db, alice.id, { name: 'a' });
    const b = await createConfig(db, alice.id, { name: 'b', activate: true });
    expect((await findConfigById(db, alice.id, a.id))?.is_active).toBe(false);
    expect((await findActiveConfig(db, alice.id))?.id).toBe(b.id);
    await activateConfig(db, alice.id, a.id);
    const active = await db.selectFrom('trainingconfig').select('name').where('user_id', '=', alice.id).where('is_active', '=', true).execute();
    expect(active).toEqual([{ name: 'a' }]);
    // Even a writer bypassing the repository cannot make a second one active.
    await expect(
      db.updateTable('trainingconfig').set({ is_active: true }).where('id', '=', b.id).execute(),
    ).rejects.toThrow(/ux_trainingconfig_one_active_per_user|duplicate key/);
  });

  it('keeps one active config under concurrent activations', async () => {
    const { db, alice } = await twoUsers();
    const configs = [];
    for (const name of ['a', 'b', 'c']) configs.push(await createConfig(db, alice.id, { name }));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => activateConfig(db, alice.id, configs[i % 3].id)));
    expect(results.every((row) => row?.is_active === true)).toBe(true);
    const active = await db.selectFrom('trainingconfig').select('id').where('user_id', '=', alice.id).where('is_active', '=', true).execute();
    expect(active).toHaveLength(1);
  });

  it('updates and renames a config, refusing a duplicate name', async () => {
    const { db, alice } = await twoUsers();
    const a = await createConfig(db, alice.id, { name: 'a' });
    await createConfig(db, alice.id, { name: 'b' });
    const updated = await updateConfig(db, alice.id, a.id, { name: 'spring', metricsDays: 90, hitlEnabled: false, analysisContext: 'Knee 🦵' });
    expect(updated).toMatchObject({ name: 'spring', metrics_days: 90, hitl_enabled: false, analysis_context: 'Knee 🦵' });
    expect((await findConfigByName(db, alice.id, 'spring'))?.id).toBe(a.id);
    await expect(updateConfig(db, alice.id, a.id, { name: 'b' })).rejects.toThrow(/already exists/);
    // The database check backs the validation layer.
    await expect(updateConfig(db, alice.id, a.id, { activitiesDays: 0 })).rejects.toThrow();
  });

  it('refuses to delete a config with analyses unless forced, then deletes them in one go', async () => {
    const { db, alice } = await twoUsers();
    const a = await createConfig(db, alice.id, { name: 'a' });
    await addCompetition(db, alice.id, a.id, race());
    await setZones(db, alice.id, a.id, 'Running', [{ metricDescription: 'Z2', zoneValue: '140-152 bpm' }]);
    const analysis = await db.insertInto('analysis').values({ user_id: alice.id, training_config_id: a.id }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('analysisresult').values({ analysis_id: analysis.id, node_name: 'n', result_type: 'summary' }).execute();
    await db.insertInto('analysisfile').values([
      { analysis_id: analysis.id, filename: 'report.md', file_type: 'report', file_path: `/out/${analysis.id}/report.md` },
      { analysis_id: analysis.id, filename: 'shared.md', file_type: 'report', file_path: null },
    ]).execute();
    await expect(deleteConfig(db, alice.id, a.id)).rejects.toThrow(/has 1 analysis; run again with --force/);
    expect(await findConfigById(db, alice.id, a.id)).toBeDefined();
    const deleted = await deleteConfig(db, alice.id, a.id, { force: true });
    expect(deleted).toMatchObject({ deletedAnalyses: 1, reportFiles: [`/out/${analysis.id}/report.md`] });
    for (const table of ['trainingconfig', 'competition', 'training_zones', 'analysis', 'analysisresult', 'analysisfile'] as const) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
      expect(rows[0].n, table).toBe(0);
    }
  });

  it('adds, lists by date, edits and removes races', async () => {
    const { db, alice } = await twoUsers();
    const a = await createConfig(db, alice.id, { name: 'a' });
    const marathon = await addCompetition(db, alice.id, a.id, race());
    await addCompetition(db, alice.id, a.id, race({ name: 'Spring 10k', date: '2027-03-01', priority: 'C', targetTime: null, runregUrl: null }));
    await addCompetition(db, alice.id, a.id, race({ name: "O'Brien's Gran Fondo; DROP TABLE competition;--", date: '2027-06-01', priority: 'B', bikeregId: 4242 }));
    expect((await listCompetitions(db, alice.id, a.id)).map((r) => r.date)).toEqual(['2027-03-01', '2027-04-11', '2027-06-01']);
    const edited = await updateCompetition(db, alice.id, marathon!.id, { targetTime: '03:10:00', priority: 'B' });
    expect(edited).toMatchObject({ target_time: '03:10:00', priority: 'B', name: 'City Marathon' });
    expect(await removeCompetition(db, alice.id, marathon!.id)).toBe(true);
    expect(await removeCompetition(db, alice.id, marathon!.id)).toBe(false);
    expect(await listCompetitions(db, alice.id, a.id)).toHaveLength(2);
    const replaced = await replaceCompetitions(db, alice.id, a.id, [race({ name: 'Only race' })]);
    expect(replaced?.map((r) => r.name)).toEqual(['Only race']);
  });

  it('sets, updates, replaces and removes zones per discipline in entry order', async () => {
    const { db, alice } = await twoUsers();
    const a = await createConfig(db, alice.id, { name: 'a' });
    await setZones(db, alice.id, a.id, 'Running', [
      { metricDescription: 'Z2', zoneValue: '140-152 bpm' },
      { metricDescription: 'Threshold HR', zoneValue: '172 bpm' },
    ]);
    await setZones(db, alice.id, a.id, 'Cycling', [{ metricDescription: 'FTP', zoneValue: '250 W' }]);
    const updated = await setZones(db, alice.id, a.id, 'Running', [{ metricDescription: 'Z2', zoneValue: '142-154 bpm' }]);
    expect(updated?.map((z) => [z.metric_description, z.zone_value])).toEqual([
      ['Z2', '142-154 bpm'],
      ['Threshold HR', '172 bpm'],
    ]);
    const replaced = await setZones(db, alice.id, a.id, 'Running', [{ metricDescription: 'Z1', zoneValue: '<140 bpm' }], { replace: true });
    expect(replaced?.map((z) => z.metric_description)).toEqual(['Z1']);
    expect(await listZones(db, alice.id, a.id)).toHaveLength(2);
    expect(await removeZones(db, alice.id, a.id, 'Cycling', 'FTP')).toBe(1);
    expect(await removeZones(db, alice.id, a.id, 'Running')).toBe(1);
    expect(await listZones(db, alice.id, a.id)).toEqual([]);
    await replaceAllZones(db, alice.id, a.id, [{ discipline: 'Swimming', metricDescription: 'CSS', zoneValue: '1:45/100m' }]);
    expect((await listZones(db, alice.id, a.id, 'Swimming')).map((z) => z.zone_value)).toEqual(['1:45/100m']);
  });

  it("isolates users: B's configs, races and zones are 'not found' for A even with the real ids", async () => {
    const { db, alice, bob } = await twoUsers();
    const bobs = await createConfig(db, bob.id, { name: 'main' });
    const bobRace = await addCompetition(db, bob.id, bobs.id, race());
    await setZones(db, bob.id, bobs.id, 'Running', [{ metricDescription: 'Z2', zoneValue: '140-152 bpm' }]);
    // Same config name for Alice is fine: names are per user.
    const alices = await createConfig(db, alice.id, { name: 'main' });

    expect(await findConfigById(db, alice.id, bobs.id)).toBeUndefined();
    expect(await updateConfig(db, alice.id, bobs.id, { name: 'stolen' })).toBeUndefined();
    expect(await activateConfig(db, alice.id, bobs.id)).toBeUndefined();
    expect(await deleteConfig(db, alice.id, bobs.id, { force: true })).toBeUndefined();
    expect(await listCompetitions(db, alice.id, bobs.id)).toEqual([]);
    expect(await findCompetition(db, alice.id, bobRace!.id)).toBeUndefined();
    expect(await updateCompetition(db, alice.id, bobRace!.id, { name: 'x' })).toBeUndefined();
    expect(await removeCompetition(db, alice.id, bobRace!.id)).toBe(false);
    expect(await addCompetition(db, alice.id, bobs.id, race())).toBeUndefined();
    expect(await replaceCompetitions(db, alice.id, bobs.id, [])).toBeUndefined();
    expect(await listZones(db, alice.id, bobs.id)).toEqual([]);
    expect(await setZones(db, alice.id, bobs.id, 'Running', [{ metricDescription: 'Z2', zoneValue: '1' }])).toBeUndefined();
    expect(await removeZones(db, alice.id, bobs.id, 'Running')).toBe(0);
    expect(await replaceAllZones(db, alice.id, bobs.id, [])).toBeUndefined();
    // Malformed and random ids are simply not found.
    expect(await findConfigById(db, alice.id, "' OR 1=1 --")).toBeUndefined();
    expect(await findCompetition(db, alice.id, randomUUID())).toBeUndefined();

    // Bob's data is untouched; Alice activating hers leaves Bob's active config alone.
    await activateConfig(db, alice.id, alices.id);
    expect(await findConfigById(db, bob.id, bobs.id)).toMatchObject({ name: 'main', is_active: true });
    expect(await listCompetitions(db, bob.id, bobs.id)).toHaveLength(1);
    expect(await listZones(db, bob.id, bobs.id)).toHaveLength(1);
    expect((await listConfigs(db, alice.id)).map((c) => c.id)).toEqual([alices.id]);
  });
});
