import type { Command } from 'commander';
import { registerGarminIngestCommands } from './garmin-ingest.command.js';

/** `coach garmin ...`: account commands (link, status, unlink) and data commands (import, sync). */
export function registerGarminCommands(program: Command): void {
  const garmin = program.command('garmin').description('link Garmin Connect and bring your data in');
  registerGarminAccountCommands(garmin);
  registerGarminIngestCommands(garmin);
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
    .option('--mfa-code <code>', "the security code of Garmin's two-step verification, for scripts (in a terminal coach asks)")
    .addHelpText(
      'after',
      `
Signs in once (answering Garmin's two-step verification) and keeps the login tokens, so
syncs need neither the password nor a code. The encryption key comes from COACH_SECRET_KEY
(32 bytes, base64 or hex) or a key file created with mode 0600 in the config directory.`,
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
