import { expect, it } from 'vitest';
import { addDays } from '../../../src/analytics/calendar.js';
import { findAnalysis } from '../../../src/db/analyses.repository.js';
import { outlineLabel } from '../../../src/plan/plan-text.js';
import type { TrainingPlan } from '../../../src/plan/plan.types.js';
import { runAnalysis } from '../../../src/workflow/run-analysis.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete, TODAY } from './seed-athlete.js';

/** Each date of the 28 days with its sessions in short words, 'rest' for none. */
function labels(plan: TrainingPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < 28; i++) out.set(addDays(plan.weekStart, i), 'rest');
  for (const s of [...plan.days.flatMap((d) => d.sessions), ...plan.weeks.flatMap((w) => w.sessions)]) {
    const label = outlineLabel(s).slice(6);
    out.set(s.date, out.get(s.date) === 'rest' ? label : `${out.get(s.date)} + ${label}`);
  }
  return out;
}

describeEachDatabase('the next analysis revises the stored plan', ({ getDb, target }) => {
  it('low HRV on day 2: only the gated days and the day the hard run moved to change, each change naming the recovery gate', async () => {
    const db = getDb();
    const { user } = await seedAthlete(db, { email: 'revision@example.com', hitl: false });
    const base = { db, dialect: target.name, userId: user.id, interactive: false, models: null, writeFiles: null } as const;
    const first = await runAnalysis({ ...base, today: TODAY });
    expect(first.status).toBe('completed');
    const before = (await findAnalysis(db, user.id, first.analysisId))!.weekly_plan as TrainingPlan;
    expect(before.changes).toBeUndefined();

    // The next morning: HRV well below baseline and resting HR up for the last nights.
    const tomorrow = addDays(TODAY, 1);
    await db.deleteFrom('daily_metric').where('user_id', '=', user.id).where('date', '>=', addDays(TODAY, -3)).execute();
    await db.insertInto('daily_metric').values([-3, -2, -1, 0, 1].map((d) => ({ user_id: user.id, date: addDays(TODAY, d), resting_hr: 60, hrv_nightly_avg: 33, sleep_duration_s: 26_000, sleep_score: 78 }))).execute();
    const second = await runAnalysis({ ...base, today: tomorrow });
    expect(second.status).toBe('completed');
    const after = (await findAnalysis(db, user.id, second.analysisId))!.weekly_plan as TrainingPlan;

    const gateRule = after.rules.find((r) => r.startsWith('recovery gate:'));
    expect(gateRule).toBeDefined();
    const gateEnd = /until \w{3} (\d{4}-\d\d-\d\d)/.exec(gateRule!)![1]!;
    const a = labels(before);
    const b = labels(after);
    const changed = [...b.keys()].filter((d) => a.has(d) && a.get(d) !== b.get(d));
    // The stored list is exactly the changed days, each with its rule.
    expect(after.changes!.map((c) => c.slice(0, 10))).toEqual(changed);
    for (const line of after.changes!) expect(line).toMatch(/^\d{4}-\d\d-\d\d: .+ -> .+ \(recovery gate \(.+\)$/);
    // Outside the gate only the day a gated hard or long session moved to, or an easy session shortened for the gate's lower volume.
    const gated = changed.filter((d) => d <= gateEnd);
    const outside = changed.filter((d) => d > gateEnd);
    expect(gated.length).toBeGreaterThan(0);
    for (const d of outside) expect(after.changes!.find((c) => c.startsWith(d))).toMatch(/moved here from|running at most about \d+ min this week/);
    expect(changed.length).toBeLessThanOrEqual(gated.length + 2);
    // Everything else kept date, sport, type and duration.
    const kept = [...b.keys()].filter((d) => a.has(d) && !changed.includes(d));
    expect(kept.length).toBeGreaterThanOrEqual(26 - changed.length);
    for (const d of after.days.filter((x) => x.date <= gateEnd)) expect(d.sessions.some((s) => s.intensity === 'hard' || s.type === 'long')).toBe(false);
  });
});
