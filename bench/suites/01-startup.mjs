// `coach --help` must stay instant: it loads commander and the command table only, never
// LangGraph, pg or PGlite. Target: under 3x a bare `node -e 0`. Medians of 15 runs; the CPU
// time ratio is shown too because wall time on a shared machine includes waiting for a core.
import { COACH_BIN, measureCommand } from '../lib.mjs';

export const name = 'startup';

export async function run() {
  const node = measureCommand(process.execPath, ['-e', '0']);
  const help = measureCommand(process.execPath, [COACH_BIN, '--help']);
  return [
    { metric: 'node -e 0 (median of 15)', value: node.wallMs, unit: 'ms' },
    { metric: 'coach --help (median of 15)', value: help.wallMs, unit: 'ms' },
    { metric: 'coach --help / node -e 0, wall time', value: help.wallMs / node.wallMs, unit: 'x', target: '< 3' },
    { metric: 'coach --help / node -e 0, CPU time', value: help.cpuMs / node.cpuMs, unit: 'x', target: '< 3' },
  ];
}
