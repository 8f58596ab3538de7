import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../../support/cli.js';

const SLOW = 600_000;

describe('training config availability (built binary)', () => {
  const env = { COACH_HOME: tempCoachHome(), NO_COLOR: '1' };
  const dir = mkdtempSync(join(tmpdir(), 'coach-availability-'));
  const coach = (args: string[]) => runCoach(args, { env });
  const show = async (name: string) => JSON.parse((await coach(['config', 'show', name, '--json'])).stdout).availability;

  beforeAll(async () => {
    const init = await runCoach(['init', '--email', 'av@example.com', '--name', 'Ava', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
  }, SLOW);

  it('config create/edit carry minutes per weekday, rest days, two-a-day and the long day', async () => {
    const created = await coach(['config', 'create', 'week', '--day-minutes', 'mon=0,tue=60,thu=1h,sat=45,sun=2h', '--rest-days', 'mon,wed,fri', '--long-day', 'sun']);
    expect(created.code, created.stderr).toBe(0);
    expect(await show('week')).toEqual({ minutes: { mon: 0, tue: 60, thu: 60, sat: 45, sun: 120 }, restDays: ['mon', 'wed', 'fri'], twoADay: false, longDay: 'sun' });
    const edited = await coach(['config', 'edit', 'week', '--two-a-day', '--day-minutes', 'thu=', '--rest-days', '']);
    expect(edited.code, edited.stderr).toBe(0);
    expect(await show('week')).toEqual({ minutes: { mon: 0, tue: 60, sat: 45, sun: 120 }, restDays: [], twoADay: true, longDay: 'sun' });
    expect((await coach(['config', 'show', 'week'])).stdout).toContain('availability       mon 0, tue 60, sat 45, sun 120 min; long sun; two a day');
  }, SLOW);

  it('25 hours, negative minutes, an unknown weekday, a long day that is a rest day: one line, exit 1, nothing stored', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--day-minutes', 'tue=25h'], /^coach: --day-minutes tue: 25 h is more than a day has \(at most 24 h\)$/],
      [['--day-minutes', 'tue=-5'], /^coach: --day-minutes tue: -5 minutes: cannot be negative$/],
      [['--day-minutes', 'funday=30'], /^coach: --day-minutes: "funday" is not a weekday/],
      [['--rest-days', 'mon,someday'], /^coach: --rest-days: "someday" is not a weekday/],
      [['--long-day', 'sun', '--rest-days', 'sun'], /^coach: availability: the long day sun is also a rest day$/],
    ];
    for (const [flags, message] of cases) {
      const result = await coach(['config', 'create', 'bad', ...flags]);
      expect(result.code, flags.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
      const edit = await coach(['config', 'edit', 'week', ...flags]);
      expect(edit.code).toBe(1);
    }
    const names = JSON.parse((await coach(['config', 'list', '--json'])).stdout).configs.map((c: { name: string }) => c.name);
    expect(names).not.toContain('bad');
    expect((await show('week')).minutes.tue).toBe(60);
  }, SLOW);

  it('the YAML file carries it both ways; a bad value in the file is refused with its field path', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'name: yaml-week\navailability:\n  minutes:\n    tue: 1h30\n    sun: 150\n  rest_days: [fri]\n  two_a_day: true\n  long_day: sun\n');
    const imported = await coach(['config', 'import', good]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await show('yaml-week')).toEqual({ minutes: { tue: 90, sun: 150 }, restDays: ['fri'], twoADay: true, longDay: 'sun' });
    const exported = await coach(['config', 'export', 'yaml-week']);
    expect(exported.stdout).toContain('availability:\n  minutes:\n    tue: 90\n    sun: 150\n  rest_days:\n    - fri\n  two_a_day: true\n  long_day: sun');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: yaml-bad\navailability:\n  minutes:\n    tue: 25h\n    someday: 30\n');
    const refused = await coach(['config', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('availability.minutes.tue: 25 h is more than a day has');
    expect(refused.stderr).toContain('availability.minutes.someday: unknown key');
    const names = JSON.parse((await coach(['config', 'list', '--json'])).stdout).configs.map((c: { name: string }) => c.name);
    expect(names).not.toContain('yaml-bad');
  }, SLOW);
});
