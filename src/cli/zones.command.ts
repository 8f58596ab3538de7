import type { Command } from 'commander';

// Filled in by the issue that owns the `zones` command group.
export function registerZonesCommands(_program: Command): void {}
