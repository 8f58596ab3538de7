import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type PgBoss from 'pg-boss';
import { ANALYSIS_QUEUE, PGBOSS_SCHEMA } from '../../migrations/0008_job_queue.js';
import type { DatabaseHandle, DialectName } from '../db/connection.js';
import type { Db } from '../db/in-transaction.js';
import { statementsOf } from '../db/sql-script.js';

export { ANALYSIS_QUEUE };

/** What an analysis job carries (pg-boss `data`); the job's history lives in `analysis_job`. */
export interface AnalysisJobData {
  key: string;
  userId: string;
  email: string;
  configName: string | null;
  /** The analysis's as-of date (the schedule's day in its time zone, or the enqueue day). */
  runDate: string;
  scheduleId: string | null;
}

export type Queue = PgBoss;

/**
 * pg-boss's SQL runs on coach's own connection (its `db` option), so the queue works the same
 * on a Postgres server (the pooled connections) and on embedded PGlite, whose single
 * connection Kysely's driver hands out one caller at a time. pg-boss's maintenance scripts are
 * several statements without parameters; PGlite takes one statement per query, so there they
 * run one by one on one held connection (a script's BEGIN ... COMMIT stays one transaction).
 */
export function queueExecutor(db: Db, dialect: DialectName): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (dialect === 'pglite' && (!values || values.length === 0)) {
        const statements = statementsOf(text);
        if (statements.length > 1) {
          return db.connection().execute(async (conn) => {
            let rows: unknown[] = [];
            for (const statement of statements) rows = (await conn.executeQuery(CompiledQuery.raw(statement, []))).rows as unknown[];
            return { rows };
          });
        }
      }
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: (result.rows as unknown[] | undefined) ?? [] };
    },
  };
}

export interface QueueOptions {
  /** Workers supervise: expire jobs of dead workers, archive, delete old jobs. */
  supervise?: boolean;
  maintenanceIntervalSeconds?: number;
}

/** A pg-boss instance on the handle's connection. The schema comes from migration 0008, never from pg-boss. */
export async function openQueue(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, options: QueueOptions = {}): Promise<Queue> {
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({
    db: queueExecutor(handle.db, handle.dialect),
    schema: PGBOSS_SCHEMA,
    migrate: false,
    // coach's schedules live in analysis_schedule and fan out per athlete (schedules.ts).
    schedule: false,
    supervise: options.supervise ?? false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    // Dead jobs stay retryable (`coach jobs retry`) for two weeks before pg-boss archives them.
    archiveFailedAfterSeconds: 14 * 24 * 3600,
  });
  boss.on('error', () => {
    // Maintenance errors (a dropped connection) are retried on the next interval; jobs are
    // unaffected. The worker logs its own failures.
  });
  await boss.start();
  return boss;
}

/**
 * The pg-boss job id for an idempotency key: a UUID from the key's hash, so a second enqueue
 * of the same key hits the job's primary key and is a no-op (pg-boss inserts ON CONFLICT DO NOTHING).
 */
export function jobIdOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  // Shaped as a version-8 (custom) UUID with the RFC 4122 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
