import { UserError } from '../errors.js';

/**
 * Queue settings from the environment (every worker and every enqueuing command must agree,
 * so they are not per-command flags):
 * - COACH_JOB_ATTEMPTS: tries per job before it is dead (default 3);
 * - COACH_JOB_TIMEOUT_S: how long a job may stay active before pg-boss's supervisor treats its
 *   worker as gone and makes it available again (default 900 s). It must exceed the longest
 *   analysis: it is also how soon a job of a worker killed with kill -9 is retried.
 * - COACH_JOB_RETRY_DELAY_S: the first retry's delay, doubled each time (default 30 s).
 */
export interface JobSettings {
  attempts: number;
  timeoutSeconds: number;
  retryDelaySeconds: number;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`${name} must be a whole number from ${min} to ${max} (got "${raw.slice(0, 20)}")`);
  return value;
}

export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  return {
    attempts: intSetting(env, 'COACH_JOB_ATTEMPTS', 3, 1, 100),
    // pg-boss caps expiration below 24 hours.
    timeoutSeconds: intSetting(env, 'COACH_JOB_TIMEOUT_S', 900, 1, 86_399),
    retryDelaySeconds: intSetting(env, 'COACH_JOB_RETRY_DELAY_S', 30, 0, 86_400),
  };
}
