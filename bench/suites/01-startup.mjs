// `coach --help` must stay instant: it loads commander and the command table only, never
// LangGraph, pg or PGlite. Target: under 3x a bare `node -e 0`.
import { COACH_BIN, timeCommand } from '../lib.mjs';

export const name = 'startup';

export async function run() {
  const node = timeCommand(process.execPath, ['-e', '0']);
  const help = timeCommand(process.execPath, [COACH_BIN, '--help']);
  return [
    { metric: 'node -e 0 (median)', value: node, unit: 'ms' },
    { metric: 'coach --help (median)', value: help, unit: 'ms' },
    { metric: 'coach --help / node -e 0', value: help / node, unit: 'x', target: '< 3' },
  ];
}
