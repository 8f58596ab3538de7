#!/usr/bin/env node
// Launcher: loads the bundled CLI (dist/bundle, made by `npm run build`) and nothing else, so
// `coach --help` stays instant. With --debug, stack traces are mapped back to src/ through the
// bundle's source maps; only then, since reading the maps costs start-up time.
import { setFlagsFromString } from 'node:v8';

// V8 hands a function to its optimising compiler (TurboFan, on background threads) after a
// small budget of executed bytecode. A coach command runs for a second or a few: much of that
// compilation never pays back, and it is CPU time all the same. Eight times the budget
// leaves only the really hot code (a year's FIT import, a long-running worker) to TurboFan:
// offline analyze 0.83-0.85x CPU, `race list` ~0.94x, a 33-file import 0.96x, in paired runs
// (bench/README.md); `--max-opt=1` (no optimiser at all) made the import 2.4x slower.
// Set before any of coach's code runs, so every function gets the larger budget.
setFlagsFromString('--interrupt-budget=540672');
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
import('../dist/bundle/main.js').then((cli) => cli.main(process.argv));
