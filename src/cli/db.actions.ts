import { openDatabase } from '../db/connection.js';
import { migrateToLatest, migrationStatus } from '../db/migrator.js';
import { print, printJson, printTable, say } from './output.js';

export async function migrate(options: { json?: boolean }): Promise<void> {
  const handle = await openDatabase({ lockLabel: 'coach db migrate' });
  try {
    const applied = await migrateToLatest(handle.db);
    if (options.json) {
      printJson({ database: handle.dialect, location: handle.location, applied });
      return;
    }
    if (applied.length === 0) say(`database is up to date (${handle.dialect}: ${handle.location})`);
    else for (const name of applied) say(`applied ${name}`);
  } finally {
    await handle.close();
  }
}

export async function status(options: { json?: boolean }): Promise<void> {
  const handle = await openDatabase({ lockLabel: 'coach db status' });
  try {
    const migrations = await migrationStatus(handle.db);
    if (options.json) {
      printJson({
        database: handle.dialect,
        location: handle.location,
        migrations: migrations.map((m) => ({ name: m.name, appliedAt: m.executedAt?.toISOString() ?? null })),
      });
      return;
    }
    print(`${handle.dialect}: ${handle.location}`);
    await printTable(
      ['migration', 'applied at'],
      migrations.map((m) => [m.name, m.executedAt ? m.executedAt.toISOString() : 'pending']),
    );
  } finally {
    await handle.close();
  }
}

/** `coach db rescore`: stored activities brought to the current conventions and active zones. */
export async function rescore(options: { json?: boolean }): Promise<void> {
  const { withUser } = await import('./context.js');
  await withUser(async ({ db, user }) => {
    const { rescoreStoredActivities, describeRescore } = await import('../garmin/rescore-service.js');
    const summary = await rescoreStoredActivities(db, user.id);
    if (options.json) printJson({ ...summary });
    else say(describeRescore(summary) ?? `${summary.activities} activities: nothing to re-score`);
  }, 'coach db rescore');
}
