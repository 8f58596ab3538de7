import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/analytics/calendar.js';
import { constraintsFromText, NO_CONSTRAINTS } from '../../../src/plan/athlete-constraints.js';
import { SEASON_MAX_GROWTH, seasonOutlineOf } from '../../../src/plan/season-outline.js';
import { historyFacts, RUNNER, TODAY, TRIATHLETE } from '../../support/plan-histories.js';

const MARATHON = { id: 'm', name: 'Spring Marathon', date: addDays(TODAY, 140), race_type: 'Marathon', priority: 'A' as const, target_time: '03:30:00' };
const TUNE_UP = { id: 'h', name: 'Harbour Half', date: addDays(TODAY, 84), race_type: 'Half Marathon', priority: 'B' as const, target_time: null };

describe('season outline', () => {
  const facts = historyFacts({ today: TODAY, template: RUNNER, races: [MARATHON, TUNE_UP] });
  const plain = seasonOutlineOf(facts, NO_CONSTRAINTS);

  it('blocks from tomorrow to the A race and after it, back to back, with weekly volume, longest session and focus per block', () => {
    expect(plain.blocks.map((b) => b.phase)).toEqual(['base', 'build', 'peak', 'taper', 'race', 'recovery']);
    expect(plain.blocks[0]!.from).toBe(addDays(TODAY, 1));
    for (let i = 1; i < plain.blocks.length; i++) expect(daysBetween(plain.blocks[i - 1]!.to, plain.blocks[i]!.from)).toBe(1);
    expect(plain.blocks.find((b) => b.phase === 'race')).toMatchObject({ from: MARATHON.date, to: MARATHON.date, raceId: 'm', focus: 'Spring Marathon, target 03:30:00' });
    const target = (b: (typeof plain.blocks)[number], sport: string) => b.sports.find((t) => t.sport === sport)!;
    const weekly = plain.blocks.map((b) => target(b, 'running').weekly_min);
    const [base, build, peak, taper] = weekly;
    // Grows from the last 4 weeks' ~170 min, within the season cap; held in peak; down in the taper.
    expect(base!).toBeGreaterThan(170);
    expect(build!).toBeGreaterThanOrEqual(base!);
    expect(build!).toBeLessThanOrEqual(Math.round((171 * SEASON_MAX_GROWTH) / 5) * 5 + 5);
    expect(peak).toBe(build);
    expect(taper!).toBeLessThan(peak! * 0.7);
    // The long run grows towards the marathon's demand over the blocks, never in one jump.
    const longs = plain.blocks.slice(0, 3).map((b) => target(b, 'running').longest_min);
    expect(longs[0]!).toBeGreaterThan(75);
    expect(longs[2]!).toBeLessThanOrEqual(165);
    expect(longs[0]! - 75).toBeLessThanOrEqual(10 * plain.blocks[0]!.weeks + 5);
    // The B race sits in its block with its handling.
    const withB = plain.blocks.find((b) => b.races.length)!;
    expect(withB.races[0]).toMatchObject({ name: 'Harbour Half', priority: 'B', handling: expect.stringContaining('mini-taper') });
    expect(TUNE_UP.date >= withB.from && TUNE_UP.date <= withB.to).toBe(true);
    expect(plain.constraints).toEqual([]);
  });

  it('"left knee sore": running progression slows, and the outline says so', () => {
    const words = ['My left knee is sore after the long run.'];
    const knee = seasonOutlineOf(facts, constraintsFromText(words), words);
    const build = (o: typeof plain) => o.blocks.find((b) => b.phase === 'build')!;
    const running = (o: typeof plain) => build(o).sports.find((t) => t.sport === 'running')!;
    expect(running(knee).weekly_min).toBeLessThan(running(plain).weekly_min);
    expect(running(knee).longest_min).toBeLessThan(running(plain).longest_min);
    expect(knee.constraints).toEqual([expect.stringMatching(/^running: you said "My left knee is sore after the long run\."/)]);
    expect(knee.constraints[0]).toContain('grow at half the usual rate');
  });

  it('a note about a race: matched to the calendar, or the athlete is told to add it', () => {
    const words = ['The Harbour Half is only a tune-up race.', 'I also signed up for a trail 10k in May.'];
    const outline = seasonOutlineOf(facts, constraintsFromText(words), words);
    expect(outline.constraints).toEqual([
      'you said "The Harbour Half is only a tune-up race.": Harbour Half (B, 2027-02-23) is in the outline',
      'you said "I also signed up for a trail 10k in May.": that race is not on your calendar; add it (coach race add) so the outline builds and tapers for it',
    ]);
    // Race words alone ("half", "marathon") pick out no race on the calendar.
    expect(seasonOutlineOf(facts, NO_CONSTRAINTS, ['My goal is a half marathon in the autumn.']).constraints[0]).toContain('that race is not on your calendar');
    expect(seasonOutlineOf(facts, NO_CONSTRAINTS, ['The spring marathon is my A race.']).constraints[0]).toContain('Spring Marathon (A, 2027-04-20) is in the outline');
  });

  it('without an A race: one base block, volume per sport for a triathlete', () => {
    const tri = seasonOutlineOf(historyFacts({ today: TODAY, template: TRIATHLETE }), NO_CONSTRAINTS);
    expect(tri.blocks.map((b) => b.phase)).toEqual(['base']);
    expect(tri.blocks[0]!.sports.map((t) => t.sport).sort()).toEqual(['cycling', 'running', 'swimming']);
  });
});
