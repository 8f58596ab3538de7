#!/usr/bin/env node
// Launcher: loads the bundled CLI (dist/bundle, made by `npm run build`) and nothing else, so
// `coach --help` stays instant. With --debug, stack traces are mapped back to src/ through the
// bundle's source maps; only then, since reading the maps costs start-up time.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
import('../dist/bundle/main.js').then((cli) => cli.main(process.argv));
