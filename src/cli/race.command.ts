import type { Command } from 'commander';

// Filled in by the issue that owns the `race` command group.
export function registerRaceCommands(_program: Command): void {}
