import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { ENVIRONMENT_ONLY } from './endpoints.js';
import { coachPaths } from './paths.js';

/**
 * Loads `.env` files into process.env without overriding what the environment already has
 * (precedence: flags > env > .env > config file > defaults). The working directory's `.env`
 * wins over the one in coach's config directory. Settings that say where credentials go
 * (ENVIRONMENT_ONLY in endpoints.ts) are ignored in a `.env`, with a warning.
 */
export function loadEnvFiles(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): void {
  const candidates = [join(cwd, '.env'), join(coachPaths(env).configDir, '.env')];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    let values: Record<string, string>;
    try {
      values = parse(readFileSync(path));
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if ((ENVIRONMENT_ONLY as readonly string[]).includes(key)) {
        process.stderr.write(`coach: warning: ${path}: ${key} is ignored (it can only be set in the environment)\n`);
        continue;
      }
      if (env[key] === undefined) env[key] = value;
    }
  }
}
