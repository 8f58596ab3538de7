#!/usr/bin/env node
// Launcher: loads the built CLI and nothing else, so `coach --help` stays instant.
import('../dist/src/cli/main.js').then((cli) => cli.main(process.argv));
