// Offline `coach analyze` end to end on the embedded database over the generated training
// year (bench/generate-year.mjs, imported with `coach garmin import`): wall and CPU time of
// the whole process (start-up, open + migrate check, facts, graph, rows, report files),
// median of 5 after one warm-up. Target: < 3 s.
// Then model input tokens per analysis by ai_mode, in-process on the same data, with the
// scripted chat model at the model boundary counting prompt tokens (characters / 4).
// Target: <= 25k in standard mode.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COACH_BIN, measureCommand, ROOT } from '../lib.mjs';

export const name = 'analyze';

// The generated year runs from 2025-01-06 for 52 weeks; analyse as of its last day.
const TODAY = '2026-01-04';

function countFit(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).toLowerCase().endsWith('.fit')).length;
}

function coach(args, env, input) {
  const result = spawnSync(process.execPath, [COACH_BIN, ...args], { env, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`coach ${args.join(' ')} exited ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
  return result;
}

export async function run() {
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-analyze-'));
  let yearDir = join(ROOT, 'bench', 'data', 'year');
  let generated;
  try {
    if (countFit(yearDir) < 300) {
      generated = mkdtempSync(join(tmpdir(), 'coach-bench-year-'));
      const { generateYear } = await import(pathToFileURL(join(ROOT, 'bench', 'generate-year.mjs')).href);
      await generateYear({ out: generated });
      yearDir = generated;
    }
    const env = {
      ...process.env, COACH_HOME: home, COACH_TODAY: TODAY, NO_COLOR: '1', DATABASE_URL: '',
      ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', GOOGLE_API_KEY: '', OLLAMA_BASE_URL: '',
    };
    for (const key of ['DATABASE_URL', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GOOGLE_API_KEY', 'OLLAMA_BASE_URL']) delete env[key];
    coach(['init', '--email', 'bench@example.com', '--name', 'Bench Athlete', '--password-stdin'], env, 'Bench-passw0rd-long!\n');
    coach(['race', 'add', '--name', 'Spring Marathon', '--date', '2026-04-12', '--priority', 'A', '--type', 'Marathon', '--target-time', '03:15:00'], env);
    coach(['garmin', 'import', yearDir], env);
    const activities = countFit(yearDir);

    const timing = measureCommand(process.execPath, [COACH_BIN, 'analyze', '--provider', 'offline', '--json'], { runs: 5, env });

    // Token count by mode, in-process on the same database.
    const { openDatabase } = await import('../../dist/src/db/connection.js');
    const { runAnalysis } = await import('../../dist/src/workflow/run-analysis.js');
    const { ScriptedChatModel, scriptedPlanJson } = await import('../../dist/src/workflow/testing/scripted-chat-model.js');
    const { MODEL_NODES } = await import('../../dist/src/workflow/services.js');
    const { modelIdFor } = await import('../../dist/src/workflow/models.js');
    const { estimateCost } = await import('../../dist/src/workflow/pricing.js');
    const handle = await openDatabase({ dataDir: join(home, 'data', 'db'), lockWaitMs: 5000 });
    const rows = [];
    try {
      const user = await handle.db.selectFrom('user').select('id').executeTakeFirstOrThrow();
      for (const mode of ['development', 'standard', 'cost_effective']) {
        const model = new ScriptedChatModel((call) => (call.node === 'weekly_planner' ? scriptedPlanJson(call.prompt) : 'Keep building steadily.'));
        const models = Object.fromEntries(MODEL_NODES.map((node) => [node, { model, id: modelIdFor('anthropic', mode, node) }]));
        await runAnalysis({ db: handle.db, dialect: 'pglite', userId: user.id, mode, interactive: false, models, today: TODAY, writeFiles: null });
        const input = model.calls.reduce((s, c) => s + c.inputTokens, 0);
        const cost = estimateCost(model.calls.map((c) => ({ model: modelIdFor('anthropic', mode, c.node), inputTokens: c.inputTokens, outputTokens: 0 })));
        rows.push({ metric: `model input tokens per analysis, ${mode} (${model.calls.length} calls; input cost with Anthropic $${cost.dollars.toFixed(4)})`, value: input, unit: 'tokens', target: mode === 'standard' ? '<= 25000' : undefined });
      }
    } finally {
      await handle.close();
    }
    return [
      { metric: `offline coach analyze end to end, ${activities} activities (wall, median of 5)`, value: timing.wallMs / 1000, unit: 's', target: '< 3' },
      { metric: 'offline coach analyze (CPU time of the process, median of 5)', value: timing.cpuMs / 1000, unit: 's', target: '< 3' },
      ...rows,
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
    if (generated) rmSync(generated, { recursive: true, force: true });
  }
}
