import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** The tables of migration 0002 (schema `coach_workflow`), typed for this module only. */
type CheckpointTables = {
  'coach_workflow.checkpoint': {
    thread_id: string;
    checkpoint_ns: string;
    checkpoint_id: string;
    parent_checkpoint_id: string | null;
    type: string;
    checkpoint: Uint8Array;
    metadata: Uint8Array;
  };
  'coach_workflow.checkpoint_write': {
    thread_id: string;
    checkpoint_ns: string;
    checkpoint_id: string;
    task_id: string;
    idx: number;
    channel: string;
    type: string;
    value: Uint8Array;
    task_path: string;
  };
};

type Db = Kysely<Database> | Transaction<Database>;
const tables = (db: Db) => (db as Kysely<Database>).withTables<CheckpointTables>();

export interface CheckpointRecord {
  threadId: string;
  ns: string;
  checkpointId: string;
  parentCheckpointId: string | null;
  type: string;
  checkpoint: Uint8Array;
  metadata: Uint8Array;
}

export interface CheckpointWriteRecord {
  taskId: string;
  idx: number;
  channel: string;
  type: string;
  value: Uint8Array;
  taskPath: string;
}

/** pg returns Buffer, PGlite Uint8Array: both are Uint8Array. */
const bytes = (value: Uint8Array) => (Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value);

/**
 * The newest checkpoint of a thread (or the one named) and its parent, newest first when
 * listing. Checkpoint ids are uuid6, so text order is time order.
 */
export async function getCheckpoint(db: Db, threadId: string, ns: string, checkpointId?: string): Promise<CheckpointRecord | undefined> {
  let query = tables(db).selectFrom('coach_workflow.checkpoint').selectAll().where('thread_id', '=', threadId).where('checkpoint_ns', '=', ns);
  if (checkpointId) query = query.where('checkpoint_id', '=', checkpointId);
  const row = await query.orderBy('checkpoint_id', 'desc').limit(1).executeTakeFirst();
  return row && toRecord(row);
}

export async function listCheckpoints(
  db: Db,
  options: { threadId?: string; ns?: string; checkpointId?: string; before?: string; limit?: number },
): Promise<CheckpointRecord[]> {
  let query = tables(db).selectFrom('coach_workflow.checkpoint').selectAll();
  if (options.threadId) query = query.where('thread_id', '=', options.threadId);
  if (options.ns !== undefined) query = query.where('checkpoint_ns', '=', options.ns);
  if (options.checkpointId) query = query.where('checkpoint_id', '=', options.checkpointId);
  if (options.before) query = query.where('checkpoint_id', '<', options.before);
  query = query.orderBy('thread_id').orderBy('checkpoint_ns').orderBy('checkpoint_id', 'desc');
  if (options.limit !== undefined) query = query.limit(options.limit);
  return (await query.execute()).map(toRecord);
}

function toRecord(row: CheckpointTables['coach_workflow.checkpoint']): CheckpointRecord {
  return {
    threadId: row.thread_id,
    ns: row.checkpoint_ns,
    checkpointId: row.checkpoint_id,
    parentCheckpointId: row.parent_checkpoint_id,
    type: row.type,
    checkpoint: bytes(row.checkpoint),
    metadata: bytes(row.metadata),
  };
}

/** What an analysis row says about a run in progress (see `putCheckpoint`). */
export interface AnalysisProgress {
  analysisId: string;
  userId: string;
  currentNode: string;
  percentage: number;
}

/**
 * Stores a checkpoint. With `progress`, the analysis row's current_node and
 * progress_percentage are set by the same statement (a data-modifying CTE): the row then
 * says exactly what the stored checkpoint says, and a run saves one round trip and one
 * commit per step (on PGlite a statement costs about a small commit, on the server a round
 * trip and backend time that workers on the same cores share).
 */
