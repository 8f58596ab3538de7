import type { Command } from 'commander';

// Filled in by the issue that owns the `results` command group.
export function registerResultsCommands(_program: Command): void {}
