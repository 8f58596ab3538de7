import type { Command } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `coach zones ...`: training zones per discipline of a training config. */
export function registerZonesCommands(program: Command): void {
  const zones = program
    .command('zones')
    .description('training zones per discipline (Running, Cycling, Swimming)')
    .addHelpText('after', '\nExample:\n  $ coach zones set --discipline Running --zone "Z2=140-152 bpm" --zone "Threshold HR=172 bpm"\n');
  const actions = () => import('./zones.actions.js');

  zones
    .command('set')
    .description('set zones of one discipline: NAME=VALUE, a known name gets the new value')
    .requiredOption('--discipline <discipline>', 'Running, Cycling or Swimming')
    .option('--zone <name=value>', 'a zone, e.g. "Z2=140-152 bpm" (repeatable)', collect, [])
    .option('--replace', "remove the discipline's other zones first")
    .option('--config <name>', 'training config (default: the active one)')
    .option('--json', 'print the discipline\'s zones as JSON')
    .action(async (options) => (await actions()).setZonesAction(options));

  zones
    .command('list')
    .description('list zones')
    .option('--discipline <discipline>', 'only this discipline')
    .option('--config <name>', 'training config (default: the active one)')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).listZonesAction(options));

  zones
    .command('suggest')
    .description("thresholds (FTP, threshold pace, CSS) the last 90 days' maximal efforts put more than 3% from the zones, with the evidence")
    .option('--apply', 'write the suggested values into the zones (recorded with date and source) and re-score the activities')
    .option('--config <name>', 'training config (default: the active one)')
    .option('--json', 'print the suggestions as JSON')
    .action(async (options) => (await actions()).suggestZonesAction(options));

  zones
    .command('remove')
    .description("remove a discipline's zones (all, or the --zone names given)")
    .requiredOption('--discipline <discipline>', 'Running, Cycling or Swimming')
    .option('--zone <name>', 'only this zone name (repeatable)', collect, [])
    .option('--config <name>', 'training config (default: the active one)')
    .action(async (options) => (await actions()).removeZonesAction(options));
}