export async function putCheckpoint(db: Db, record: CheckpointRecord, progress?: AnalysisProgress): Promise<void> {
  // The CTE adds a table name to the builder's type; the insert below does not use it.
  const base: ReturnType<typeof tables> = progress
    ? (tables(db).with('progress', (qb) => qb
      .updateTable('analysis')
      .set({ current_node: progress.currentNode, progress_percentage: progress.percentage })
      .where('id', '=', progress.analysisId)
      .where('user_id', '=', progress.userId)) as unknown as ReturnType<typeof tables>)
    : tables(db);
  await base
    .insertInto('coach_workflow.checkpoint')
    .values({
      thread_id: record.threadId,
      checkpoint_ns: record.ns,
      checkpoint_id: record.checkpointId,
      parent_checkpoint_id: record.parentCheckpointId,
      type: record.type,
      checkpoint: record.checkpoint,
      metadata: record.metadata,
    })
    .onConflict((oc) => oc.columns(['thread_id', 'checkpoint_ns', 'checkpoint_id']).doUpdateSet({
      type: record.type,
      checkpoint: record.checkpoint,
      metadata: record.metadata,
    }))
    .execute();
}

/**
 * Stores a task's writes in one statement per conflict rule (a task's writes are either all
 * regular or all special, so in practice one statement: on PGlite every statement costs
 * about as much as a small commit, on the server a round trip). Regular writes (idx >= 0)
 * keep the first value written (a replayed task must not overwrite); special writes
 * (errors, interrupts: idx < 0) are replaced.
 */
export async function putCheckpointWrites(db: Db, threadId: string, ns: string, checkpointId: string, writes: CheckpointWriteRecord[]): Promise<void> {
  const rows = (list: CheckpointWriteRecord[]) => list.map((w) => ({
    thread_id: threadId,
    checkpoint_ns: ns,
    checkpoint_id: checkpointId,
    task_id: w.taskId,
    idx: w.idx,
    channel: w.channel,
    type: w.type,
    value: w.value,
    task_path: w.taskPath,
  }));
  const key = ['thread_id', 'checkpoint_ns', 'checkpoint_id', 'task_id', 'idx'] as const;
  const regular = writes.filter((w) => w.idx >= 0);
  // Two special writes of one kind share an idx: the last one wins, as one upsert each would
  // (and one statement may not update a row twice).
  const special = [...new Map(writes.filter((w) => w.idx < 0).map((w) => [`${w.taskId}\u0000${w.idx}`, w])).values()];
  if (regular.length > 0) {
    await tables(db).insertInto('coach_workflow.checkpoint_write').values(rows(regular))
      .onConflict((oc) => oc.columns([...key]).doNothing())
      .execute();
  }
  if (special.length > 0) {
    await tables(db).insertInto('coach_workflow.checkpoint_write').values(rows(special))
      .onConflict((oc) => oc.columns([...key]).doUpdateSet((eb) => ({
        channel: eb.ref('excluded.channel'),
        type: eb.ref('excluded.type'),
        value: eb.ref('excluded.value'),
        task_path: eb.ref('excluded.task_path'),
      })))
      .execute();
  }
}

export async function listCheckpointWrites(db: Db, threadId: string, ns: string, checkpointId: string): Promise<CheckpointWriteRecord[]> {
  const rows = await tables(db)
    .selectFrom('coach_workflow.checkpoint_write')
    .selectAll()
    .where('thread_id', '=', threadId)
    .where('checkpoint_ns', '=', ns)
    .where('checkpoint_id', '=', checkpointId)
    .execute();
  return rows.map((r) => ({ taskId: r.task_id, idx: r.idx, channel: r.channel, type: r.type, value: bytes(r.value), taskPath: r.task_path }));
}

export async function deleteCheckpointThread(db: Db, threadId: string): Promise<void> {
  await tables(db).deleteFrom('coach_workflow.checkpoint_write').where('thread_id', '=', threadId).execute();
  await tables(db).deleteFrom('coach_workflow.checkpoint').where('thread_id', '=', threadId).execute();
}
