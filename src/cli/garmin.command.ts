import type { Command } from 'commander';

// Filled in by the issue that owns the `garmin` command group.
export function registerGarminCommands(_program: Command): void {}
