// What the model nodes are sent, and how well the grounding check catches invented numbers,
// on the bench year (bench/year-facts-input.mjs, as of its last day) without FIT files:
// - prompt tokens per node and per analysis for each ai_mode, with a 2,000-character athlete
//   context (the scripted chat model counts characters / 4 at the model boundary); target
//   <= 12k per analysis in standard mode; and the same with a 20,000-character context, which
//   the prompt budget cuts (src/workflow/prompt-budget.ts); and the prefix every node's request
//   shares (the system message with the athlete context and the shared facts), which providers'
//   prompt caches serve from 1,024 tokens on; target >= 1,024 in standard mode;
// - the grounding false-accept rate: random invented numbers (whole 1-1000 and one-decimal
//   below 100) in coach-like sentences that the check lets through; target < 5%.
// The nodes run in-process in graph order on an in-memory PGlite (the weekly planner reads
// the previous plan and the availability from it), with the year's facts handed in.
export const name = 'model-prompts';

const MODES = ['development', 'standard', 'cost_effective'];
const NOTE = 'Masters runner, 46, training for a spring marathon; works shifts, so weekday sessions move around. ';

const SENTENCES = [
  (n) => `Your CTL of ${n} is dangerously high.`, (n) => `Fitness (CTL) has climbed to ${n}.`, (n) => `ATL is ${n}, so fatigue is building.`,
  (n) => `Form (TSB) sits at ${n} today.`, (n) => `An ACWR of ${n} puts you in the risk zone.`, (n) => `Your FTP is ${n} W.`,
  (n) => `Resting HR averaged ${n} bpm this week.`, (n) => `HRV came in at ${n} ms, below your baseline.`, (n) => `You covered ${n} km last week.`,
  (n) => `Last week's load was ${n}.`, (n) => `Sleep averaged ${n} h over the last 7 days.`, (n) => `Your threshold heart rate is ${n} bpm.`,
  (n) => `Monotony of ${n} means too little variation.`, (n) => `Keep the weekly load under ${n} next week.`,
];

function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function promptTokens(dist, db, user, config, facts, mode, context) {
  const { ScriptedChatModel, scriptedReply } = dist.scripted;
  const model = new ScriptedChatModel((call) => scriptedReply(call, 'Keep building steadily.'));
  const models = Object.fromEntries(dist.services.MODEL_NODES.map((node) => [node, { model, id: dist.models.modelIdFor('anthropic', mode, node) }]));
  const services = { db, userId: user.id, analysisId: '00000000-0000-4000-8000-000000000000', configId: config.id, models, onRetry: async () => {}, retry: { attempts: 1, baseDelayMs: 1, timeoutMs: 60_000, maxRetryAfterMs: 1 }, factsCache: facts };
  const runConfig = { configurable: { services } };
  let state = {
    settings: { configName: 'main', aiMode: mode, provider: 'anthropic', hitlEnabled: false, interactive: false, skipSynthesis: false, enablePlotting: false, athleteContext: context, analysisContext: null, planningContext: null, today: facts.today },
    expertReports: {}, questions: [], answers: {}, synthesisText: null, seasonPlan: null, weeklyPlan: null, results: [],
  };
  const apply = (update) => {
    state = { ...state, ...update, expertReports: { ...state.expertReports, ...(update.expertReports ?? {}) }, results: [...state.results, ...(update.results ?? [])] };
  };
  const n = dist.nodes;
  const experts = await Promise.all([n.expertLoadNode(state, runConfig), n.expertSessionsNode(state, runConfig), n.expertRecoveryNode(state, runConfig)]);
  for (const update of experts) apply(update);
  for (const node of [n.synthesisNode, n.seasonPlannerNode, n.weeklyPlannerNode]) apply(await node(state, runConfig));
  const perNode = {};
  for (const call of model.calls) perNode[call.node] = (perNode[call.node] ?? 0) + call.inputTokens;
  // The prefix every node's request starts with (system prompt, then the shared facts): what a
  // provider's prompt cache can serve from the second call of the run on.
  const prompts = model.calls.map((c) => c.prompt);
  let shared = prompts[0].length;
  for (const p of prompts) {
    let i = 0;
    while (i < shared && p[i] === prompts[0][i]) i++;
    shared = i;
  }
  return { total: model.calls.reduce((s, c) => s + c.inputTokens, 0), perNode, sharedPrefixTokens: dist.scripted.estimateTokens(prompts[0].slice(0, shared)) };
}

