// The plan builder (src/plan) over the bench year: the 28-day rule plan and its validation,
// median of 50 runs after 10 warm-ups (wall and process CPU time). Target: < 20 ms for 28 days.
// Also the plan's running figures against the athlete's last 4 weeks (the complaint:
// 470 planned minutes against ~170 done, a 235-min long run against a 77-min longest).
import { buildFacts } from '../../dist/src/analytics/build-facts.js';
import { buildPlanFromContext } from '../../dist/src/plan/build-plan.js';
import { planContext } from '../../dist/src/plan/plan-context.js';
import { validatePlan } from '../../dist/src/plan/validate.js';
import { percentile } from '../lib.mjs';
import { yearFactsInput } from '../year-facts-input.mjs';

export const name = 'plan-build';

export async function run() {
  const facts = buildFacts(yearFactsInput());
  const build = () => {
    const ctx = planContext(facts);
    const plan = buildPlanFromContext(ctx);
    return { plan, violations: validatePlan(plan, ctx), ctx };
  };
  for (let i = 0; i < 10; i++) build();
  const wall = [];
  const cpu = [];
  let last;
  for (let i = 0; i < 50; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    last = build();
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const { plan, violations, ctx } = last;
  // The revision path: the same 28 days built again over the stored previous plan (keep, move, trim, list the changes).
  const revise = () => {
    const rctx = planContext(facts, { previous: plan });
    const revised = buildPlanFromContext(rctx);
    return validatePlan(revised, rctx).length;
  };
  for (let i = 0; i < 10; i++) revise();
  const revisionWall = [];
  let revisionViolations = 0;
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    revisionViolations += revise();
    revisionWall.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const runs = plan.days.flatMap((d) => d.sessions).filter((s) => s.sport === 'running');
  const history = ctx.history.sports.find((s) => s.sport === 'running');
  return [
    { metric: 'plan build + validate, 28 days (median of 50)', value: percentile(wall, 50), unit: 'ms', target: { max: 20 } },
    { metric: 'plan build + validate CPU time (median of 50)', value: percentile(cpu, 50), unit: 'ms' },
    { metric: 'plan violations (the validator on the rules\' own plan)', value: violations.length, unit: '', target: { max: 0 } },
    { metric: 'plan revision build + validate over the previous plan, 28 days (median of 50)', value: percentile(revisionWall, 50), unit: 'ms', target: { max: 20 } },
    { metric: 'revision violations (50 runs)', value: revisionViolations, unit: '', target: { max: 0 } },
    { metric: 'week 1 running minutes / last-4-week mean', value: `${runs.reduce((m, s) => m + s.duration_min, 0)} / ${history?.weeklyMin ?? 0}`, unit: 'min' },
    { metric: 'week 1 longest run / longest of last 4 weeks', value: `${Math.max(0, ...runs.map((s) => s.duration_min))} / ${history?.longestMin ?? 0}`, unit: 'min' },
  ];
}
