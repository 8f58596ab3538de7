import { emptyCheckpoint, ERROR, INTERRUPT, uuid6 } from '@langchain/langgraph-checkpoint';
import type { Kysely, KyselyPlugin } from 'kysely';
import { createAnalysis } from '../../../src/db/analyses.repository.js';
import type { Database } from '../../../src/db/database.js';
import { expect, it } from 'vitest';
import { KyselyCheckpointSaver } from '../../../src/workflow/checkpointer.js';
import { describeEachDatabase } from '../../support/databases.js';
import { seedAthlete } from './seed-athlete.js';

/** Counts the statements a Kysely instance sends (each one a round trip; on PGlite about a commit's cost). */
function countingPlugin(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery(args: { node: never }) {
      plugin.count += 1;
      return args.node;
    },
    async transformResult(args: { result: never }) {
      return args.result;
    },
  };
  return plugin as never;
}

/** A thread is an analysis (the checkpoint tables reference it). */
async function newThread(db: Kysely<Database>): Promise<string> {
  const { user, config } = await seedAthlete(db);
  return (await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' })).id;
}

describeEachDatabase('the Kysely checkpoint saver', ({ getDb }) => {
  it('stores a checkpoint and reads it back with its parent and its pending writes in order', async () => {
    const saver = new KyselyCheckpointSaver(getDb());
    const thread = await newThread(getDb());
    const first = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: { settings: { today: '2026-01-04' } } };
    const firstConfig = await saver.put({ configurable: { thread_id: thread } }, first, { source: 'input', step: -1, parents: {} }, {});
    const second = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: { results: [{ nodeName: 'load_data' }] } };
    const secondConfig = await saver.put(firstConfig, second, { source: 'loop', step: 0, parents: {} }, {});
    // Two tasks' writes, the second task's stored first: they come back in task order.
    await saver.putWrites(secondConfig, [['results', ['b']], ['expertReports', { b: 1 }]], 'task-b', '~__pregel_pull, expert_b');
    await saver.putWrites(secondConfig, [['results', ['a']], ['expertReports', { a: 1 }], ['questions', []]], 'task-a', '~__pregel_pull, expert_a');

    const tuple = await saver.getTuple({ configurable: { thread_id: thread } });
    expect(tuple?.checkpoint.id).toBe(second.id);
    expect(tuple?.checkpoint.channel_values).toEqual(second.channel_values);
    expect(tuple?.metadata).toMatchObject({ source: 'loop', step: 0 });
    expect(tuple?.parentConfig?.configurable?.checkpoint_id).toBe(first.id);
    expect(tuple?.pendingWrites).toEqual([
      ['task-a', 'results', ['a']], ['task-a', 'expertReports', { a: 1 }], ['task-a', 'questions', []],
      ['task-b', 'results', ['b']], ['task-b', 'expertReports', { b: 1 }],
    ]);
    const listed = [];
    for await (const t of saver.list({ configurable: { thread_id: thread } })) listed.push(t.checkpoint.id);
    expect(listed).toEqual([second.id, first.id]);
  });

  it('stores all of a task\'s writes in one statement; a replayed task keeps its first values, special writes are replaced', async () => {
    const counter = countingPlugin();
    const saver = new KyselyCheckpointSaver(getDb().withPlugin(counter));
    const thread = await newThread(getDb());
    const config = await saver.put({ configurable: { thread_id: thread } }, { ...emptyCheckpoint(), id: uuid6(-1) }, { source: 'input', step: -1, parents: {} }, {});

    counter.count = 0;
    await saver.putWrites(config, [['results', ['first']], ['dataSummary', { n: 1 }], ['branch:to:expert_load', null]], 'task-1', '~__pregel_pull, load_data');
    expect(counter.count).toBe(1);
    // The same task again (a replay after a crash): regular writes keep the first value.
    await saver.putWrites(config, [['results', ['second']], ['dataSummary', { n: 2 }], ['branch:to:expert_load', null]], 'task-1', '~__pregel_pull, load_data');
    // An error, then an interrupt twice in one call (the last wins), then the error again (replaced).
    await saver.putWrites(config, [[ERROR, { message: 'one' }]], 'task-2', '');
    await saver.putWrites(config, [[INTERRUPT, [{ value: 'q1' }]], [INTERRUPT, [{ value: 'q2' }]]], 'task-3', '');
    await saver.putWrites(config, [[ERROR, { message: 'two' }]], 'task-2', '');
    expect(counter.count).toBe(5);

    const tuple = await saver.getTuple({ configurable: { thread_id: thread } });
    const byTask = (task: string) => tuple?.pendingWrites?.filter(([t]) => t === task).map(([, channel, value]) => [channel, value]);
    expect(byTask('task-1')).toEqual([['results', ['first']], ['dataSummary', { n: 1 }], ['branch:to:expert_load', null]]);
    expect(byTask('task-2')).toEqual([[ERROR, { message: 'two' }]]);
    expect(byTask('task-3')).toEqual([[INTERRUPT, [{ value: 'q2' }]]]);
  });

  it('writes the analysis progress a checkpoint implies in the checkpoint\'s own statement', async () => {
    const db = getDb();
    const { user, config } = await seedAthlete(db);
    const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
    const counter = countingPlugin();
    const saver = new KyselyCheckpointSaver(db.withPlugin(counter), (checkpoint) => {
      const seen = Object.keys(checkpoint.versions_seen).filter((n) => !n.startsWith('__'));
      return seen.length ? { analysisId: analysis.id, userId: user.id, currentNode: seen.at(-1)!, percentage: seen.length * 10 } : null;
    });
    const progress = async () => db.selectFrom('analysis').select(['current_node', 'progress_percentage']).where('id', '=', analysis.id).executeTakeFirstOrThrow();

    // No node seen yet: the checkpoint alone, the row untouched.
    const first = await saver.put({ configurable: { thread_id: analysis.id } }, { ...emptyCheckpoint(), id: uuid6(-1), versions_seen: { __input__: {} } }, { source: 'input', step: -1, parents: {} }, {});
    expect(await progress()).toEqual({ current_node: null, progress_percentage: 0 });

    counter.count = 0;
    const second = { ...emptyCheckpoint(), id: uuid6(-1), versions_seen: { __input__: {}, load_data: { x: 1 }, expert_load: { y: 1 } } };
    await saver.put(first, second, { source: 'loop', step: 1, parents: {} }, {});
    expect(counter.count).toBe(1);
    expect(await progress()).toEqual({ current_node: 'expert_load', progress_percentage: 20 });
    expect((await saver.getTuple({ configurable: { thread_id: analysis.id } }))?.checkpoint.id).toBe(second.id);

    // Another user's id never moves this row (the update is scoped to the analysis' owner).
    const other = await seedAthlete(db, { email: 'other@example.com' });
    const foreign = new KyselyCheckpointSaver(db, () => ({ analysisId: analysis.id, userId: other.user.id, currentNode: 'report', percentage: 100 }));
    await foreign.put(first, { ...emptyCheckpoint(), id: uuid6(-1) }, { source: 'loop', step: 2, parents: {} }, {});
    expect(await progress()).toEqual({ current_node: 'expert_load', progress_percentage: 20 });
  });
});
