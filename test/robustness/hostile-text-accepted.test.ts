import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCoachHome } from '../support/cli.js';
import { newAthlete, openStore, type Athlete, type Store } from './harness.js';

/**
 * The other half of the hostile-string corpus: text that is odd but legitimate (SQL
 * metacharacters, quotes, emoji, right-to-left marks, 10k characters where the field allows
 * it) is stored verbatim and read back unchanged, and no table is harmed. Queries are
 * parameterised, so `'); DROP TABLE "user"; --` is just a race name.
 */
const SQL = `'); DROP TABLE "user"; --`;
const VALUES: Array<[string, string]> = [
  ['SQL metacharacters', SQL],
  ['quotes and backslashes', `O'Brien "Jr" \\ %_ ;`],
  ['emoji', '🏃‍♀️ Ironman 🇦🇹 Klagenfurt 🏊🚴'],
  // Right-to-left script and the plain marks are text; the overrides (U+202E) are refused (bad-input corpus).
  ['right-to-left marks', 'מרתון\u200f תל אביב \u200eabc'],
  ['path traversal', '../../etc/passwd'],
];
const LONG_CONTEXT = 'z'.repeat(10_000);

describe('odd but legitimate text is stored verbatim (built binary)', () => {
  let store: Store;
  let athlete: Athlete;
  beforeAll(async () => {
    const home = tempCoachHome();
    store = await openStore(home);
    athlete = await newAthlete({ home, env: store.env });
  }, 300_000);
  afterAll(async () => store?.dispose());

  it.each(VALUES)('race name and type: %s', async (_kind, value) => {
    const added = await athlete.run(['race', 'add', '--name', value, '--type', value.slice(0, 100), '--date', '2027-05-01', '--priority', 'C', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const id = JSON.parse(added.stdout).race.id;
    const list = JSON.parse((await athlete.run(['race', 'list', '--json'])).stdout);
    const race = list.races.find((r: { id: string }) => r.id === id);
    expect(race.name).toBe(value);
    expect(race.raceType).toBe(value.slice(0, 100));
    // Every table is still there and the athlete still exists.
    const tables = Object.keys(await store.fingerprint());
    expect(tables).toEqual(expect.arrayContaining(['user', 'trainingconfig', 'competition', 'analysis']));
    const whoami = await athlete.run(['whoami', '--json']);
    expect(whoami.code, whoami.stderr).toBe(0);
  }, 120_000);

  it.each(VALUES)('config context and zone value: %s', async (kind, value) => {
    const name = `cfg-${VALUES.findIndex(([k]) => k === kind)}`;
    const created = await athlete.run(['config', 'create', name, '--analysis-context', value, '--planning-context', LONG_CONTEXT]);
    expect(created.code, created.stderr).toBe(0);
    const zone = await athlete.run(['zones', 'set', '--config', name, '--discipline', 'Running', '--zone', `Z1=${value.slice(0, 40)}`]);
    expect(zone.code, zone.stderr).toBe(0);
    const shown = JSON.parse((await athlete.run(['config', 'show', name, '--json'])).stdout);
    expect(JSON.stringify(shown)).toContain(JSON.stringify(value).slice(1, -1));
    expect(JSON.stringify(shown)).toContain(LONG_CONTEXT);
    expect(JSON.stringify(shown.zones)).toContain(JSON.stringify(value.slice(0, 40)).slice(1, -1));
  }, 120_000);
});
