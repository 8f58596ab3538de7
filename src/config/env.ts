import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { coachPaths } from './paths.js';

/**
 * Loads `.env` files into process.env without overriding what the environment already has
 * (precedence: flags > env > .env > config file > defaults). The working directory's `.env`
 * wins over the one in coach's config directory.
 */
export function loadEnvFiles(cwd: string = process.cwd()): void {
  const candidates = [join(cwd, '.env'), join(coachPaths().configDir, '.env')];
  for (const path of candidates) {
    if (existsSync(path)) loadDotenv({ path, override: false, quiet: true } as Parameters<typeof loadDotenv>[0]);
  }
}
