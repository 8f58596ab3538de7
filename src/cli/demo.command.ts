import type { Command } from 'commander';

const HELP = `
Makes a synthetic athlete (demo@example.com) with zones, two races and a year of training
and wellness data ending today, imports it the way a Garmin export is imported, and runs
the offline analysis: the report (HTML with charts, Markdown, JSON) shows what coach does
before you have imported anything. It becomes the current user only when there is none;
otherwise act as it with COACH_USER=demo@example.com. Running it again refreshes its races
and runs a new analysis.

Examples:
  $ coach demo
  $ coach demo --json | jq .analysis.weeklyPlan`;

/** `coach demo`: a synthetic athlete, imported and analysed, for a first run. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('try coach on a synthetic athlete with a year of data ending today')
    .option('--no-plots', 'do not draw plots')
    .option('--json', 'print the analysis as JSON (like coach analyze --json)')
    .addHelpText('after', HELP)
    .action(async (options) => (await import('./demo.actions.js')).demoAction(options));
}
