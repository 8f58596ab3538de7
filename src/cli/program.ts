import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/paths.js';
import { registerAnalyzeCommand } from './analyze.command.js';
import { registerConfigCommands } from './config.command.js';
import { registerDbCommands } from './db.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerGarminCommands } from './garmin.command.js';
import { registerInitCommands } from './init.command.js';
import { registerPlanCommands } from './plan.command.js';
import { registerJobCommands } from './jobs.command.js';
import { registerRaceCommands } from './race.command.js';
import { registerResultsCommands } from './results.command.js';
import { registerTodayCommand } from './today.command.js';
import { registerZonesCommands } from './zones.command.js';

const EXAMPLES = `
Examples:
  $ coach demo                                  try it: a synthetic athlete, imported and analysed
  $ coach init                                  create your athlete profile (interactive)
  $ coach garmin import ~/Downloads/garmin.zip  import a Garmin Connect data export or FIT files
  $ coach race add --name "City Marathon" --date 2027-04-11 --priority A --target-time 03:15:00
  $ coach analyze                               analyse training and plan next week
  $ coach results export --latest --format json | jq .weeklyPlan

Data lives in $XDG_DATA_HOME/coach (embedded Postgres); set DATABASE_URL to use a Postgres server.
`;

/**
 * The command table. Each group registers its commands from its own `*.command.ts`, which
 * imports only commander; the work itself is loaded with import() when a command runs.
 */
export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const program = new Command('coach')
    .description('An AI endurance coach for the command line: Garmin data in, honest analysis and next week\'s plan out.')
    .version(version, '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  registerInitCommands(program);
  registerGarminCommands(program);
  registerConfigCommands(program);
  registerRaceCommands(program);
  registerZonesCommands(program);
  registerAnalyzeCommand(program);
  registerResultsCommands(program);
  registerPlanCommands(program);
  registerTodayCommand(program);
  registerDbCommands(program);
  registerDemoCommand(program);
  registerJobCommands(program);

  // Subcommands inherit exit behaviour so every parse error reaches main().
  const applyExitOverride = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(applyExitOverride);
  };
  applyExitOverride(program);
  return program;
}
