import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCoachHome } from '../support/cli.js';
import { encodeSyntheticActivity, RUN_WITH_HR, truncated, withBadCrc } from '../support/fit-fixtures.js';
import { writeZip, zipBytes } from '../support/zip-writer.js';
import { DATE_TIME_NUMBER_CASES, FIFO, FILE_CASES, HOSTILE_TEXT_CASES, importCases, type BadInputCase } from './bad-input-corpus.js';
import { newAthlete, openStore, stderrLines, type Athlete, type Fingerprint, type Store } from './harness.js';

/**
 * Every case of the corpus against the built binary: refused with one `coach: ` line, exit
 * non-zero, nothing on stdout, no row changed. With TEST_DATABASE_URL the rows are compared
 * around every case; on PGlite once around each group (opening it costs seconds).
 */
const fit = await (async () => {
  const good = await encodeSyntheticActivity(RUN_WITH_HR);
  const scratch = mkdtempSync(join(tmpdir(), 'coach-corpus-zip-'));
  writeZip(join(scratch, 'broken.zip'), [{ name: 'activity.fit', data: good, corrupt: true }]);
  writeZip(join(scratch, 'traversal.zip'), [{ name: '../../evil.fit', data: truncated(good) }]);
  const { readFileSync } = await import('node:fs');
  return {
    good,
    truncated: truncated(good),
    badCrc: withBadCrc(good),
    zipBroken: readFileSync(join(scratch, 'broken.zip')),
    zipTraversal: readFileSync(join(scratch, 'traversal.zip')),
    // Deflates to about 65 KB: a small archive that would inflate past the FIT cap.
    zipHugeEntry: zipBytes([{ name: 'huge.fit', data: new Uint8Array(65 * 1024 * 1024) }]),
  };
})();

const GROUPS: Array<[string, BadInputCase[]]> = [
  ['hostile text', HOSTILE_TEXT_CASES],
  ['dates, priorities, times, numbers, choices', DATE_TIME_NUMBER_CASES],
  ['files: YAML', FILE_CASES],
  ['files: FIT and zip', importCases(fit)],
];

for (const [group, cases] of GROUPS) {
  describe(`bad input is refused: ${group} (built binary)`, () => {
    let store: Store;
    let athlete: Athlete;
    let raceId = '';
    let baseline: Fingerprint;
    beforeAll(async () => {
      const home = tempCoachHome();
      store = await openStore(home);
      athlete = await newAthlete({ home, env: store.env, password: 'the right password' });
      const race = await athlete.run(['race', 'add', '--name', 'Existing Race', '--date', '2027-06-01', '--priority', 'A', '--json']);
      if (race.code !== 0) throw new Error(race.stderr);
      raceId = JSON.parse(race.stdout).race.id;
      baseline = await store.fingerprint();
    }, 300_000);
    afterAll(async () => {
      await store?.dispose();
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
      const dir = mkdtempSync(join(tmpdir(), 'coach-corpus-'));
      for (const [name, content] of Object.entries(testCase.files ?? {})) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        if (content === FIFO) execFileSync('mkfifo', [join(dir, name)]);
        else writeFileSync(join(dir, name), content);
      }
      const rawArgs = typeof testCase.args === 'function' ? testCase.args({ raceId }) : testCase.args;
      const args = rawArgs.map((a) => a.replaceAll('{dir}', dir).replaceAll('{race}', raceId).replaceAll('{email}', athlete.email));
      // Compared with the rows just before this case (not the group's start), so one case
      // that does write does not make every later case fail too.
      const before = store.perCaseFingerprints ? await store.fingerprint() : baseline;
      const result = await athlete.run(args, { input: testCase.input });
      const shown = `coach ${args.map((a) => (a.length > 60 ? `${a.slice(0, 20)}...(${a.length} chars)` : JSON.stringify(a))).join(' ')}\nexit ${result.code}\nstdout: ${result.stdout.slice(0, 300)}\nstderr: ${result.stderr.slice(0, 600)}`;
      expect(result.code, shown).not.toBe(0);
      expect(result.code, shown).not.toBeNull();
      expect(result.stdout, shown).toBe('');
      const lines = stderrLines(result);
      expect(result.stderr, shown).not.toMatch(/^\s+at /m);
      if (testCase.expect) expect(result.stderr, shown).toMatch(testCase.expect);
      if (testCase.name.startsWith('import:')) {
        expect(lines.at(-1), shown).toMatch(/^coach: /);
      } else {
        expect(lines, shown).toHaveLength(1);
        expect(lines[0], shown).toMatch(/^coach: /);
        // The message is a line of reasonable length, whatever the input was.
        expect(lines[0].length, shown).toBeLessThan(400);
      }
      // Nothing was written outside the folder by a traversing name.
      expect(existsSync(join(dir, '..', '..', 'evil.fit'))).toBe(false);
      if (store.perCaseFingerprints) expect(await store.fingerprint(), shown).toEqual(before);
    }, 120_000);

    it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('changed no row in any table (whole group, PGlite)', async () => {
      expect(await store.fingerprint()).toEqual(baseline);
    });
  });
}
