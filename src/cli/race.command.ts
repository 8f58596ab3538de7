import type { Command } from 'commander';

function raceOptions(command: Command): Command {
  return command
    .option('--name <name>', 'race name')
    .option('--date <YYYY-MM-DD>', 'race date')
    .option('--type <type>', 'race type, e.g. Marathon, Olympic Tri, Gran Fondo')
    .option('--priority <A|B|C>', 'A peak race, B important, C training race')
    .option('--target-time <HH:MM:SS>', 'target finish time')
    .option('--bikereg-id <id>', 'BikeReg event id')
    .option('--runreg-url <url>', 'RunReg event URL')
    .option('--config <name>', 'training config (default: the active one)');
}

/** `coach race ...`: target races of a training config. */
export function registerRaceCommands(program: Command): void {
  const race = program.command('race').description('your target races (of the active config, or --config NAME)');
  const actions = () => import('./race.actions.js');

  raceOptions(race.command('add').description('add a race (asks for missing values in a terminal)'))
    .option('--json', 'print the added race as JSON')
    .action(async (options) => (await actions()).addRaceAction(options));

  race
    .command('list')
    .description('list races by date with weeks to go; past races are marked')
    .option('--config <name>', 'training config (default: the active one)')
    .option('--upcoming', 'leave out past races')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).listRacesAction(options));

  raceOptions(
    race
      .command('edit')
      .description('change a race; "" clears an optional field')
      .argument('<race>', 'race id (or its first 8 characters) or exact name'),
  )
    .option('--json', 'print the updated race as JSON')
    .action(async (ref, options) => (await actions()).editRaceAction(ref, options));

  race
    .command('remove')
    .description('remove a race')
    .argument('<race>', 'race id (or its first 8 characters) or exact name')
    .option('--config <name>', 'training config (default: the active one)')
    .action(async (ref, options) => (await actions()).removeRaceAction(ref, options));
}
