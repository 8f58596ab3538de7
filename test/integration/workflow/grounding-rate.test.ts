import { expect, it } from 'vitest';
import { buildFacts } from '../../../src/analytics/build-facts.js';
import type { Facts } from '../../../src/analytics/facts.types.js';
import { loadFactsInput } from '../../../src/db/training-data.repository.js';
import { slicesShown } from '../../../src/workflow/facts-slices.js';
import { groundingFlags, groundingIndex, type GroundingIndex } from '../../../src/workflow/grounding.js';
import { buildRulePlan } from '../../../src/plan/build-plan.js';
import { seasonPhases } from '../../../src/plan/season-outline.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

/**
 * The grounding check measured: random invented numbers put into sentences a coach would
 * write are flagged (>= 95%), and numbers copied from the facts the models were shown,
 * written as a model would (rounded, converted), never are.
 */
const SENTENCES: ((n: string) => string)[] = [
  (n) => `Your CTL of ${n} is dangerously high.`,
  (n) => `Fitness (CTL) has climbed to ${n}.`,
  (n) => `ATL is ${n}, so fatigue is building.`,
  (n) => `Form (TSB) sits at ${n} today.`,
  (n) => `An ACWR of ${n} puts you in the risk zone.`,
  (n) => `Your FTP is ${n} W.`,
  (n) => `Resting HR averaged ${n} bpm this week.`,
  (n) => `HRV came in at ${n} ms, below your baseline.`,
  (n) => `You covered ${n} km last week.`,
  (n) => `Last week's load was ${n}.`,
  (n) => `Sleep averaged ${n} h over the last 7 days.`,
  (n) => `Your threshold heart rate is ${n} bpm.`,
  (n) => `Monotony of ${n} means too little variation.`,
  (n) => `Keep the weekly load under ${n} next week.`,
];

/** A small deterministic generator, so the measured rate is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function falseAcceptRate(index: GroundingIndex, numbers: string[]): { rate: number; accepted: string[] } {
  const accepted: string[] = [];
  let total = 0;
  for (const sentence of SENTENCES) {
    for (const n of numbers) {
      total++;
      const text = sentence(n);
      if (groundingFlags(text, index).length === 0) accepted.push(text);
    }
  }
  return { rate: accepted.length / total, accepted };
}

/** Numbers a faithful model copies from what it was shown, in the words it would use. */
function copiedSentences(facts: Facts): string[] {
  const c = facts.load.current;
  const week = facts.load.weeks.at(-1)!;
  const r1 = (v: number) => String(Math.round(v * 10) / 10);
  const r0 = (v: number) => String(Math.round(v));
  const out = [
    `Your CTL of ${r1(c.ctl)} is steady.`, `Fitness (CTL) is ${r0(c.ctl)}.`, `ATL is ${r1(c.atl)}.`, `Form (TSB) sits at ${r1(c.tsb)}.`,
    `Last week's load was ${r0(week.load)}.`, `You covered ${r1(week.distance_m / 1000)} km last week.`,
    `That week took ${r1(week.duration_s / 3600)} h.`, `${week.sessions} sessions last week.`,
  ];
  if (c.acwrRolling !== null) out.push(`An ACWR of ${c.acwrRolling.toFixed(2)} is fine.`);
  const hrv = facts.wellness.hrv.latest_ms;
  if (hrv !== null) out.push(`HRV came in at ${r0(hrv)} ms.`);
  const rhr = facts.wellness.restingHr.avg7d_bpm;
  if (rhr !== null) out.push(`Resting HR averaged ${r0(rhr)} bpm this week.`);
  const sleep = facts.wellness.sleep.avg7d_s;
  if (sleep !== null) out.push(`Sleep averaged ${r1(sleep / 3600)} h over the last 7 days.`);
  for (const s of facts.load.sessions.slice(-5)) out.push(`On ${s.date} you did ${r1(s.duration_s / 60)} min with a load of ${r0(s.load)}.`);
  return out;
}

describeEachDatabase('grounding', ({ getDb }) => {
  it('flags >= 95% of invented numbers in realistic sentences and none copied from the facts', async () => {
    const db = getDb();
    const { user, config } = await seedAthlete(db);
    const facts = buildFacts(await loadFactsInput(db, { userId: user.id, configId: config.id, today: TODAY }));
    const plan = buildRulePlan(facts);
    const index = groundingIndex([...slicesShown(facts), seasonPhases(facts), plan]);

    const next = random(15);
    const integers = Array.from({ length: 60 }, () => String(1 + Math.floor(next() * 1000)));
    const decimals = Array.from({ length: 60 }, () => (Math.floor(next() * 1000) / 10).toFixed(1));
    const whole = falseAcceptRate(index, integers);
    const oneDecimal = falseAcceptRate(index, decimals);
    expect(whole.rate, whole.accepted.slice(0, 10).join('\n')).toBeLessThan(0.05);
    expect(oneDecimal.rate, oneDecimal.accepted.slice(0, 10).join('\n')).toBeLessThan(0.05);

    for (const sentence of copiedSentences(facts)) expect(groundingFlags(sentence, index), sentence).toEqual([]);
    // The plan's own numbers and their sums are grounded; a plan number called something else is not.
    const minutes = plan.days.flatMap((d) => d.sessions).reduce((s, x) => s + x.duration_min, 0);
    expect(groundingFlags(`The plan totals ${plan.totalPlannedLoad} load over ${minutes} minutes.`, index)).toEqual([]);
    expect(groundingFlags(`Your FTP is ${plan.totalPlannedLoad} W.`, index).map((f) => f.number)).toEqual([String(plan.totalPlannedLoad)]);
  });
});
