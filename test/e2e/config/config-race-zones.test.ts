import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Every command that opens the embedded database starts PGlite (seconds on a loaded machine),
// so these tests get generous time.
const SLOW = 600_000;
import { runCoach, tempCoachHome, type CliResult } from '../../support/cli.js';
import { rowCounts, seedUser } from './seed-user.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../config.example.yaml');

/** The date `days` from today (local time), as the CLI computes "today". */
function inDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function expectOk(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

function json(result: CliResult) {
  expectOk(result);
  const doc = JSON.parse(result.stdout);
  expect(doc.schemaVersion).toBe(1);
  return doc;
}

/** One line on stderr starting with "coach:", nothing on stdout, a non-zero exit. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stdout + result.stderr).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^coach: /);
  expect(lines[0]).toMatch(pattern);
}

describe('coach config / race / zones (built binary, flags only)', { timeout: SLOW }, () => {
  let home: string;
  const coach = (args: string[], input?: string) => runCoach(args, { env: { COACH_HOME: home }, input });

  beforeAll(async () => {
    home = tempCoachHome();
    await seedUser(home);
  }, SLOW);

  it('creates, lists, shows, edits and activates configs', async () => {
    expectOk(await coach(['config', 'create', 'main', '--ai-mode', 'cost_effective', '--no-plotting', '--activities-days', '28']));
    const base = json(
      await coach([
        'config', 'create', 'base', '--json', '--metrics-days', '90', '--no-hitl', '--skip-synthesis',
        '--analysis-context', 'Knee surgery in 2024.\nRebuild slowly.', '--planning-context', 'Mon/Wed/Sat', '--output-directory', '/tmp/out',
      ]),
    );
    expect(base.config).toMatchObject({
      name: 'base', active: false, metricsDays: 90, activitiesDays: 21, hitlEnabled: false, skipSynthesis: true,
      enablePlotting: true, aiMode: 'standard', analysisContext: 'Knee surgery in 2024.\nRebuild slowly.',
      planningContext: 'Mon/Wed/Sat', outputDirectory: '/tmp/out',
    });

    const list = json(await coach(['config', 'list', '--json']));
    expect(list.configs.map((c: { name: string; active: boolean }) => [c.name, c.active])).toEqual([['main', true], ['base', false]]);
    expect(list.configs[0]).toMatchObject({ aiMode: 'cost_effective', enablePlotting: false, activitiesDays: 28 });

    const edited = json(await coach(['config', 'edit', 'base', '--rename', 'winter', '--plotting', '--ai-mode', 'Development', '--output-directory', '', '--json']));
    expect(edited.config).toMatchObject({ name: 'winter', enablePlotting: true, aiMode: 'development', outputDirectory: null });

    expectOk(await coach(['config', 'activate', 'winter']));
    const shown = json(await coach(['config', 'show', '--json']));
    expect(shown.config).toMatchObject({ name: 'winter', active: true });
    expect(shown).toMatchObject({ competitions: [], zones: [] });
    expectOk(await coach(['config', 'activate', 'main']));

    const text = expectOk(await coach(['config', 'list']));
    expect(text.stdout).toMatch(/^\*\tmain\tcost_effective/m);
  });

  it('adds races, lists them by date with weeks to race and past races marked, edits and removes', async () => {
    const marathon = json(
      await coach(['race', 'add', '--name', 'City Marathon', '--date', inDays(70), '--priority', 'a', '--target-time', '3:15:00',
        '--type', 'Marathon', '--runreg-url', 'https://www.runreg.com/city', '--json']),
    );
    expect(marathon.race).toMatchObject({ priority: 'A', targetTime: '03:15:00', weeksToRace: 10, daysToRace: 70, past: false });
    expectOk(await coach(['race', 'add', '--name', 'Gran Fondo', '--date', inDays(20), '--priority', 'C', '--bikereg-id', '4242']));
    expectOk(await coach(['race', 'add', '--name', 'Last year', '--date', inDays(-30)]));
    expectOk(await coach(['race', 'add', '--name', 'Winter race', '--date', inDays(5), '--config', 'winter']));

    const list = json(await coach(['race', 'list', '--json']));
    expect(list.config.name).toBe('main');
    expect(list.races.map((r: { name: string }) => r.name)).toEqual(['Last year', 'Gran Fondo', 'City Marathon']);
    expect(list.races[0]).toMatchObject({ past: true, priority: 'B', daysToRace: -30 });
    expect(list.races[1]).toMatchObject({ bikeregId: 4242, weeksToRace: 2, past: false });
    const upcoming = json(await coach(['race', 'list', '--upcoming', '--json']));
    expect(upcoming.races).toHaveLength(2);
    const winter = json(await coach(['race', 'list', '--config', 'winter', '--json']));
    expect(winter.races.map((r: { name: string }) => r.name)).toEqual(['Winter race']);

    const table = expectOk(await coach(['race', 'list']));
    expect(table.stdout).toMatch(/Last year.*\tpast$/m);
    expect(table.stdout).toMatch(/City Marathon\tMarathon\tA\t03:15:00\t10\tin 10 wk$/m);

    const edited = json(await coach(['race', 'edit', 'city marathon', '--priority', 'B', '--target-time', '', '--json']));
    expect(edited.race).toMatchObject({ name: 'City Marathon', priority: 'B', targetTime: null });
    expectOk(await coach(['race', 'edit', marathon.race.id.slice(0, 8), '--name', 'Big City Marathon']));
    expectOk(await coach(['race', 'remove', 'Gran Fondo']));
    const after = json(await coach(['race', 'list', '--json']));
    expect(after.races.map((r: { name: string }) => r.name)).toEqual(['Last year', 'Big City Marathon']);
  });

  it('sets, lists and removes zones per discipline', async () => {
    const set = json(
      await coach(['zones', 'set', '--discipline', 'running', '--zone', 'Z2=140-152 bpm', '--zone', 'Threshold HR=172 bpm', '--json']),
    );
    expect(set.zones.map((z: { metricDescription: string; zoneValue: string }) => `${z.metricDescription}=${z.zoneValue}`)).toEqual([
      'Z2=140-152 bpm',
      'Threshold HR=172 bpm',
    ]);
    expectOk(await coach(['zones', 'set', '--discipline', 'Cycling', '--zone', 'FTP=250 W', '--zone', 'Z2 = 140-190 W']));
    expectOk(await coach(['zones', 'set', '--discipline', 'Running', '--zone', 'Z2=142-154 bpm']));
    const list = json(await coach(['zones', 'list', '--json']));
    expect(list.zones.map((z: { discipline: string; metricDescription: string; zoneValue: string }) => [z.discipline, z.metricDescription, z.zoneValue])).toEqual([
      ['Cycling', 'FTP', '250 W'],
      ['Cycling', 'Z2', '140-190 W'],
      ['Running', 'Z2', '142-154 bpm'],
      ['Running', 'Threshold HR', '172 bpm'],
    ]);
    expectOk(await coach(['zones', 'remove', '--discipline', 'cycling', '--zone', 'Z2']));
    const running = json(await coach(['zones', 'list', '--discipline', 'Running', '--json']));
    expect(running.zones).toHaveLength(2);
    const text = expectOk(await coach(['zones', 'list']));
    expect(text.stdout).toMatch(/^Cycling\tFTP\t250 W$/m);
  });

  it('exports YAML that imports back to the same config (round trip through the binary)', async () => {
    const file = join(home, 'main.yaml');
    expectOk(await coach(['config', 'export', '-o', file]));
    const exported = readFileSync(file, 'utf8');
    expect(exported).toMatch(/^name: main$/m);
    expect(exported).toContain('Threshold HR: 172 bpm');
    const stdoutExport = expectOk(await coach(['config', 'export', 'main']));
    expect(stdoutExport.stdout.replace(/^#.*\n/gm, '')).toBe(exported.replace(/^#.*\n/gm, ''));

    const before = json(await coach(['config', 'show', 'main', '--json']));
    writeFileSync(join(home, 'copy.yaml'), exported.replace(/^name: main$/m, 'name: copy'));
    const imported = json(await coach(['config', 'import', join(home, 'copy.yaml'), '--json']));
    expect(imported).toMatchObject({ created: true, competitions: 2, zones: 3 });
    const copy = json(await coach(['config', 'show', '--config', 'copy', '--json']));
    const strip = (doc: typeof before) => ({
      config: { ...doc.config, id: undefined, name: undefined, active: undefined, createdAt: undefined, updatedAt: undefined },
      competitions: doc.competitions.map((r: object) => ({ ...r, id: undefined })),
      zones: doc.zones.map((z: object) => ({ ...z, id: undefined })),
    });
    expect(strip(copy)).toEqual(strip(before));
    // Importing again replaces rather than duplicates.
    const again = json(await coach(['config', 'import', join(home, 'copy.yaml'), '--json']));
    expect(again.created).toBe(false);
  });

  it('imports config.example.yaml over the existing config and deletes a config', async () => {
    const result = expectOk(await coach(['config', 'import', EXAMPLE]));
    expect(result.stderr).toMatch(/replaced training config "main" \(active\): 2 races, 7 zones/);
    expectOk(await coach(['config', 'delete', 'copy']));
    const list = json(await coach(['config', 'list', '--json']));
    expect(list.configs.map((c: { name: string }) => c.name).sort()).toEqual(['main', 'winter']);
  });
});

describe('coach config / race / zones: bad input writes nothing', { timeout: SLOW }, () => {
  let home: string;
  const coach = (args: string[]) => runCoach(args, { env: { COACH_HOME: home } });

  beforeAll(async () => {
    home = tempCoachHome();
    await seedUser(home);
    expectOk(await coach(['config', 'create', 'main']));
    expectOk(await coach(['race', 'add', '--name', 'A race', '--date', '2030-01-01']));
  }, SLOW);

  it('rejects every bad value with one line on stderr and a non-zero exit, and the row counts stay the same', async () => {
    const before = await rowCounts(home);
    const bad = join(home, 'bad.yaml');
    const malformed = join(home, 'malformed.yaml');
    const unknown = join(home, 'unknown.yaml');
    writeFileSync(bad, 'name: imported\ncompetitions:\n  - name: ok\n    date: 2027-01-01\n  - name: bad\n    date: 2027-13-01\n    priority: D\n');
    writeFileSync(malformed, 'name: imported\ncompetitions: [\n  - {name: x\n');
    writeFileSync(unknown, 'name: imported\nathlete:\n  nmae: Jane\n');
    const cases: Array<[string[], RegExp]> = [
      [['race', 'add', '--name', 'X', '--date', '2027-02-30'], /--date: not a date \(YYYY-MM-DD\): 2027-02-30/],
      [['race', 'add', '--name', 'X', '--date', '11/04/2027'], /--date: not a date/],
      [['race', 'add', '--name', 'X', '--date', '2027-04-11', '--priority', 'D'], /--priority: must be A, B or C, not D/],
      [['race', 'add', '--name', 'X', '--date', '2027-04-11', '--target-time', '25:00:00'], /--target-time: not a time HH:MM:SS/],
      [['race', 'add', '--name', 'X', '--date', '2027-04-11', '--runreg-url', 'javascript:alert(1)'], /--runreg-url: not an http\(s\) URL/],
      [['race', 'add', '--name', 'X', '--date', '2027-04-11', '--bikereg-id', '1.5'], /--bikereg-id: not a positive whole number/],
      [['race', 'add', '--name', 'X', '--date', '2027-04-11', '--config', 'nope'], /no training config named "nope"/],
      [['race', 'add', '--date', '2027-04-11'], /needs --name and --date/],
      [['race', 'add', '--name', 'bell\u0007', '--date', '2027-04-11'], /--name: contains control characters/],
      [['race', 'add', '--name', 'x'.repeat(5000), '--date', '2027-04-11'], /--name: too long \(5000 characters, at most 200\)/],
      [['race', 'remove', "' OR 1=1 --"], /no race "' OR 1=1 --"/],
      [['config', 'create', 'x', '--activities-days', '0'], /--activities-days: not a whole number of days from 1 to 3650: 0/],
      [['config', 'create', 'x', '--activities-days', '-1'], /--activities-days: not a whole number/],
      [['config', 'create', 'x', '--metrics-days', 'abc'], /--metrics-days: not a whole number/],
      [['config', 'create', 'x', '--metrics-days', '1.5'], /--metrics-days: not a whole number/],
      [['config', 'create', 'x', '--metrics-days', '99999'], /--metrics-days: not a whole number/],
      [['config', 'create', 'x', '--ai-mode', 'turbo'], /--ai-mode: must be one of development, standard, cost_effective/],
      [['config', 'create', 'x', '--analysis-context', 'y'.repeat(20_001)], /--analysis-context: too long/],
      [['config', 'create', 'main'], /a training config named "main" already exists/],
      [['config', 'create'], /missing the config name/],
      [['config', 'show', 'nope'], /no training config named "nope"/],
      [['config', 'activate', 'nope'], /no training config named "nope"/],
      [['config', 'import', bad], /bad\.yaml: 2 problems: competitions\[1\]\.date: not a date \(YYYY-MM-DD\): 2027-13-01; competitions\[1\]\.priority/],
      [['config', 'import', malformed], /malformed\.yaml: .*not valid YAML/],
      [['config', 'import', unknown], /unknown\.yaml: athlete\.nmae: unknown key/],
      [['config', 'import', join(home, 'missing.yaml')], /missing\.yaml: no such file/],
      [['zones', 'set', '--discipline', 'Rowing', '--zone', 'Z2=1'], /--discipline: must be Running, Cycling or Swimming/],
      [['zones', 'set', '--discipline', 'Running', '--zone', 'Z2'], /--zone: expected NAME=VALUE/],
      [['zones', 'set', '--discipline', 'Running', '--zone', `Z2=${'9'.repeat(51)}`], /--zone value: too long \(51 characters, at most 50\)/],
      [['zones', 'remove', '--discipline', 'Running', '--zone', 'Nope'], /no Running zone "Nope"/],
    ];
    for (const [args, pattern] of cases) expectOneLineError(await coach(args), pattern);
    expect(await rowCounts(home)).toEqual(before);
  });

  it('stores hostile but valid text exactly as typed (SQL metacharacters, quotes, emoji)', async () => {
    const name = `Robert'); DROP TABLE competition;-- "🏃‍♀️" \\ %_ $1`;
    const added = json(await coach(['race', 'add', '--name', name, '--date', '2030-02-02', '--type', '🚴 Gran Fondo', '--json']));
    expect(added.race.name).toBe(name);
    const list = json(await coach(['race', 'list', '--json']));
    expect(list.races.map((r: { name: string }) => r.name)).toContain(name);
    expectOk(await coach(['race', 'remove', name]));
  });

  it('says what to do when there is no current user', async () => {
    const empty = tempCoachHome();
    expectOneLineError(await runCoach(['race', 'list'], { env: { COACH_HOME: empty } }), /no current user: run `coach init`/);
  });
});
