import { beforeAll, describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../../support/cli.js';
import { seedUser } from './seed-user.js';

const SLOW = 600_000;

describe('coach zones suggest / coach db rescore (built binary)', { timeout: SLOW }, () => {
  let home: string;
  const coach = (args: string[]) => runCoach(args, { env: { COACH_HOME: home, COACH_TODAY: '2026-11-25' } });

  beforeAll(async () => {
    home = tempCoachHome();
    await seedUser(home);
    const created = await coach(['config', 'create', 'main', '--activities-days', '28']);
    expect(created.code, created.stderr).toBe(0);
  }, SLOW);

  it('says there is nothing to suggest without maximal efforts, as text and as JSON, and setting zones re-scores nothing', async () => {
    const set = await coach(['zones', 'set', '--discipline', 'Cycling', '--zone', 'FTP=250 W', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).rescore).toMatchObject({ activities: 0, updated: 0 });
    const text = await coach(['zones', 'suggest']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/too few maximal efforts/);
    const doc = JSON.parse((await coach(['zones', 'suggest', '--json', '--apply'])).stdout);
    expect(doc).toMatchObject({ config: { name: 'main' }, today: '2026-11-25', suggestions: [], applied: false, rescore: null });
  });

  it('re-scores the stored activities on demand', async () => {
    const result = await coach(['db', 'rescore', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ activities: 0, updated: 0, normalizedPower: 0, zones: 0 });
    expect((await coach(['db', 'rescore'])).stderr).toMatch(/0 activities: nothing to re-score/);
  });
});
