import { expect, it } from 'vitest';
import { buildFacts } from '../../src/analytics/build-facts.js';
import { parseConfigFile, serialiseConfigFile } from '../../src/config/config-file.js';
import { exportConfigDocument, importConfigDocument } from '../../src/config/config-transfer.js';
import { findSex, recordSex } from '../../src/db/athlete-attributes.repository.js';
import { loadFactsInput } from '../../src/db/training-data.repository.js';
import { findUserByEmail, findUserById, insertUser } from '../../src/db/users.repository.js';
import { createUser } from '../../src/users/user-service.js';
import { describeEachDatabase } from '../support/databases.js';

const TODAY = '2026-11-25';

describeEachDatabase('athlete attributes (sex for TRIMP)', ({ getDb }) => {
  async function athlete(email = 'ana@example.com') {
    return insertUser(getDb(), { email, full_name: 'Ana', hashed_password: 'x' });
  }

  it('keeps the athlete\'s own word over what Garmin reports, and lets Garmin fill in or refresh its own value', async () => {
    const db = getDb();
    const stated = await athlete('stated@example.com');
    expect(await findSex(db, stated.id)).toBeNull();
    expect(await recordSex(db, stated.id, 'female', 'athlete')).toBe(true);
    expect(await recordSex(db, stated.id, 'male', 'garmin')).toBe(false);
    expect(await findSex(db, stated.id)).toEqual({ sex: 'female', source: 'athlete' });

    const fromGarmin = await athlete('garmin@example.com');
    expect(await recordSex(db, fromGarmin.id, 'male', 'garmin')).toBe(true);
    expect(await recordSex(db, fromGarmin.id, 'female', 'garmin')).toBe(true);
    expect(await findSex(db, fromGarmin.id)).toEqual({ sex: 'female', source: 'garmin' });
    expect(await recordSex(db, fromGarmin.id, 'male', 'athlete')).toBe(true);
    expect(await findSex(db, fromGarmin.id)).toEqual({ sex: 'male', source: 'athlete' });
    // Still one row per athlete, and the other athlete's row untouched.
    const rows = await db.selectFrom('athlete_attributes').select(['user_id', 'sex']).orderBy('sex').execute();
    expect(rows).toEqual([
      { user_id: stated.id, sex: 'female' },
      { user_id: fromGarmin.id, sex: 'male' },
    ]);
  });

  it('registers an athlete with --sex in the same transaction, and refuses an unknown value without writing', async () => {
    const db = getDb();
    const { user } = await createUser(db, { email: 'f@example.com', fullName: 'F', password: 'long enough password', sex: 'F' });
    expect(await findSex(db, user.id)).toEqual({ sex: 'female', source: 'athlete' });

    await expect(createUser(db, { email: 'x@example.com', fullName: 'X', password: 'long enough password', sex: 'robot' })).rejects.toThrow(
      /sex: must be female or male, not "?robot"?/,
    );
    expect(await findUserByEmail(db, 'x@example.com')).toBeUndefined();
  });

  it('reads and writes athlete.sex in the config file', async () => {
    const db = getDb();
    const user = await athlete();
    const text = 'name: main\nathlete:\n  email: ana@example.com\n  sex: Female\n';
    const outcome = await importConfigDocument(db, user, parseConfigFile(text));
    expect(await findSex(db, user.id)).toEqual({ sex: 'female', source: 'athlete' });

    const owner = (await findUserById(db, user.id))!;
    const exported = await exportConfigDocument(db, owner, outcome.config);
    expect(exported.athlete.sex).toBe('female');
    expect(serialiseConfigFile(exported)).toMatch(/^ {2}sex: female$/m);
    expect(() => parseConfigFile('name: main\nathlete:\n  sex: robot\n')).toThrow(/athlete\.sex: must be female or male/);
  });

  it('feeds the stated sex to the facts (TRIMP picks its constants from it; unit-tested in session-load)', async () => {
    const db = getDb();
    const { user, configId } = await createUser(db, { email: 'run@example.com', fullName: 'Run', password: 'long enough password' });
    await db
      .insertInto('activity')
      .values({
        user_id: user.id, source: 'fit', source_id: 'hr-only', sport: 'running', start_time: `${TODAY}T07:00:00Z`,
        moving_time_s: 3600, elapsed_time_s: 3600, avg_hr: 150, max_hr: 185,
      })
      .execute();

    const unknown = buildFacts(await loadFactsInput(db, { userId: user.id, configId, today: TODAY }));
    expect(unknown.athlete.sex).toBeNull();
    await recordSex(db, user.id, 'female', 'garmin');
    const input = await loadFactsInput(db, { userId: user.id, configId, today: TODAY });
    expect(input.user.sex).toBe('female');
    const female = buildFacts(input);
    expect(female.athlete.sex).toBe('female');
    expect(female.data.notes.join('\n')).not.toMatch(/sex unknown/);
  });
});
