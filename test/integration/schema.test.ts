import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest, migrationStatus } from '../../src/db/migrator.js';
import { databaseTargets, describeEachDatabase } from '../support/databases.js';
import { schemaSnapshot } from '../support/schema-snapshot.js';

const SEED_TABLES = ['user', 'garminaccount', 'trainingconfig', 'competition', 'analysis', 'analysisresult', 'analysisfile'];
const EXTRA_TABLES = ['training_zones', 'activity', 'daily_metric', 'athlete_attributes', 'trainingconfig_availability', 'analysis_schedule', 'analysis_job', 'provider_rate_bucket', 'activity_mean_max', 'model_call', 'garmin_session', 'zone_change', 'garmin_workout_push', 'trainingconfig_model'];

/** The seed's foreign keys: constraint name -> [child table, column, parent table, delete rule]. */
const SEED_FOREIGN_KEYS: Record<string, [string, string, string, string]> = {
  analysis_user_id_fkey: ['analysis', 'user_id', 'user', 'CASCADE'],
  analysis_training_config_id_fkey: ['analysis', 'training_config_id', 'trainingconfig', 'NO ACTION'],
  analysisfile_analysis_id_fkey: ['analysisfile', 'analysis_id', 'analysis', 'CASCADE'],
  analysisresult_analysis_id_fkey: ['analysisresult', 'analysis_id', 'analysis', 'CASCADE'],
  competition_training_config_id_fkey: ['competition', 'training_config_id', 'trainingconfig', 'CASCADE'],
  garminaccount_user_id_fkey: ['garminaccount', 'user_id', 'user', 'CASCADE'],
  trainingconfig_user_id_fkey: ['trainingconfig', 'user_id', 'user', 'CASCADE'],
};

/** Every column the seed lists, with the Postgres type we map it to. */
const SEED_COLUMNS: Record<string, Record<string, string>> = {
  user: {
    email: 'character varying', full_name: 'character varying', hashed_password: 'character varying',
    is_active: 'boolean', is_verified: 'boolean', athlete_context: 'text', planning_context: 'text',
  },
  garminaccount: {
    user_id: 'uuid', email: 'character varying', encrypted_password: 'character varying', is_connected: 'boolean',
    last_sync: 'timestamp with time zone', sync_error: 'text', activities_days: 'character varying',
    metrics_days: 'character varying',
  },
  trainingconfig: {
    user_id: 'uuid', name: 'character varying', is_active: 'boolean', analysis_context: 'text', planning_context: 'text',
    activities_days: 'integer', metrics_days: 'integer', ai_mode: 'character varying', enable_plotting: 'boolean',
    hitl_enabled: 'boolean', skip_synthesis: 'boolean', output_directory: 'character varying',
  },
  competition: {
    training_config_id: 'uuid', name: 'character varying', date: 'character varying', race_type: 'character varying',
    priority: 'character varying', target_time: 'character varying', bikereg_id: 'integer', runreg_url: 'character varying',
  },
  analysis: {
    user_id: 'uuid', training_config_id: 'uuid', status: 'character varying', analysis_type: 'character varying',
    workflow_id: 'character varying', current_node: 'character varying', progress_percentage: 'integer', summary: 'text',
    recommendations: 'text', weekly_plan: 'jsonb', start_date: 'timestamp with time zone',
    end_date: 'timestamp with time zone', data_summary: 'jsonb', total_tokens: 'integer',
    estimated_cost: 'character varying', error_message: 'text', retry_count: 'integer',
  },
  analysisresult: {
    analysis_id: 'uuid', node_name: 'character varying', result_type: 'character varying', title: 'character varying',
    content: 'text', data: 'jsonb', file_path: 'character varying', tokens_used: 'integer', processing_time: 'integer',
  },
  analysisfile: {
    analysis_id: 'uuid', filename: 'character varying', file_type: 'character varying', mime_type: 'character varying',
    file_size: 'integer', file_path: 'character varying', is_public: 'boolean', download_count: 'integer',
  },
  training_zones: {
    training_config_id: 'uuid', discipline: 'character varying', metric_description: 'text', zone_value: 'character varying',
  },
};

