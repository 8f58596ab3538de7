import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRulePlan } from '../../src/plan/build-plan.js';
import type { TrainingPlan, WorkoutStep } from '../../src/plan/plan.types.js';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { historyFacts, RUNNER, TODAY } from '../support/plan-histories.js';

describe('coach plan check (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coach-plan-check-'));
  const env = { COACH_HOME: tempCoachHome() };
  const write = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const plan: TrainingPlan = buildRulePlan(historyFacts({ today: TODAY, template: RUNNER }));

  it('a plan that keeps the rules: exit 0; --json says ok', async () => {
    const ok = await runCoach(['plan', 'check', write('ok.json', plan)], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    const json = await runCoach(['plan', 'check', join(dir, 'ok.json'), '--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, violations: [] });
  });

  it('a date 2025-02-30, a 700-minute step, a declared load the steps do not give: exit 1, one line each', async () => {
    const bad = structuredClone(plan);
    bad.days[2]!.date = '2025-02-30';
    const session = plan.days.flatMap((d) => d.sessions)[0]!;
    const day = bad.days.findIndex((d) => d.sessions.some((s) => s.id === session.id));
    const copy = bad.days[day]!.sessions[0]!;
    (copy.steps[0] as WorkoutStep).duration_s = 700 * 60;
    const run = await runCoach(['plan', 'check', write('bad.json', bad)], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain('days[2].date: "2025-02-30" is not a date (YYYY-MM-DD) [dates]');
    expect(lines.some((l) => l.startsWith(`days[${day}].sessions[0].steps[0].duration_s: 42000 s is not a step length`))).toBe(true);
    expect(run.stderr.trim()).toMatch(/bad\.json: \d+ problems$/);
  });

  it('seven 5-hour threshold runs declared at load 10 each, on one date: every lie is found', async () => {
    const lie = structuredClone(plan);
    const fiveHours: WorkoutStep = { kind: 'work', duration_s: 5 * 3600, target: { type: 'open' }, intensityFactor: 0.98 };
    lie.days = lie.days.map((d) => ({ date: TODAY, sessions: [{ ...plan.days.flatMap((x) => x.sessions).find((s) => s.type === 'threshold')!, date: TODAY, duration_min: 300, plannedLoad: 10, steps: [fiveHours] }] }));
    const run = await runCoach(['plan', 'check', write('lie.json', lie), '--json'], { env });
    expect(run.code).toBe(1);
    const rules = new Set((JSON.parse(run.stdout).violations as Array<{ rule: string }>).map((v) => v.rule));
    for (const rule of ['dates', 'load', 'hard_sessions', 'hard_consecutive', 'easy_share']) expect(rules, rule).toContain(rule);
  });

  it('not JSON, or no file: one line and exit 1', async () => {
    const notJson = await runCoach(['plan', 'check', write('x.json', '{"days": [')], { env });
    expect(notJson.code).toBe(1);
    expect(notJson.stdout.trim()).toMatch(/^not JSON: .* \[json\]$/);
    const missing = await runCoach(['plan', 'check', join(dir, 'nope.json')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`coach: ${join(dir, 'nope.json')}: cannot read (ENOENT)`);
  });
});
