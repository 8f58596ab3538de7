import type { Command } from 'commander';

/** Options shared by `config create` and `config edit`: one flag per trainingconfig field. */
function settingOptions(command: Command): Command {
  return command
    .option('--analysis-context <text>', 'context for analysing your training')
    .option('--planning-context <text>', 'constraints for planning (days, hours, preferences)')
    .option('--activities-days <n>', 'days of activities to analyse (1-3650; default 21)')
    .option('--metrics-days <n>', 'days of daily metrics to analyse (1-3650; default 56)')
    .option('--ai-mode <mode>', 'development | standard | cost_effective (default standard)')
    .option('--plotting', 'draw plots in reports (default)')
    .option('--no-plotting', 'no plots in reports')
    .option('--hitl', 'let the coach ask you questions during an analysis (default)')
    .option('--no-hitl', 'never ask questions during an analysis')
    .option('--skip-synthesis', 'skip the final synthesis step')
    .option('--no-skip-synthesis', 'run the final synthesis step (default)')
    .option('--output-directory <dir>', 'folder for reports ("" for the default)')
    .option('--day-minutes <list>', 'minutes you can train per weekday, e.g. mon=60,tue=45,sat=1h30 (DAY= clears one; 0 = no training)')
    .option('--rest-days <list>', 'fixed rest days, e.g. mon,fri ("" for none)')
    .option('--two-a-day', 'allow two sessions on one day')
    .option('--no-two-a-day', 'one session a day at most (default)')
    .option('--long-day <day>', 'the day for the long session, e.g. sun ("" for any)');
}

/** `coach config ...`: training configs (settings for analyses), and the YAML file format. */
export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('training configs: contexts, history windows, AI mode, output; YAML import/export');
  const actions = () => import('./config.actions.js');

  settingOptions(
    config
      .command('create')
      .description('create a training config (without NAME, in a terminal, asks for every value not given as a flag)')
      .argument('[name]', 'name of the new config'),
  )
    .option('--activate', 'make it the active config (the first config always is)')
    .option('--json', 'print the created config as JSON')
    .action(async (name, options) => (await actions()).createConfigAction(name, options));

  config
    .command('list')
    .description('list your training configs; * marks the active one')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).listConfigsAction(options));

  config
    .command('show')
    .description('show a config with its races and zones (default: the active config)')
    .argument('[name]', 'config name')
    .option('--config <name>', 'config name (same as the argument)')
    .option('--json', 'print JSON')
    .action(async (name, options) => (await actions()).showConfigAction(name, options));

  settingOptions(
    config
      .command('edit')
      .description('change fields of a config (default: the active config)')
      .argument('[name]', 'config name')
      .option('--config <name>', 'config name (same as the argument)')
      .option('--rename <new-name>', 'give the config a new name'),
  )
    .option('--json', 'print the updated config as JSON')
    .action(async (name, options) => (await actions()).editConfigAction(name, options));

  config
    .command('activate')
    .description('make a config the active one (used by `coach analyze`)')
    .argument('<name>', 'config name')
    .action(async (name) => (await actions()).activateConfigAction(name));

  config
    .command('delete')
    .description('delete a config with its races and zones')
    .argument('<name>', 'config name')
    .option('--force', 'also delete the analyses made with it, and their report files')
    .action(async (name, options) => (await actions()).deleteConfigAction(name, options));

  config
    .command('import')
    .description('create or replace a config, its races and zones from a YAML file (all or nothing)')
    .argument('<file>', 'YAML file in the format of config.example.yaml')
    .option('--activate', 'make the imported config the active one')
    .option('--json', 'print the outcome as JSON')
    .action(async (file, options) => (await actions()).importConfigAction(file, options));

  config
    .command('export')
    .description('write a config, its races and zones as YAML (default: the active config, to stdout)')
    .argument('[name]', 'config name')
    .option('--config <name>', 'config name (same as the argument)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (name, options) => (await actions()).exportConfigAction(name, options));
}
