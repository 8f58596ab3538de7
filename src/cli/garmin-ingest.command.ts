import type { Command } from 'commander';

/** `coach garmin import` and `coach garmin sync`: bring activities and wellness data in. */
export function registerGarminIngestCommands(garmin: Command): void {
  garmin
    .command('import')
    .description('import FIT files, folders of them (recursively), zips, or a Garmin Connect account export')
    .argument('<paths...>', 'FIT files, folders, .zip archives (e.g. the export zip Garmin emails you)')
    .option('--json', 'print the import summary as JSON on stdout')
    .addHelpText(
      'after',
      `
Each file is imported on its own: a corrupt, truncated or unrecognised file is reported on
stderr (one line each) and skipped, everything else imports. Importing the same data again
changes nothing; a newer version of an activity updates its row.

A path that does not exist is reported as missing, apart from corrupt files; when none of
the paths exist, nothing is imported and coach exits 1 with one line.

Exit codes: 0 everything imported; 1 some inputs could not be imported (the rest was).

Examples:
  $ coach garmin import ~/Downloads/garmin-export.zip
  $ coach garmin import ~/fit/ morning-run.fit --json`,
    )
    .action(async (paths: string[], options) => (await import('./garmin-ingest.actions.js')).importCommand(paths, options));

  garmin
    .command('sync')
    .description('download recent activities and daily metrics from Garmin Connect (needs `coach garmin link`)')
    .option('--json', 'print the sync summary as JSON on stdout')
    .addHelpText(
      'after',
      `
Downloads the activities of the last activities_days and the sleep, HRV, resting HR, stress,
body battery, training readiness and VO2max of the last metrics_days (set by \`coach garmin
link\`), and each new activity's original FIT file (laps, zones, best efforts). Uses the
login tokens \`coach garmin link\` stored (encrypted); exit code 77 when Garmin revoked them
and wants a code: run \`coach garmin link\` again. Rate limits and server errors are retried
with backoff. GARMIN_CONNECT_BASE_URL / GARMIN_SSO_BASE_URL override Garmin's hosts (https
only; from the environment, never from a .env).`,
    )
    .action(async (options) => (await import('./garmin-ingest.actions.js')).syncCommand(options));
}