describeEachDatabase('schema', ({ getDb }) => {
  it('has every seed table plus training_zones, activity, daily_metric, athlete_attributes, the job queue tables, activity_mean_max, model_call, garmin_session and zone_change', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(getDb());
    expect(rows.rows.map((r) => r.table_name).sort()).toEqual([...SEED_TABLES, ...EXTRA_TABLES].sort());
  });

  it('gives every table a uuid key from gen_random_uuid() and timestamptz created_at/updated_at', async () => {
    const rows = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null; is_nullable: string }>`
      select table_name, column_name, data_type, column_default, is_nullable from information_schema.columns
      where table_schema = 'public' and column_name in ('id', 'created_at', 'updated_at')
        and table_name not like 'kysely_%'`.execute(getDb());
    for (const table of [...SEED_TABLES, ...EXTRA_TABLES]) {
      const col = (name: string) => rows.rows.find((r) => r.table_name === table && r.column_name === name);
      expect(col('id'), table).toMatchObject({ data_type: 'uuid', column_default: 'gen_random_uuid()' });
      expect(col('created_at'), table).toMatchObject({ data_type: 'timestamp with time zone', is_nullable: 'NO' });
      expect(col('updated_at'), table).toMatchObject({ data_type: 'timestamp with time zone', is_nullable: 'NO' });
    }
  });

  it('has every column the seed lists, with its type', async () => {
    const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public'`.execute(getDb());
    for (const [table, columns] of Object.entries(SEED_COLUMNS)) {
      for (const [column, type] of Object.entries(columns)) {
        const found = rows.rows.find((r) => r.table_name === table && r.column_name === column);
        expect(found?.data_type, `${table}.${column}`).toBe(type);
      }
    }
  });

  it('has the seven foreign keys with exactly the seed names, columns and delete rules', async () => {
    const rows = await sql<{ conname: string; child: string; column: string; parent: string; delete_rule: string }>`
      select con.conname, child.relname as child, att.attname as column, parent.relname as parent,
        case con.confdeltype when 'c' then 'CASCADE' when 'a' then 'NO ACTION' when 'r' then 'RESTRICT'
          when 'n' then 'SET NULL' when 'd' then 'SET DEFAULT' end as delete_rule
      from pg_constraint con
      join pg_class child on child.oid = con.conrelid
      join pg_class parent on parent.oid = con.confrelid
      join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
      where con.contype = 'f'`.execute(getDb());
    for (const [name, [child, column, parent, rule]] of Object.entries(SEED_FOREIGN_KEYS)) {
      expect(rows.rows.find((r) => r.conname === name), name).toEqual({ conname: name, child, column, parent, delete_rule: rule });
    }
  });

  it('indexes every foreign key column and makes user.email unique', async () => {
    const rows = await sql<{ tablename: string; indexdef: string }>`
      select tablename, indexdef from pg_indexes where schemaname = 'public'`.execute(getDb());
    const fkColumns: [string, string][] = [
      ...Object.values(SEED_FOREIGN_KEYS).map(([child, column]) => [child, column] as [string, string]),
      ['training_zones', 'training_config_id'], ['activity', 'user_id'], ['daily_metric', 'user_id'], ['athlete_attributes', 'user_id'],
      ['trainingconfig_availability', 'training_config_id'], ['trainingconfig_model', 'training_config_id'],
      ['analysis_schedule', 'user_id'], ['analysis_job', 'user_id'], ['analysis_job', 'schedule_id'], ['analysis_job', 'analysis_id'],
      ['activity_mean_max', 'activity_id'], ['zone_change', 'training_config_id'],
      ['model_call', 'analysis_id'],
      ['garmin_session', 'garmin_account_id'],
      ['garmin_workout_push', 'user_id'],
    ];
    for (const [table, column] of fkColumns) {
      // The column must lead some index of its table, so lookups by it can use that index.
      const leading = rows.rows.some((r) => r.tablename === table && new RegExp(`\\(${column}[,)\\s]`).test(r.indexdef));
      expect(leading, `${table}.${column} is indexed`).toBe(true);
    }
    expect(rows.rows.some((r) => r.tablename === 'user' && /UNIQUE INDEX .* \(email\)/.test(r.indexdef))).toBe(true);
    expect(rows.rows.some((r) => /idx_training_zones_config_id/.test(r.indexdef))).toBe(true);
    expect(rows.rows.some((r) => /idx_training_zones_discipline/.test(r.indexdef))).toBe(true);
  });

  it('cascades a user delete to everything the user owns', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'a@example.com', hashed_password: 'x', full_name: 'A' }).returning('id').executeTakeFirstOrThrow();
    const config = await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('competition').values({ training_config_id: config.id, name: 'Race', date: '2027-04-11', priority: 'A' }).execute();
    const account = await db.insertInto('garminaccount').values({ user_id: user.id, email: 'g@example.com', encrypted_password: 'v1:x' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('garmin_session').values({ garmin_account_id: account.id, encrypted_tokens: 'v1:y' }).execute();
    await db.insertInto('garmin_workout_push').values({ user_id: user.id, session_id: '2026-12-01-0', workout_id: '901' }).execute();
    const analysis = await db.insertInto('analysis').values({ user_id: user.id, training_config_id: config.id }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('analysisresult').values({ analysis_id: analysis.id, node_name: 'report', result_type: 'summary' }).execute();
    await db.insertInto('analysisfile').values({ analysis_id: analysis.id, filename: 'r.html', file_type: 'report' }).execute();
    await db.insertInto('athlete_attributes').values({ user_id: user.id, sex: 'female', sex_source: 'athlete' }).execute();
    await db.insertInto('trainingconfig_availability').values({ training_config_id: config.id, mon_min: 60, rest_days: 'fri' }).execute();
    await db.insertInto('trainingconfig_model').values({ training_config_id: config.id, role: 'experts', model: 'gpt-5-mini' }).execute();
    await db.insertInto('model_call').values({ analysis_id: analysis.id, node_name: 'synthesis', attempt: 1, model: 'gpt-5', outcome: 'error', error: 'HTTP 503' }).execute();

    await db.deleteFrom('user').where('id', '=', user.id).execute();
    for (const table of ['trainingconfig', 'competition', 'garminaccount', 'analysis', 'analysisresult', 'analysisfile', 'athlete_attributes', 'trainingconfig_availability', 'trainingconfig_model', 'model_call', 'garmin_session', 'garmin_workout_push'] as const) {
      const { count } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      expect(count, table).toBe(0);
    }
  });

  it('trainingconfig_availability: cascades with its config and refuses 25 hours, negative minutes and unknown weekdays', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'av@example.com', hashed_password: 'x' }).returning('id').executeTakeFirstOrThrow();
    const config = await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main' }).returning('id').executeTakeFirstOrThrow();
    await expect(db.insertInto('trainingconfig_availability').values({ training_config_id: config.id, mon_min: 1500 }).execute()).rejects.toThrow(/check/i);
    await expect(db.insertInto('trainingconfig_availability').values({ training_config_id: config.id, tue_min: -5 }).execute()).rejects.toThrow(/check/i);
    await expect(db.insertInto('trainingconfig_availability').values({ training_config_id: config.id, rest_days: 'mon,funday' }).execute()).rejects.toThrow(/check/i);
    await db.insertInto('trainingconfig_availability').values({ training_config_id: config.id, sun_min: 180, long_day: 'sun' }).execute();
    await db.deleteFrom('trainingconfig').where('id', '=', config.id).execute();
    expect(await db.selectFrom('trainingconfig_availability').selectAll().execute()).toHaveLength(0);
  });

  it('keeps a config that still has analyses, and drops its races with it otherwise', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'b@example.com', hashed_password: 'x' }).returning('id').executeTakeFirstOrThrow();
    const config = await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('competition').values({ training_config_id: config.id, name: 'Race', date: '2027-04-11', priority: 'B' }).execute();
    await db.insertInto('analysis').values({ user_id: user.id, training_config_id: config.id }).execute();
    await expect(db.deleteFrom('trainingconfig').where('id', '=', config.id).execute()).rejects.toThrow(/analysis_training_config_id_fkey/);
    await db.deleteFrom('analysis').where('training_config_id', '=', config.id).execute();
    await db.deleteFrom('trainingconfig').where('id', '=', config.id).execute();
    const races = await db.selectFrom('competition').selectAll().execute();
    expect(races).toHaveLength(0);
  });

  it('moves updated_at forward on update and leaves created_at alone', async () => {
    const db = getDb();
    const before = await db.insertInto('user').values({ email: 'c@example.com', hashed_password: 'x' })
      .returning(['id', 'created_at', 'updated_at']).executeTakeFirstOrThrow();
    // now() is the transaction start, so a later statement in autocommit mode sees a later time.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await db.updateTable('user').set({ full_name: 'C' }).where('id', '=', before.id)
      .returning(['created_at', 'updated_at']).executeTakeFirstOrThrow();
    expect(after.created_at.getTime()).toBe(before.created_at.getTime());
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });

  it('enforces the allowed values of status, ai_mode, priority, result_type and file_type', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'd@example.com', hashed_password: 'x' }).returning('id').executeTakeFirstOrThrow();
    const config = await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'main' }).returning('id').executeTakeFirstOrThrow();
    const analysis = await db.insertInto('analysis').values({ user_id: user.id, training_config_id: config.id }).returning('id').executeTakeFirstOrThrow();
    await expect(db.updateTable('analysis').set({ status: 'exploded' as never }).execute()).rejects.toThrow(/analysis_status_check/);
    await expect(db.updateTable('trainingconfig').set({ ai_mode: 'turbo' as never }).execute()).rejects.toThrow(/ai_mode_check/);
    await expect(db.insertInto('competition').values({ training_config_id: config.id, name: 'R', date: '2027-01-01', priority: 'D' as never }).execute()).rejects.toThrow(/priority_check/);
    await expect(db.insertInto('analysisresult').values({ analysis_id: analysis.id, node_name: 'x', result_type: 'poem' as never }).execute()).rejects.toThrow(/result_type_check/);
    await expect(db.insertInto('analysisfile').values({ analysis_id: analysis.id, filename: 'x', file_type: 'movie' as never }).execute()).rejects.toThrow(/file_type_check/);
  });

  it('allows exactly one active config per user', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'e@example.com', hashed_password: 'x' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'one', is_active: true }).execute();
    await expect(db.insertInto('trainingconfig').values({ user_id: user.id, name: 'two', is_active: true }).execute())
      .rejects.toThrow(/ux_trainingconfig_one_active_per_user/);
    await db.insertInto('trainingconfig').values({ user_id: user.id, name: 'two', is_active: false }).execute();
  });

  it('rejects a second user with the same email', async () => {
    const db = getDb();
    await db.insertInto('user').values({ email: 'f@example.com', hashed_password: 'x' }).execute();
    await expect(db.insertInto('user').values({ email: 'f@example.com', hashed_password: 'y' }).execute()).rejects.toThrow(/ix_user_email/);
  });

  it('reads a date column as YYYY-MM-DD and counts as numbers, the same on every driver', async () => {
    const db = getDb();
    const user = await db.insertInto('user').values({ email: 'g@example.com', hashed_password: 'x' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('daily_metric').values({ user_id: user.id, date: '2026-03-01', resting_hr: 48 }).execute();
    const row = await db.selectFrom('daily_metric').select(['date', 'resting_hr']).executeTakeFirstOrThrow();
    expect(row).toEqual({ date: '2026-03-01', resting_hr: 48 });
    const { count } = await db.selectFrom('daily_metric').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });

  it('records the applied migrations', async () => {
    const status = await migrationStatus(getDb());
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });
});

it.runIf(databaseTargets.some((t) => t.name === 'postgres'))(
  'migrates an empty PGlite and an empty server to identical schemas',
  async () => {
    const pglite = await databaseTargets.find((t) => t.name === 'pglite')!.create();
    const server = await databaseTargets.find((t) => t.name === 'postgres')!.create();
    try {
      const [a, b] = [await schemaSnapshot(pglite.db), await schemaSnapshot(server.db)];
      expect(a.columns.length).toBeGreaterThan(100);
      expect(a).toEqual(b);
    } finally {
      await pglite.destroy();
      await server.destroy();
    }
  },
);

it('migrating twice is a no-op', async () => {
  const handle = await openDatabase({ dataDir: 'memory' });
  try {
    expect((await migrateToLatest(handle.db)).length).toBeGreaterThan(0);
    expect(await migrateToLatest(handle.db)).toEqual([]);
  } finally {
    await handle.close();
  }
});
