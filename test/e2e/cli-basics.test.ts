import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COACH_BIN, runCoach, tempCoachHome } from '../support/cli.js';

describe('coach (built binary)', () => {
  it('prints help with examples and exits 0', async () => {
    const result = await runCoach(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: coach');
    expect(result.stdout).toContain('Examples:');
  });

  it('stops quietly when the reader closes its output early (coach ... | head)', async () => {
    // Our end of the child's stdout is closed before it writes: every write fails with EPIPE.
    const child = spawn(process.execPath, [COACH_BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints the package version', async () => {
    const result = await runCoach(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 with one line on stderr for an unknown command', async () => {
    const result = await runCoach(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('creates and migrates the embedded database under COACH_HOME, and reports status as JSON', async () => {
    const home = tempCoachHome({ empty: true });
    const migrate = await runCoach(['db', 'migrate'], { env: { COACH_HOME: home } });
    expect(migrate.code).toBe(0);
    // A new database is a copy of the build's migrated template (dist/pglite-template), so it
    // arrives up to date; migrations newer than the template would be applied here.
    expect(migrate.stderr).toMatch(/up to date|applied 00/);
    expect(existsSync(join(home, 'data', 'db'))).toBe(true);
    // The lock is released when the command ends.
    expect(existsSync(join(home, 'data', 'db.lock'))).toBe(false);

    const again = await runCoach(['db', 'migrate'], { env: { COACH_HOME: home } });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/up to date/);

    const status = await runCoach(['db', 'status', '--json'], { env: { COACH_HOME: home } });
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.database).toBe('pglite');
    expect(doc.migrations[0]).toMatchObject({ name: '0001_initial_schema' });
    for (const migration of doc.migrations) expect(migration.appliedAt, migration.name).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('starts e2e homes from a migrated template database, ready to use', async () => {
    const result = await runCoach(['db', 'migrate'], { env: { COACH_HOME: tempCoachHome() } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/up to date/);
  });

  it('gives a one-line error, without the password, when the database server is unreachable', async () => {
    const result = await runCoach(['db', 'status'], {
      env: { DATABASE_URL: 'postgres://coach:sup3r-s3cret@127.0.0.1:1/nowhere', COACH_HOME: tempCoachHome() },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^coach: cannot connect to the database server/);
    expect(result.stderr).not.toContain('sup3r-s3cret');
  });
});
