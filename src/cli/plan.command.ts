import type { Command } from 'commander';

/** `coach plan ...`: the stored training plan, out to the watch and the calendar. */
export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('your training plan: export it to a watch or a calendar, or check a plan file');
  const actions = () => import('./plan.actions.js');

  plan
    .command('export')
    .description("write the plan's week as FIT workouts, an iCalendar file or Zwift workouts")
    .option('--format <format>', 'fit (one workout per session) | ics (one calendar) | zwo (rides only) | garmin (Connect workout JSON per session)', 'fit')
    .option('--out <dir>', 'folder to write into (default: <output dir>/<analysis id>/plan)')
    .option('--config <name>', 'the training config (default: the active one)')
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ coach plan export --format fit --out /media/GARMIN/GARMIN/NewFiles
  $ coach plan export --format ics --out ~/calendar
  $ coach plan export --format zwo --out ~/Documents/Zwift/Workouts/123456

The plan is the newest completed analysis of the config (run \`coach analyze\` first).`,
    )
    .action(async (options) => (await actions()).exportPlanAction(options));

  plan
    .command('check')
    .description('check a plan file (coach plan JSON, version 2) against the plan rules; exit 1 with the violations')
    .argument('<file>', 'a plan JSON file, or an analysis export holding one under weeklyPlan')
    .option('--json', 'print { ok, violations } as JSON')
    .action(async (file, options) => (await import('./plan-check.actions.js')).checkPlanAction(file, options));
}
