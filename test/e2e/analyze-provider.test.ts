import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedPlanJson } from '../../src/workflow/testing/scripted-chat-model.js';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { type FakeProvider, fakeProviderEnv, requestedSchema, startFakeProvider } from '../support/fake-providers.js';

/**
 * The built binary against a local OpenAI-compatible server (what a vLLM or LiteLLM gateway
 * looks like): base URL from the environment, models by role from --model, tokens and cost
 * recorded, an invented number flagged in the terminal and the JSON, a failed run's cost kept.
 */
let fake: FakeProvider | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const findings = (assessment: string) => ({ assessment, findings: [{ kind: 'risk', text: assessment }], questions: [] });

const userPrompt = (body: Record<string, unknown>) => {
  const messages = (body.messages ?? []) as { role: string; content: string }[];
  return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
};

describe('coach analyze through an OpenAI-compatible gateway (built binary)', () => {
  it('uses the base URL and --model per role, flags an invented number, and records the cost', async () => {
    // The experts and the weekly planner ask for JSON by schema (response_format json_schema); the others for text.
    fake = await startFakeProvider('openai', (body) => {
      const prompt = userPrompt(body);
      const schema = requestedSchema('openai', body)?.name;
      if (schema === 'plan_proposal') return { text: '', structured: JSON.parse(scriptedPlanJson(prompt)), inputTokens: 900, outputTokens: 300 };
      if (schema === 'expert_findings') return { text: '', structured: findings('Your CTL of 999 is dangerously high.'), inputTokens: 800, outputTokens: 40 };
      return { text: 'Your CTL of 999 is dangerously high.', inputTokens: 800, outputTokens: 40 };
    });
    const home = tempCoachHome();
    const env = { COACH_HOME: home, COACH_TODAY: '2026-11-25', ANTHROPIC_API_KEY: undefined, GOOGLE_API_KEY: undefined, OLLAMA_BASE_URL: undefined, ...fakeProviderEnv(fake), COACH_MODEL_RETRY_BASE_MS: '10' };
    const init = await runCoach(['init', '--email', 'gw@example.com', '--name', 'Gia', '--password-stdin'], { env, input: 'Str0ng-passw0rd-x!\n' });
    expect(init.code, init.stderr).toBe(0);
    // The config file picks the planners' model and the experts'; --model wins for the experts.
    const file = join(home, 'gateway.yaml');
    writeFileSync(file, 'name: gateway\nmodels:\n  planners: cfg-planner-model\n  experts: cfg-expert-model\n');
    const imported = await runCoach(['config', 'import', file, '--activate'], { env });
    expect(imported.code, imported.stderr).toBe(0);

    const result = await runCoach(['analyze', '--provider', 'openai', '--no-hitl', '--model', 'experts=gpt-5-nano', '--model', 'synthesis=gpt-5'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/check: \d+ number\(s\) in the model's text were not found in your data:/);
    expect(result.stderr).toContain('999 (expert_load)');
    const models = fake.requests.map((r) => r.body?.model);
    expect(models.filter((m) => m === 'gpt-5-nano')).toHaveLength(3);
    expect(models).toContain('gpt-5');
    // The weekly planner (the season planner needs an A race, which this config has none of).
    expect(fake.requests.filter((r) => r.body?.model === 'cfg-planner-model').map((r) => requestedSchema('openai', r.body ?? {})?.name)).toEqual(['plan_proposal']);
    expect(models).not.toContain('cfg-expert-model');
    const schemas = fake.requests.map((r) => requestedSchema('openai', r.body ?? {})?.name);
    expect(schemas.filter((n) => n === 'expert_findings')).toHaveLength(3);
    expect(schemas.filter((n) => n === 'plan_proposal')).toHaveLength(1);
    const id = /analysis ([0-9a-f-]{36}) completed/.exec(result.stderr)![1];

    const shown = await runCoach(['results', 'show', id, '--json'], { env });
    expect(shown.code, shown.stderr).toBe(0);
    const detail = JSON.parse(shown.stdout);
    const analysis = detail.analysis ?? detail;
    expect(Number(analysis.totalTokens)).toBeGreaterThan(0);
    expect(Number(analysis.estimatedCost)).toBeGreaterThan(0);
    expect(JSON.stringify(detail)).toContain('999');

    // A provider that then fails for good: the failed run still shows what its calls cost.
    // The three experts are answered (and billed); every later request gets a 401.
    let served = 0;
    fake.reply = () => {
      if (++served >= 3) fake!.faults.push({ kind: 'status', status: 401, message: 'key revoked' });
      return { text: '', structured: findings('Load is fine.'), inputTokens: 500, outputTokens: 10 };
    };
    // (Without --model the experts now take the config's model, which has no price: name a priced one.)
    const before = fake.requests.length;
    const failed = await runCoach(['analyze', '--provider', 'openai', '--no-hitl', '--json', '--model', 'experts=gpt-5-nano'], { env, timeoutMs: 120_000 });
    expect(new Set(fake.requests.slice(before, before + 3).map((r) => r.body?.model))).toEqual(new Set(['gpt-5-nano']));
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n').at(-1)).toMatch(/^coach: analysis [0-9a-f-]{36} failed: .*401.*--resume/);
    const failedId = /analysis ([0-9a-f-]{36}) failed/.exec(failed.stderr)![1];
    const failedShown = JSON.parse((await runCoach(['results', 'show', failedId, '--json'], { env })).stdout);
    const failedAnalysis = failedShown.analysis ?? failedShown;
    expect(failedAnalysis.status).toBe('failed');
    expect(Number(failedAnalysis.totalTokens)).toBeGreaterThanOrEqual(1500);
    expect(Number(failedAnalysis.estimatedCost)).toBeGreaterThan(0);
  }, 300_000);

  it('refuses a plain-http gateway that is not on this machine, in one line', async () => {
    const home = tempCoachHome();
    const env = { COACH_HOME: home, OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://gateway.example.com/v1' };
    const init = await runCoach(['init', '--email', 'gx@example.com', '--name', 'Gx', '--password-stdin'], { env, input: 'Str0ng-passw0rd-x!\n' });
    expect(init.code, init.stderr).toBe(0);
    const result = await runCoach(['analyze', '--provider', 'openai', '--no-hitl'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^coach: OPENAI_BASE_URL must be https \(http only for localhost\)/)]);
    expect(result.stderr).not.toContain('sk-x');
  }, 120_000);
});
