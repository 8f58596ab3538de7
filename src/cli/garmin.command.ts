import type { Command } from 'commander';
import { registerGarminIngestCommands } from './garmin-ingest.command.js';

/** `coach garmin ...`: account commands (link, status, unlink) and data commands (import, sync). */
export function registerGarminCommands(program: Command): void {
  const garmin = program.command('garmin').description('link Garmin Connect and bring your data in');
  registerGarminAccountCommands(garmin);
  registerGarminIngestCommands(garmin);
  registerGarminPushCommand(garmin);
}

/** push: the plan's week as Garmin Connect workouts on the calendar. */
function registerGarminPushCommand(garmin: Command): void {
  garmin
    .command('push')
    .description("put the plan's week on your Garmin Connect calendar as structured workouts (they sync to the watch)")
    .option('--dry-run', 'print what would be created, updated and removed; send nothing')
    .option('--remove', 'take every workout coach pushed off Garmin Connect')
    .option('--config <name>', 'the training config whose plan is pushed (default: the active one)')
    .option('--json', 'print the changes as JSON')
    .addHelpText(
      'after',
      `
Pushes week 1 of the newest completed analysis's plan. Pushing again updates the workouts
coach created (never duplicates them) and removes those whose session left the plan.

Examples:
  $ coach garmin push --dry-run
  $ coach garmin push
  $ coach garmin push --remove`,
    )
    .action(async (options) => (await import('./garmin-push.actions.js')).push(options));
}

/** link, status, unlink: the Garmin Connect login (the password is stored encrypted). */
function registerGarminAccountCommands(garmin: Command): void {
  garmin
    .command('link')
    .description('sign in to Garmin Connect and store the login (password and tokens encrypted with AES-256-GCM)')
    .option('--email <email>', 'Garmin Connect email')
    .option('--password-stdin', 'read the Garmin password from standard input')
    .option('--activities-days <n>', 'days of activities to fetch (default: 21, or the previous link)')
    .option('--metrics-days <n>', 'days of daily metrics to fetch (default: 56, or the previous link)')
    .option('--mfa-code <code>', "the security code of Garmin's two-step verification, for scripts (in a terminal coach asks); alone, it finishes a sign-in waiting for its code")
    .addHelpText(
      'after',
      `
Signs in once (answering Garmin's two-step verification) and keeps the login tokens, so
syncs need neither the password nor a code. The encryption key comes from COACH_SECRET_KEY
(32 bytes, base64 or hex) or a key file created with mode 0600 in the config directory.

Scripts on an account with two-step verification link in two runs: the first stops when
Garmin sends the code (exit 12) and keeps the waiting sign-in encrypted for 15 minutes; the
second submits the code to it.

Examples:
  $ printf %s "$PW" | coach garmin link --email ada@example.com --password-stdin
  $ coach garmin link --mfa-code 123456`,
    )
    .action(async (options) => (await import('./garmin-account.actions.js')).link(options));
  garmin
    .command('status')
    .description('show the linked Garmin account: connected, last sync, last error')
    .option('--json', 'print the status as JSON')
    .action(async (options) => (await import('./garmin-account.actions.js')).status(options));
  garmin
    .command('unlink')
    .description('delete the stored Garmin login and encrypted password')
    .action(async () => (await import('./garmin-account.actions.js')).unlink());
}
