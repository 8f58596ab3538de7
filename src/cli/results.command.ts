import type { Command } from 'commander';

/** `coach results ...`: list, show and export analyses of the current user. */
export function registerResultsCommands(program: Command): void {
  const results = program
    .command('results')
    .description('your analyses: list them, show one, export JSON / Markdown / HTML')
    .addHelpText(
      'after',
      `
Examples:
  $ coach results list --status completed --limit 5
  $ coach results show 1a2b3c4d
  $ coach results export --latest --format json | jq .weeklyPlan
  $ coach results export --latest --format html -o report.html
  $ coach results export --format ndjson --status completed > analyses.ndjson

The JSON export follows templates/schema/analysis-export.schema.json (schemaVersion 1).`,
    );
  const actions = () => import('./results.actions.js');

  results
    .command('list')
    .description('your analyses, newest first: date, config, status, mode, tokens, cost')
    .option('--status <list>', 'only these statuses, comma separated: pending,running,completed,failed')
    .option('--limit <n>', 'at most N analyses (default 20)')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).listResultsAction(options));

  results
    .command('show')
    .description('one analysis: summary, recommendations, next week as a table, node results, files')
    .argument('<id>', 'analysis id (or its first 8 characters, as `coach results list` shows)')
    .option('--json', 'print the export document as JSON')
    .action(async (id, options) => (await actions()).showResultAction(id, options));

  results
    .command('export')
    .description('export an analysis (JSON, Markdown, HTML) or many (NDJSON); to stdout unless -o')
    .argument('[id]', 'analysis id or its first 8 characters')
    .option('--latest', 'the newest completed analysis')
    .option('--format <format>', 'json | md | html | ndjson', 'json')
    .option('-o, --output <path>', 'write to this file (or into this folder) instead of stdout')
    .option('--status <list>', 'ndjson: only these statuses, comma separated')
    .option('--limit <n>', 'ndjson: at most N analyses, newest first')
    .action(async (id, options) => (await actions()).exportResultsAction(id, options));
}
