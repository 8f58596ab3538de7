import type { Command } from 'commander';

// Filled in by the issue that owns `coach analyze`.
export function registerAnalyzeCommand(_program: Command): void {}
