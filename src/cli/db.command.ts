import type { Command } from 'commander';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending schema migrations (commands also do this automatically)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).migrate(options));
  db.command('backup')
    .description('write every row of the database to a JSON backup file (loads into PGlite or a Postgres server)')
    .argument('[file]', 'where to write it (default: <data dir>/backups/coach-<time>.json)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, options: { json?: boolean }) => (await import('./db.actions.js')).backup(file, options));
  db.command('restore')
    .description('replace every row of the database with a backup\'s, in one transaction')
    .argument('<file>', 'a file written by coach db backup')
    .option('--yes', 'replace a database that already has rows')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { yes?: boolean; json?: boolean }) => (await import('./db.actions.js')).restore(file, options));
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).status(options));
  db.command('rescore')
    .description("re-derive stored activities' normalized power (stops left out) and time in zones (active zones)")
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).rescore(options));
}
