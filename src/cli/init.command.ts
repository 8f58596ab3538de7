import type { Command } from 'commander';

// Filled in by the issue that owns the `init` command group.
export function registerInitCommands(_program: Command): void {}
