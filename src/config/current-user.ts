import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coachPaths } from './paths.js';

/**
 * Who "I" am: remembered in the config directory after `coach init` / `coach login`.
 * `COACH_USER=email` overrides it for one command (scripts acting for several athletes).
 */
export interface CurrentUser {
  userId?: string;
  email: string;
}

function currentUserFile(): string {
  return join(coachPaths().configDir, 'current-user.json');
}

export function readCurrentUser(env: NodeJS.ProcessEnv = process.env): CurrentUser | undefined {
  if (env.COACH_USER) return { email: env.COACH_USER.trim().toLowerCase() };
  const file = currentUserFile();
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CurrentUser;
    return typeof parsed.email === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writeCurrentUser(user: { userId: string; email: string }): void {
  const dir = coachPaths().configDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(currentUserFile(), JSON.stringify({ userId: user.userId, email: user.email }, null, 2) + '\n', {
    mode: 0o600,
  });
}

export function clearCurrentUser(): void {
  rmSync(currentUserFile(), { force: true });
}
