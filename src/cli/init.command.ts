import type { Command } from 'commander';

/** `coach init`, `coach login`, `coach whoami`: the athlete's account. */
export function registerInitCommands(program: Command): void {
  program
    .command('init')
    .description('create your athlete profile and make it the current user (asks in a terminal; flags for scripts)')
    .option('--email <email>', 'your email (your login; stored lower-case)')
    .option('--name <name>', 'your full name')
    .option('--password-stdin', 'read the password from standard input (at least 8 characters)')
    .option('--athlete-context <text>', 'background the coach should always know (history, injuries, life)')
    .option('--planning-context <text>', 'what the coach should keep in mind when planning (time, goals)')
    .option('--sex <female|male>', 'optional: heart-rate load (TRIMP) uses sex-specific constants')
    .option('--json', 'print the new user as JSON')
    .addHelpText(
      'after',
      `
Without a terminal (scripts, CI) --email, --name and --password-stdin are required:
  $ printf '%s' "$PASSWORD" | coach init --email ana@example.com --name "Ana Runner" --password-stdin
A training config named "main" with default settings is created and made active.`,
    )
    .action(async (options) => (await import('./init.actions.js')).init(options));

  program
    .command('login')
    .description('switch the current user (verifies the password)')
    .option('--email <email>', 'the account to switch to')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print the user as JSON')
    .action(async (options) => (await import('./init.actions.js')).login(options));

  program
    .command('whoami')
    .description('show the current user')
    .option('--json', 'print the user as JSON')
    .action(async (options) => (await import('./init.actions.js')).whoami(options));
}
