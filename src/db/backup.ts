/**
 * `coach db backup` / `coach db restore`: every row of coach's tables (schemas `public` and
 * `coach_workflow`, not the migrator's bookkeeping or the job queue's internals) as one JSON
 * document, portable between the embedded database and a Postgres server, and between
 * Postgres versions (a newer PGlite cannot open an older data directory; it can load this).
 * Restore replaces every row in one transaction: all or nothing.
 */
import { sql, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { UserError } from '../errors.js';
import type { Database } from './database.js';

export const BACKUP_FORMAT = 'coach-backup';
export const BACKUP_VERSION = 1;
const SCHEMAS = ['public', 'coach_workflow'];

export interface BackupTable {
  schema: string;
  name: string;
  rows: Record<string, unknown>[];
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The migrations applied to the database the rows came from. */
  migrations: string[];
  tables: BackupTable[];
}

interface TableRef {
  schema: string;
  name: string;
}

const key = (t: TableRef) => `${t.schema}.${t.name}`;

/** Coach's tables, parents before children (foreign keys), so rows can be inserted in order. */
async function tablesInOrder(db: Kysely<Database> | Kysely<any>): Promise<TableRef[]> {
  const { rows: tables } = await sql<TableRef>`
    select schemaname as schema, tablename as name from pg_tables
    where schemaname in (${sql.join(SCHEMAS)}) and tablename not like 'kysely_%'
    order by schemaname, tablename`.execute(db);
  const { rows: edges } = await sql<{ child: string; parent: string }>`
    select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f'`.execute(db);
  const ordered: TableRef[] = [];
  const placed = new Set<string>();
  const pending = [...tables];
  while (pending.length > 0) {
    const index = pending.findIndex((t) =>
      edges.every((e) => e.child !== key(t) || e.parent === key(t) || placed.has(e.parent) || !tables.some((x) => key(x) === e.parent)),
    );
    const [next] = pending.splice(index === -1 ? 0 : index, 1);
    ordered.push(next!);
    placed.add(key(next!));
  }
  return ordered;
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!rows[0]?.present) return [];
  return (await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map((r: { name: string }) => r.name);
}

/** Every row of every coach table, read in one transaction (a consistent snapshot). */
export async function createBackup(db: Kysely<any>): Promise<Backup> {
  return db.transaction().execute(async (trx) => {
    const tables: BackupTable[] = [];
    for (const table of await tablesInOrder(trx)) {
      const { rows } = await sql<{ rows: Record<string, unknown>[] }>`
        select coalesce(json_agg(t), '[]'::json) as rows from ${sql.table(key(table))} t`.execute(trx);
      tables.push({ ...table, rows: rows[0]!.rows });
    }
    return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations: await appliedMigrations(trx), tables };
  });
}

/** Parses and checks a backup document; every problem is one line. */
export function parseBackup(text: string): Backup {
  let doc: Partial<Backup>;
  try {
    doc = JSON.parse(text) as Partial<Backup>;
  } catch {
    throw new UserError('not a coach backup: the file is not JSON (a truncated or different file?)');
  }
  if (doc?.format !== BACKUP_FORMAT || !Array.isArray(doc.tables) || !Array.isArray(doc.migrations)) {
    throw new UserError('not a coach backup (made by `coach db backup`)');
  }
  if (doc.version !== BACKUP_VERSION) throw new UserError(`coach backup version ${String(doc.version)} is not supported (this coach reads version ${BACKUP_VERSION})`);
  const known = Object.keys(migrations);
  const unknown = doc.migrations.filter((m) => !known.includes(m));
  if (unknown.length > 0) throw new UserError(`the backup was made by a newer coach (migration ${unknown[0]} is unknown here): upgrade coach first`);
  return doc as Backup;
}

/** How many rows a restore would replace (to ask before overwriting a database in use). */
export async function countRows(db: Kysely<any>): Promise<number> {
  let n = 0;
  for (const table of await tablesInOrder(db)) {
    n += Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(key(table))}`.execute(db)).rows[0]!.n);
  }
  return n;
}

/**
 * Replaces every row of coach's tables with the backup's, in one transaction. The database
 * is migrated to this coach's schema first (by the caller); columns the backup lacks (it is
 * older) take their defaults. Returns rows restored per table.
 */
export async function restoreBackup(db: Kysely<any>, backup: Backup): Promise<Record<string, number>> {
  return db.transaction().execute(async (trx) => {
    const tables = await tablesInOrder(trx);
    const present = new Map(tables.map((t) => [key(t), t]));
    for (const t of backup.tables) {
      if (!present.has(`${t.schema}.${t.name}`)) throw new UserError(`the backup has a table this database does not: ${t.schema}.${t.name}`);
    }
    if (tables.length > 0) await sql`truncate ${sql.join(tables.map((t) => sql.table(key(t))))} cascade`.execute(trx);
    const byKey = new Map(backup.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const data = byKey.get(key(table));
      if (!data || data.rows.length === 0) continue;
      const { rows: cols } = await sql<{ name: string }>`
        select column_name as name from information_schema.columns
        where table_schema = ${table.schema} and table_name = ${table.name} order by ordinal_position`.execute(trx);
      const inBackup = new Set(data.rows.flatMap((r) => Object.keys(r)));
      const columns = cols.map((c) => c.name).filter((c) => inBackup.has(c));
      const list = sql.join(columns.map((c) => sql.ref(c)));
      // Batches keep each statement's parameter a reasonable size.
      for (let i = 0; i < data.rows.length; i += 500) {
        const batch = JSON.stringify(data.rows.slice(i, i + 500));
        await sql`insert into ${sql.table(key(table))} (${list})
          select ${list} from json_populate_recordset(null::${sql.table(key(table))}, ${batch}::json)`.execute(trx);
      }
      counts[key(table)] = data.rows.length;
    }
    return counts;
  });
}

/** Writes a backup file (0600: it holds password hashes and the encrypted Garmin password), atomically. */
export async function writeBackupFile(db: Kysely<any>, path: string): Promise<{ path: string; rows: number; bytes: number }> {
  const { mkdirSync, renameSync, writeFileSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  const backup = await createBackup(db);
  const text = JSON.stringify(backup);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.partial-${process.pid}`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
  return { path, rows: backup.tables.reduce((n, t) => n + t.rows.length, 0), bytes: Buffer.byteLength(text) };
}

/**
 * Migrates to this coach's schema; on an existing embedded database with pending steps it
 * first writes a backup next to it (`<data dir>/backups/before-<migration>-<time>.json`), so
 * a migration that goes wrong never costs the data. Returns the migrations applied and the backup.
 */
export async function migrateWithBackup(db: Kysely<any>, dialect: 'pglite' | 'postgres', backupDir: string): Promise<{ applied: string[]; backup?: string }> {
  const { migrationsUpToDate } = await import('./migration-check.js');
  if (await migrationsUpToDate(db)) return { applied: [] };
  const { migrateToLatest } = await import('./migrator.js');
  let backup: string | undefined;
  const applied = await appliedMigrations(db);
  if (dialect === 'pglite' && applied.length > 0) {
    const next = Object.keys(migrations).find((m) => !applied.includes(m)) ?? 'migration';
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    backup = (await writeBackupFile(db, `${backupDir}/before-${next}-${stamp}.json`)).path;
  }
  return { applied: await migrateToLatest(db), backup };
}
