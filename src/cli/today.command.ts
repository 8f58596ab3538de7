import type { Command } from 'commander';

/** `coach today`: the morning gate for people and scripts. */
export function registerTodayCommand(program: Command): void {
  program
    .command('today')
    .description("today's planned session and a readiness verdict from last night's HRV, resting HR and sleep")
    .option('--config <name>', 'the training config (default: the active one)')
    .option('--json', 'print the answer as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 green (train as planned), 10 amber (train, keep an eye on it),
11 red (take the easier session shown instead), 1 an error (no plan, no user).

Examples:
  $ coach today
  $ coach today --json | jq .readiness.verdict
  $ coach today >/dev/null; [ $? -eq 11 ] && notify-send "coach: easy day"`,
    )
    .action(async (options) => (await import('./today.actions.js')).todayAction(options));
}
