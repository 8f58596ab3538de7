import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where coach keeps things (XDG base directories):
 * - data (the embedded database, default outputs): `$XDG_DATA_HOME/coach`, default `~/.local/share/coach`
 * - config (key file, current user): `$XDG_CONFIG_HOME/coach`, default `~/.config/coach`
 * `COACH_HOME` overrides both (`$COACH_HOME/data`, `$COACH_HOME/config`), which is what tests use.
 */
export interface CoachPaths {
  dataDir: string;
  configDir: string;
  /** The embedded PGlite database directory. */
  databaseDir: string;
  /** Default root for analysis outputs when a config names no output_directory. */
  outputDir: string;
}

export function coachPaths(env: NodeJS.ProcessEnv = process.env): CoachPaths {
  const home = env.COACH_HOME ? resolve(env.COACH_HOME) : undefined;
  const dataDir = home
    ? join(home, 'data')
    : join(env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share'), 'coach');
  const configDir = home
    ? join(home, 'config')
    : join(env.XDG_CONFIG_HOME ? resolve(env.XDG_CONFIG_HOME) : join(homedir(), '.config'), 'coach');
  return { dataDir, configDir, databaseDir: join(dataDir, 'db'), outputDir: join(dataDir, 'outputs') };
}

let cachedRoot: string | undefined;

/**
 * The package root (where package.json, templates/ and migrations/ live). Found by walking
 * up from this module, so it works from `src/` under vitest and from `dist/src/` when built.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('coach: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}
