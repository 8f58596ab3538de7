import type { Command } from 'commander';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending schema migrations (commands also do this automatically)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).migrate(options));
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).status(options));
  db.command('rescore')
    .description("re-derive stored activities' normalized power (stops left out) and time in zones (active zones)")
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => (await import('./db.actions.js')).rescore(options));
}
