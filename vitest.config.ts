import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: PGlite (WASM) and argon2 (native) are happiest in their own process.
    pool: 'forks',
    // Vitest's default is cores - 1, i.e. one file at a time on a 2-core CI machine, while
    // e2e files mostly wait on the coach processes they start. Two workers use both cores.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
