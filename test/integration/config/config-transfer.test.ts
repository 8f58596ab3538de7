import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { parseConfigFile, serialiseConfigFile, type ConfigDocument } from '../../../src/config/config-file.js';
import { exportConfigDocument, importConfigDocument } from '../../../src/config/config-transfer.js';
import { selectConfig } from '../../../src/config/select-config.js';
import type { Database } from '../../../src/db/database.js';
import { listCompetitions } from '../../../src/db/competitions.repository.js';
import { createConfig, findActiveConfig, findConfigByName } from '../../../src/db/training-configs.repository.js';
import { listZones } from '../../../src/db/training-zones.repository.js';
import { findUserById, insertUser } from '../../../src/db/users.repository.js';
import { describeEachDatabase } from '../../support/databases.js';

const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../../config.example.yaml'), 'utf8');

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['user', 'trainingconfig', 'competition', 'training_zones']) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    out[table] = rows[0].n;
  }
  return out;
}

describeEachDatabase('config import and export', ({ getDb }) => {
  async function jane() {
    const db = getDb();
    const user = await insertUser(db, { email: 'jane@example.com', full_name: null, hashed_password: 'x' });
    return { db, user };
  }

  it('imports config.example.yaml: config, races, zones and the athlete profile', async () => {
    const { db, user } = await jane();
    const outcome = await importConfigDocument(db, user, parseConfigFile(EXAMPLE));
    expect(outcome).toMatchObject({ created: true, races: 2, zones: 7, athleteSkipped: undefined });
    expect(outcome.config).toMatchObject({ name: 'main', is_active: true, output_directory: 'coach-reports', ai_mode: 'standard' });
    expect((await listCompetitions(db, user.id, outcome.config.id)).map((r) => r.name)).toEqual(['City Marathon', 'Valley Gran Fondo']);
    expect(await listZones(db, user.id, outcome.config.id)).toHaveLength(7);
    const profile = await findUserById(db, user.id);
    expect(profile).toMatchObject({ full_name: 'Jane Runner' });
    expect(profile?.athlete_context).toMatch(/^10 years of running/);
  });

  it('round-trips: export(import(file)) parses back to the same document', async () => {
    const { db, user } = await jane();
    const doc = parseConfigFile(EXAMPLE);
    const { config } = await importConfigDocument(db, user, doc);
    const owner = (await findUserById(db, user.id))!;
    const exported = await exportConfigDocument(db, owner, config);
    const reparsed = parseConfigFile(serialiseConfigFile(exported));
    // Races come back sorted by date, zones grouped by discipline; the example is already in that order.
    const byDiscipline = (d: ConfigDocument) => [...d.zones].sort((a, b) => a.discipline.localeCompare(b.discipline));
    expect({ ...reparsed, zones: byDiscipline(reparsed) }).toEqual({ ...doc, zones: byDiscipline(doc) });
    // And importing the export again changes nothing.
    await importConfigDocument(db, owner, reparsed);
    const again = await exportConfigDocument(db, (await findUserById(db, user.id))!, (await findConfigByName(db, user.id, 'main'))!);
    expect(again).toEqual(exported);
  });

  it('stores the models section (trainingconfig_model), exports it, and a re-import without it removes it', async () => {
    const { db, user } = await jane();
    const withModels = parseConfigFile(`${EXAMPLE}\nmodels:\n  experts: gpt-5-mini\n  weekly_planner: gpt-5\n`);
    const { config } = await importConfigDocument(db, user, withModels);
    const owner = (await findUserById(db, user.id))!;
    const exported = await exportConfigDocument(db, owner, config);
    expect(exported.models).toEqual({ experts: 'gpt-5-mini', weekly_planner: 'gpt-5' });
    expect(serialiseConfigFile(exported)).toMatch(/\nmodels:\n {2}experts: gpt-5-mini\n {2}weekly_planner: gpt-5\n/);
    await importConfigDocument(db, owner, parseConfigFile(EXAMPLE));
    expect((await exportConfigDocument(db, owner, config)).models).toBeUndefined();
  });

  it('replaces an existing config of the same name, its races and zones, keeping its id', async () => {
    const { db, user } = await jane();
    const first = await importConfigDocument(db, user, parseConfigFile(EXAMPLE));
    const smaller = parseConfigFile('name: main\nai_mode: development\ncompetitions:\n  - {name: Only, date: 2028-01-01}\n');
    const second = await importConfigDocument(db, user, smaller);
    expect(second).toMatchObject({ created: false, races: 1, zones: 0 });
    expect(second.config.id).toBe(first.config.id);
    expect(second.config.ai_mode).toBe('development');
    expect(await counts(db)).toEqual({ user: 1, trainingconfig: 1, competition: 1, training_zones: 0 });
  });

  it("leaves the profile alone when the file names another athlete's email", async () => {
    const { db, user } = await jane();
    const doc = parseConfigFile(EXAMPLE.replace('jane@example.com', 'someone@else.org'));
    const outcome = await importConfigDocument(db, user, doc);
    expect(outcome.athleteSkipped).toMatch(/someone@else\.org/);
    expect((await findUserById(db, user.id))?.full_name).toBeNull();
    expect(await counts(db)).toMatchObject({ trainingconfig: 1, competition: 2 });
  });

  it('is all or nothing: a database failure half-way leaves every row count unchanged', async () => {
    const { db, user } = await jane();
    await importConfigDocument(db, user, parseConfigFile(EXAMPLE));
    const before = await counts(db);
    const good = parseConfigFile(EXAMPLE);
    // A value only the database rejects (the validator would have): the races are written
    // after the config, so the failure comes mid-transaction.
    for (const name of ['main', 'new-config']) {
      const broken: ConfigDocument = {
        ...good,
        name,
        competitions: [...good.competitions, { ...good.competitions[0], priority: 'D' as never }],
      };
      await expect(importConfigDocument(db, user, broken)).rejects.toThrow(/competition_priority_check|violates check/);
      expect(await counts(db)).toEqual(before);
    }
    expect((await selectConfig(db, user.id)).name).toBe('main');
  });

  it('can make the imported config active, leaving exactly one active', async () => {
    const { db, user } = await jane();
    await createConfig(db, user.id, { name: 'current' });
    const outcome = await importConfigDocument(db, user, parseConfigFile(EXAMPLE));
    expect(outcome.config.is_active).toBe(false);
    await importConfigDocument(db, user, parseConfigFile(EXAMPLE), { activate: true });
    expect((await findActiveConfig(db, user.id))?.name).toBe('main');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from trainingconfig where is_active`.execute(db);
    expect(rows[0].n).toBe(1);
  });

  it('selects configs by name or the active one, never another user\'s', async () => {
    const { db, user } = await jane();
    const bob = await insertUser(db, { email: 'bob@example.com', full_name: 'Bob', hashed_password: 'x' });
    await createConfig(db, bob.id, { name: 'bobs' });
    await expect(selectConfig(db, user.id)).rejects.toThrow(/no active training config/);
    await expect(selectConfig(db, user.id, 'bobs')).rejects.toThrow(/no training config named "bobs"/);
    await createConfig(db, user.id, { name: 'mine' });
    expect((await selectConfig(db, user.id)).name).toBe('mine');
  });
});
