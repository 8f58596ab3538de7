// `coach --help` must stay instant: it loads commander and the command table only, never
// LangGraph, pg or PGlite. Judged against `node -e 0` in interleaved pairs.
import { COACH_BIN, floors, measurePaired } from '../lib.mjs';

export const name = 'startup';

export async function run() {
  return [
    measurePaired({ metric: 'coach --help', command: [process.execPath, COACH_BIN, '--help'], floor: floors.node(), runs: 15, target: { ratio: 2 } }),
  ];
}
