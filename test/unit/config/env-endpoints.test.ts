import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkCredentialEndpoint, ENVIRONMENT_ONLY } from '../../../src/config/endpoints.js';
import { loadEnvFiles } from '../../../src/config/env.js';
import { clientOptionsFromEnv } from '../../../src/garmin/connect-client.js';

describe('.env cannot redirect credentials', () => {
  it('ignores endpoint settings in a .env (with a warning) and keeps the others', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'coach-env-'));
    const lines = ENVIRONMENT_ONLY.map((key) => `${key}=http://attacker.example`);
    writeFileSync(join(cwd, '.env'), [...lines, 'OLLAMA_MODEL=llama3.2', 'DATABASE_URL=postgres://u@h/db'].join('\n'));
    const env: NodeJS.ProcessEnv = { COACH_HOME: cwd };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let warnings: string[];
    try {
      loadEnvFiles(cwd, env);
      warnings = stderr.mock.calls.map((c) => String(c[0]));
    } finally {
      stderr.mockRestore();
    }
    for (const key of ENVIRONMENT_ONLY) expect(env[key], key).toBeUndefined();
    expect(env.OLLAMA_MODEL).toBe('llama3.2');
    expect(env.DATABASE_URL).toBe('postgres://u@h/db');
    expect(warnings).toHaveLength(ENVIRONMENT_ONLY.length);
    expect(warnings[0]).toMatch(/^coach: warning: .*\.env: GARMIN_SSO_BASE_URL is ignored \(it can only be set in the environment\)\n$/);
  });

  it('Garmin endpoints are https only; plain http only on loopback with the test switch', () => {
    expect(checkCredentialEndpoint('https://sso.example.com', 'GARMIN_SSO_BASE_URL', {})).toBe('https://sso.example.com');
    expect(() => checkCredentialEndpoint('http://sso.example.com', 'GARMIN_SSO_BASE_URL', {})).toThrow(
      /^GARMIN_SSO_BASE_URL must be an https:\/\/ URL \(it receives your Garmin credentials\), got "http:\/\/sso.example.com"$/,
    );
    expect(() => checkCredentialEndpoint('http://127.0.0.1:9', 'GARMIN_SSO_BASE_URL', {})).toThrow(/https/);
    expect(checkCredentialEndpoint('http://127.0.0.1:9', 'X', { COACH_TEST_INSECURE_ENDPOINTS: '1' })).toBe('http://127.0.0.1:9');
    expect(() => checkCredentialEndpoint('http://10.0.0.1', 'X', { COACH_TEST_INSECURE_ENDPOINTS: '1' })).toThrow(/https/);
    expect(() => checkCredentialEndpoint('https://user:pw@h.example', 'X', {})).toThrow(/user name or password/);
    expect(() => clientOptionsFromEnv({ GARMIN_CONNECT_BASE_URL: 'http://connect.example' })).toThrow(/GARMIN_CONNECT_BASE_URL must be an https/);
  });
});
