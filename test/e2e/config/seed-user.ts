import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../../src/db/connection.js';
import { migrateToLatest } from '../../../src/db/migrator.js';
import { insertUser } from '../../../src/db/users.repository.js';

/**
 * Puts an athlete into a COACH_HOME's embedded database and makes them the current user,
 * so these e2e tests do not depend on `coach init` (another command group). The password
 * hash is a placeholder: nothing here logs in.
 */
export async function seedUser(home: string, email = 'jane@example.com', fullName = 'Jane Runner'): Promise<string> {
  const handle = await openDatabase({ dataDir: join(home, 'data', 'db') });
  try {
    await migrateToLatest(handle.db);
    const user = await insertUser(handle.db, { email, full_name: fullName, hashed_password: '$argon2id$placeholder' });
    mkdirSync(join(home, 'config'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'config', 'current-user.json'), JSON.stringify({ userId: user.id, email: user.email }) + '\n', {
      mode: 0o600,
    });
    return user.id;
  } finally {
    await handle.close();
  }
}

/** Row counts of the tables config/race/zones commands write, to prove a failure wrote nothing. */
export async function rowCounts(home: string): Promise<Record<string, number>> {
  const handle = await openDatabase({ dataDir: join(home, 'data', 'db') });
  try {
    const counts: Record<string, number> = {};
    for (const table of ['user', 'trainingconfig', 'competition', 'training_zones', 'analysis']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
      counts[table] = rows[0].n;
    }
    return counts;
  } finally {
    await handle.close();
  }
}
