import type { Command } from 'commander';

// Filled in by the issue that owns the `config` command group.
export function registerConfigCommands(_program: Command): void {}
