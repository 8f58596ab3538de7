import type { Command } from 'commander';
import { registerGarminIngestCommands } from './garmin-ingest.command.js';

/** `coach garmin ...`: account commands (link, status, unlink) and data commands (import, sync). */
export function registerGarminCommands(program: Command): void {
  const garmin = program.command('garmin').description('link Garmin Connect and bring your data in');
  registerGarminAccountCommands(garmin);
  registerGarminIngestCommands(garmin);
}

// Filled in by the athlete set-up issue: link, status, unlink.
function registerGarminAccountCommands(_garmin: Command): void {}