export async function run() {
  const imp = (p) => import(new URL(`../../dist/src/${p}`, import.meta.url).href);
  const { yearFactsInput } = await import(new URL('../year-facts-input.mjs', import.meta.url).href);
  const [{ buildFacts }, { openDatabase }, { migrateToLatest }, scripted, services, models, grounding, slices, outline, plan] = await Promise.all([
    imp('analytics/build-facts.js'), imp('db/connection.js'), imp('db/migrator.js'), imp('workflow/testing/scripted-chat-model.js'),
    imp('workflow/services.js'), imp('workflow/models.js'), imp('workflow/grounding.js'), imp('workflow/facts-slices.js'),
    imp('plan/season-outline.js'), imp('plan/build-plan.js'),
  ]);
  const nodes = Object.assign({}, ...(await Promise.all(['expert-load', 'expert-sessions', 'expert-recovery', 'synthesis', 'season-planner', 'weekly-planner'].map((f) => imp(`workflow/nodes/${f}.js`)))));
  const facts = buildFacts(yearFactsInput());
  const rows = [];

  // Grounding false-accept rate.
  const index = grounding.groundingIndex([...slices.slicesShown(facts), outline.seasonPhases(facts), plan.buildRulePlan(facts)]);
  const next = random(15);
  const numbers = [
    ...Array.from({ length: 100 }, () => String(1 + Math.floor(next() * 1000))),
    ...Array.from({ length: 100 }, () => (Math.floor(next() * 1000) / 10).toFixed(1)),
  ];
  let accepted = 0;
  for (const sentence of SENTENCES) for (const n of numbers) if (grounding.groundingFlags(sentence(n), index).length === 0) accepted++;
  const rate = (100 * accepted) / (SENTENCES.length * numbers.length);
  rows.push({ metric: `grounding false-accept rate (${SENTENCES.length * numbers.length} invented numbers in coach sentences, bench year)`, value: Math.round(rate * 100) / 100, unit: '%', target: { max: 5 } });

  // Prompt tokens per node and per analysis.
  const handle = await openDatabase({ dataDir: 'memory' });
  try {
    await migrateToLatest(handle.db);
    const user = await handle.db.insertInto('user').values({ email: 'bench@example.com', hashed_password: 'x', full_name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
    const config = await handle.db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main', is_active: true }).returning('id').executeTakeFirstOrThrow();
    const dist = { scripted, services, models, nodes };
    const context2k = NOTE.repeat(Math.ceil(2000 / NOTE.length)).slice(0, 2000);
    for (const mode of MODES) {
      const { total, perNode, sharedPrefixTokens } = await promptTokens(dist, handle.db, user, config, facts, mode, context2k);
      const byNode = Object.entries(perNode).map(([node, t]) => `${node} ${t}`).join(', ');
      rows.push({ metric: `prompt tokens per analysis, ${mode}, 2,000-char athlete context (${byNode})`, value: total, unit: 'tokens', target: mode === 'standard' ? { max: 12000 } : undefined });
      // Providers cache a prefix from 1,024 tokens on (OpenAI, Anthropic's Sonnet/Opus, Gemini's implicit
      // cache). Judged in standard mode; cost_effective's context budget (1,000 characters) keeps it under.
      rows.push({ metric: `shared prompt prefix of every node (cacheable), ${mode}, 2,000-char athlete context`, value: sharedPrefixTokens, unit: 'tokens', target: mode === 'standard' ? { min: 1024 } : undefined });
    }
    const context20k = NOTE.repeat(Math.ceil(20000 / NOTE.length)).slice(0, 20000);
    const big = await promptTokens(dist, handle.db, user, config, facts, 'standard', context20k);
    rows.push({ metric: 'prompt tokens per analysis, standard, 20,000-char athlete context (cut by the prompt budget)', value: big.total, unit: 'tokens', target: { max: 12000 } });
  } finally {
    await handle.close();
  }
  return rows;
}
