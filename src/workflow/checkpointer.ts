import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointTuple,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  WRITES_IDX_MAP,
  writesSortKey,
} from '@langchain/langgraph-checkpoint';
import type { CheckpointMetadata, PendingWrite } from '@langchain/langgraph-checkpoint';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  type AnalysisProgress,
  type CheckpointRecord,
  deleteCheckpointThread,
  getCheckpoint,
  listCheckpoints,
  listCheckpointWrites,
  putCheckpoint,
  putCheckpointWrites,
} from '../db/checkpoints.repository.js';

/**
 * A LangGraph checkpoint saver on coach's own Kysely connection, so it works the same on
 * embedded PGlite and a Postgres server (the official Postgres saver needs a pg pool and
 * its own tables). Modelled on MemorySaver: checkpoints and pending writes are stored as the
 * serializer's typed bytes; writes come back in `writesSortKey` order as the base class requires.
 */
export class KyselyCheckpointSaver extends BaseCheckpointSaver {
  /**
   * `progressOf`, when given, says what the analysis row should show once a checkpoint is
   * stored (null: nothing); it is written by the checkpoint's own statement (`putCheckpoint`).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly progressOf?: (checkpoint: Checkpoint) => AnalysisProgress | null,
  ) {
    super();
  }

  private async toTuple(record: CheckpointRecord, config?: RunnableConfig): Promise<CheckpointTuple> {
    const writes = await listCheckpointWrites(this.db, record.threadId, record.ns, record.checkpointId);
    writes.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    const pendingWrites = await Promise.all(
      writes.map(async (w) => [w.taskId, w.channel, await this.serde.loadsTyped(w.type, w.value)] as [string, string, unknown]),
    );
    const tuple: CheckpointTuple = {
      config: config ?? { configurable: { thread_id: record.threadId, checkpoint_ns: record.ns, checkpoint_id: record.checkpointId } },
      checkpoint: (await this.serde.loadsTyped(record.type, record.checkpoint)) as Checkpoint,
      metadata: (await this.serde.loadsTyped(record.type, record.metadata)) as CheckpointMetadata,
      pendingWrites,
    };
    if (record.parentCheckpointId) {
      tuple.parentConfig = { configurable: { thread_id: record.threadId, checkpoint_ns: record.ns, checkpoint_id: record.parentCheckpointId } };
    }
    return tuple;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (!threadId) return undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const checkpointId = getCheckpointId(config) || undefined;
    const record = await getCheckpoint(this.db, threadId, ns, checkpointId);
    if (!record) return undefined;
    return this.toTuple(record, checkpointId ? config : undefined);
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const records = await listCheckpoints(this.db, {
      threadId: config.configurable?.thread_id as string | undefined,
      ns: config.configurable?.checkpoint_ns as string | undefined,
      checkpointId: config.configurable?.checkpoint_id as string | undefined,
      before: options?.before?.configurable?.checkpoint_id as string | undefined,
      limit: options?.filter ? undefined : options?.limit,
    });
    let remaining = options?.limit;
    for (const record of records) {
      const tuple = await this.toTuple(record);
      if (options?.filter && !Object.entries(options.filter).every(([k, v]) => (tuple.metadata as Record<string, unknown> | undefined)?.[k] === v)) continue;
      if (remaining !== undefined) {
        if (remaining <= 0) return;
        remaining -= 1;
      }
      yield tuple;
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, _newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (!threadId) throw new Error('checkpoint put: the run config has no thread_id');
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const [[type, serialized], [, serializedMetadata]] = await Promise.all([
      this.serde.dumpsTyped(copyCheckpoint(checkpoint)),
      this.serde.dumpsTyped(metadata),
    ]);
    await putCheckpoint(this.db, {
      threadId,
      ns,
      checkpointId: checkpoint.id,
      parentCheckpointId: (config.configurable?.checkpoint_id as string | undefined) ?? null,
      type,
      checkpoint: serialized,
      metadata: serializedMetadata,
    }, this.progressOf?.(checkpoint) ?? undefined);
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = config.configurable?.thread_id as string | undefined;
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (!threadId || !checkpointId) throw new Error('checkpoint putWrites: the run config has no thread_id or checkpoint_id');
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const records = await Promise.all(
      writes.map(async ([channel, value], idx) => {
        const [type, serialized] = await this.serde.dumpsTyped(value);
        return { taskId, idx: WRITES_IDX_MAP[channel] ?? idx, channel, type, value: serialized, taskPath: taskPath ?? '' };
      }),
    );
    await putCheckpointWrites(this.db, threadId, ns, checkpointId, records);
  }

  async deleteThread(threadId: string): Promise<void> {
    await deleteCheckpointThread(this.db, threadId);
  }
}
