import { expect, it } from 'vitest';
import { describe } from 'vitest';
import { newAthlete, openStore, stderrLines, type Athlete, type Store } from '../robustness/harness.js';
import { tempCoachHome } from '../support/cli.js';

/**
 * Two athletes in one COACH_HOME (one database). User B, selected with COACH_USER, tries every
 * command on user A's ids and names: each is refused with one line, and A's rows are
 * byte-for-byte unchanged. Runs on the server when TEST_DATABASE_URL is set, else on PGlite.
 */
describe('per-user isolation across commands (built binary)', () => {
  it('user B cannot see, show, edit, remove or analyse user A\'s configs, races, zones or analyses', async () => {
    const home = tempCoachHome();
    const store: Store = await openStore(home);
    try {
      const a: Athlete = await newAthlete({ home, env: store.env, email: 'a@example.com' });
      const asA = (args: string[], input?: string) => a.run(args, { input, env: { COACH_USER: 'a@example.com' } });
      const race = await asA(['race', 'add', '--name', 'A Secret Marathon', '--date', '2027-04-11', '--priority', 'A', '--json']);
      expect(race.code, race.stderr).toBe(0);
      const raceId: string = JSON.parse(race.stdout).race.id;
      expect((await asA(['config', 'create', 'a-private', '--analysis-context', 'A only'])).code).toBe(0);
      expect((await asA(['zones', 'set', '--discipline', 'Running', '--zone', 'Z2=140-152 bpm'])).code).toBe(0);
      expect((await asA(['garmin', 'link', '--email', 'a@garmin.example', '--password-stdin'], 'a garmin password')).code).toBe(0);
      const analysis = await asA(['analyze', '--provider', 'offline', '--no-hitl', '--json']);
      expect(analysis.code, analysis.stderr).toBe(0);
      const analysisId: string = JSON.parse(analysis.stdout).analysis.id;

      await newAthlete({ home, env: store.env, email: 'b@example.com' });
      const before = await store.fingerprint();
      const asB = (args: string[]) => a.run(args, { env: { COACH_USER: 'b@example.com' } });

      const refused: string[][] = [
        ['race', 'edit', raceId, '--name', 'hijacked'],
        ['race', 'edit', raceId.slice(0, 8), '--name', 'hijacked'],
        ['race', 'edit', 'A Secret Marathon', '--name', 'hijacked'],
        ['race', 'remove', raceId],
        ['race', 'list', '--config', 'a-private'],
        ['config', 'show', 'a-private'],
        ['config', 'show', '--config', 'a-private', '--json'],
        ['config', 'edit', 'a-private', '--analysis-context', 'hijacked'],
        ['config', 'activate', 'a-private'],
        ['config', 'delete', 'a-private'],
        ['zones', 'list', '--config', 'a-private'],
        ['results', 'show', analysisId],
        ['results', 'show', analysisId.slice(0, 8)],
        ['results', 'export', analysisId, '--format', 'json'],
        ['analyze', '--resume', analysisId, '--provider', 'offline'],
      ];
      for (const args of refused) {
        const result = await asB(args);
        expect(result.code, `B: coach ${args.join(' ')} -> ${result.stdout}${result.stderr}`).not.toBe(0);
        expect(stderrLines(result), `B: coach ${args.join(' ')}`).toHaveLength(1);
        expect(result.stderr).toMatch(/^coach: /);
        // Nothing of A's that B did not type comes back (echoing B's own argument is fine).
        for (const secret of ['A Secret Marathon', 'A only', raceId, analysisId]) {
          if (!args.some((arg) => arg.includes(secret))) expect(result.stdout + result.stderr, `B: coach ${args.join(' ')}`).not.toContain(secret);
        }
      }
      // Lists show only B's own things.
      const races = JSON.parse((await asB(['race', 'list', '--json'])).stdout);
      expect(races.races).toEqual([]);
      const configs = JSON.parse((await asB(['config', 'list', '--json'])).stdout);
      expect(configs.configs.map((c: { name: string }) => c.name)).toEqual(['main']);
      const zones = JSON.parse((await asB(['zones', 'list', '--json'])).stdout);
      expect(zones.zones).toEqual([]);
      const garmin = JSON.parse((await asB(['garmin', 'status', '--json'])).stdout);
      expect(garmin.garmin.linked).toBe(false);
      const results = await asB(['results', 'list', '--json']);
      expect(results.code, results.stderr).toBe(0);
      expect(results.stdout).not.toContain(analysisId);
      const latest = await asB(['results', 'export', '--latest', '--format', 'json']);
      expect(latest.code).not.toBe(0);
      expect(latest.stdout).not.toContain(analysisId);

      expect(await store.fingerprint()).toEqual(before);
    } finally {
      await store.dispose();
    }
  }, 900_000);
});
