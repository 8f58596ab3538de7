import type { Command } from 'commander';

// Filled in by the data-ingest issue: import, sync.
export function registerGarminIngestCommands(_garmin: Command): void {}
