// Offline `coach analyze` end to end over the generated training year (bench/generate-year.mjs,
// imported with `coach garmin import`): wall and CPU time of the whole process (start-up, open +
// migrate check, facts, graph, rows, report files), on the embedded database and on the
// Postgres server, each paired with its floor (bare PGlite open / bare pg connect + 1 query).
// Targets: <= 1.3 s on PGlite, <= 1.0 s on the server.
// Then model input tokens per analysis by ai_mode, in-process on the same data, with the
// scripted chat model at the model boundary counting prompt tokens (characters / 4).
// Target: <= 25k in standard mode.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coach, COACH_BIN, coachEnv, floors, measurePaired, ROOT, withServerDatabase } from '../lib.mjs';

export const name = 'analyze';

// The generated year runs from 2025-01-06 for 52 weeks; analyse as of its last day.
const TODAY = '2026-01-04';
const RUNS = 5;
const ANALYZE = [process.execPath, COACH_BIN, 'analyze', '--provider', 'offline', '--json'];

function countFit(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).toLowerCase().endsWith('.fit')).length;
}

/** A user, an A race and the year's files, in a fresh home (and database, when given). */
function prepare(env, yearDir) {
  coach(['init', '--email', 'bench@example.com', '--name', 'Bench Athlete', '--password-stdin'], env, 'Bench-passw0rd-long!\n');
  coach(['race', 'add', '--name', 'Spring Marathon', '--date', '2026-04-12', '--priority', 'A', '--type', 'Marathon', '--target-time', '03:15:00'], env);
  coach(['garmin', 'import', yearDir], env);
}

/** The same analysis on the server: its own home and throwaway database. */
async function serverRow(yearDir, activities) {
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-analyze-server-'));
  try {
    const server = await withServerDatabase('coach_bench_analyze', async (url) => {
      const env = coachEnv(home, { databaseUrl: url, COACH_TODAY: TODAY });
      prepare(env, yearDir);
      return measurePaired({
        metric: `offline coach analyze end to end, ${activities} activities, Postgres server`, command: ANALYZE,
        floor: floors.pg(url), env, runs: RUNS, target: { seconds: 1.0 },
      });
    });
    return server.skipped ? { metric: 'offline coach analyze, Postgres server', value: `skipped: ${server.skipped}`, unit: '' } : server.value;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
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
    const env = coachEnv(home, { COACH_TODAY: TODAY });
    prepare(env, yearDir);
    const activities = countFit(yearDir);

    const timing = measurePaired({
      metric: `offline coach analyze end to end, ${activities} activities, PGlite on disk`, command: ANALYZE,
      floor: floors.pglite(join(home, 'data', 'db')), env, runs: RUNS, target: { seconds: 1.3 },
    });
    const server = await serverRow(yearDir, activities);

    // Token count by mode, in-process on the same database.
    const { openDatabase } = await import('../../dist/src/db/connection.js');
    const { runAnalysis } = await import('../../dist/src/workflow/run-analysis.js');
    const { ScriptedChatModel, scriptedReply } = await import('../../dist/src/workflow/testing/scripted-chat-model.js');
    const { MODEL_NODES } = await import('../../dist/src/workflow/services.js');
    const { modelIdFor } = await import('../../dist/src/workflow/models.js');
    const { estimateCost } = await import('../../dist/src/workflow/pricing.js');
    const handle = await openDatabase({ dataDir: join(home, 'data', 'db'), lockWaitMs: 5000 });
    const rows = [];
    try {
      const user = await handle.db.selectFrom('user').select('id').executeTakeFirstOrThrow();
      for (const mode of ['development', 'standard', 'cost_effective']) {
        const model = new ScriptedChatModel((call) => scriptedReply(call, 'Keep building steadily.'));
        const models = Object.fromEntries(MODEL_NODES.map((node) => [node, { model, id: modelIdFor('anthropic', mode, node) }]));
        await runAnalysis({ db: handle.db, dialect: 'pglite', userId: user.id, mode, interactive: false, models, today: TODAY, writeFiles: null });
        const input = model.calls.reduce((s, c) => s + c.inputTokens, 0);
        const cost = estimateCost(model.calls.map((c) => ({ model: modelIdFor('anthropic', mode, c.node), inputTokens: c.inputTokens, outputTokens: 0 })));
        rows.push({ metric: `model input tokens per analysis, ${mode} (${model.calls.length} calls; input cost with Anthropic $${cost.dollars.toFixed(4)})`, value: input, unit: 'tokens', target: mode === 'standard' ? { max: 25000 } : undefined });
      }
    } finally {
      await handle.close();
    }
    return [
      timing,
      server,
      ...rows,
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
    if (generated) rmSync(generated, { recursive: true, force: true });
  }
}
