import { type Kysely, sql } from 'kysely';

/**
 * A comparable description of the public schema: columns with types, nullability and
 * defaults; constraints with definitions; indexes with definitions; triggers.
 */
export interface SchemaSnapshot {
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
}

export async function schemaSnapshot(db: Kysely<any>): Promise<SchemaSnapshot> {
  const columns = await sql<{ line: string }>`
    select table_name || '.' || column_name || ' ' || data_type
      || coalesce('(' || character_maximum_length || ')', '')
      || case when is_nullable = 'NO' then ' not null' else '' end
      || coalesce(' default ' || column_default, '') as line
    from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, column_name`.execute(db);
  const constraints = await sql<{ line: string }>`
    select rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) as line
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    join pg_namespace ns on ns.oid = rel.relnamespace
    where ns.nspname = 'public' and rel.relname not like 'kysely_%'
    order by rel.relname, con.conname`.execute(db);
  const indexes = await sql<{ line: string }>`
    select indexdef as line from pg_indexes
    where schemaname = 'public' and tablename not like 'kysely_%'
    order by indexname`.execute(db);
  const triggers = await sql<{ line: string }>`
    select event_object_table || ' ' || trigger_name || ' ' || action_timing || ' ' || event_manipulation as line
    from information_schema.triggers
    where trigger_schema = 'public'
    order by event_object_table, trigger_name`.execute(db);
  const lines = (result: { rows: { line: string }[] }) => result.rows.map((row) => row.line);
  return {
    columns: lines(columns),
    constraints: lines(constraints),
    indexes: lines(indexes),
    triggers: lines(triggers),
  };
}
