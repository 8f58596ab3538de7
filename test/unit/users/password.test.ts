import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import {
  ARGON2_PARAMETERS,
  checkPasswordPolicy,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../../../src/users/password.js';
import { validateNewAccount } from '../../../src/users/user-service.js';

describe('password policy', () => {
  it('accepts 8 characters and more', () => {
    expect(checkPasswordPolicy('12345678')).toBe('12345678');
    expect(checkPasswordPolicy('correct horse battery staple')).toBe('correct horse battery staple');
  });

  it.each([
    ['', /must not be empty/],
    ['        ', /must not be empty/],
    ['1234567', /at least 8 characters \(got 7\)/],
    ['x', /at least 8 characters \(got 1\)/],
  ])('rejects %j with a message naming the rule', (password, message) => {
    expect(() => checkPasswordPolicy(password)).toThrow(ValidationError);
    expect(() => checkPasswordPolicy(password)).toThrow(message);
  });

  it('counts characters, not bytes (7 emoji are too few, 8 are enough)', () => {
    expect(() => checkPasswordPolicy('🏃'.repeat(7))).toThrow(/got 7/);
    expect(checkPasswordPolicy('🏃'.repeat(8))).toHaveLength(16);
  });

  it('bounds the length', () => {
    expect(() => checkPasswordPolicy('a'.repeat(MAX_PASSWORD_LENGTH + 1))).toThrow(/too long/);
    expect(checkPasswordPolicy('a'.repeat(MAX_PASSWORD_LENGTH))).toHaveLength(MAX_PASSWORD_LENGTH);
  });

  it('never repeats the password in its message', () => {
    for (const password of ['abc12', 'hunter2', '']) {
      try {
        checkPasswordPolicy(password);
        expect.unreachable();
      } catch (error) {
        if (password) expect((error as Error).message).not.toContain(password);
        expect((error as Error).message).toContain(String(MIN_PASSWORD_LENGTH));
      }
    }
  });
});

describe('argon2id hashing', () => {
  it('produces an argon2id hash with the documented parameters and verifies it', async () => {
    const hash = await hashPassword('sup3r-secret-pw');
    const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
    const [, algorithm, version, params] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(version).toBe('v=19');
    expect(params.split(',').sort()).toEqual([`m=${memoryCost}`, `p=${parallelism}`, `t=${timeCost}`]);
    expect(ARGON2_PARAMETERS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(hash).not.toContain('sup3r-secret-pw');
    expect(await verifyPassword(hash, 'sup3r-secret-pw')).toBe(true);
    expect(await verifyPassword(hash, 'sup3r-secret-pW')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('answers false (does not throw) for a hash it cannot read', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever1')).toBe(false);
    expect(await verifyPassword('', 'whatever1')).toBe(false);
  });
});

describe('new account validation', () => {
  const good = { email: '  Ana.Runner@Example.COM ', fullName: ' Ana Runner ', password: 'sup3r-secret-pw' };

  it('normalises the email to lower case and trims the name', () => {
    const valid = validateNewAccount(good);
    expect(valid.email).toBe('ana.runner@example.com');
    expect(valid.fullName).toBe('Ana Runner');
    expect(valid.athleteContext).toBeNull();
    expect(valid.planningContext).toBeNull();
  });

  it.each(['', 'ana', 'ana@', '@example.com', 'ana@example', 'ana @example.com', 'ana@exa mple.com', 'a@b@c.com'])(
    'rejects the email %j',
    (email) => {
      expect(() => validateNewAccount({ ...good, email })).toThrow(/email: not an email address/);
    },
  );

  it('rejects an empty name, a weak password and control characters in contexts', () => {
    expect(() => validateNewAccount({ ...good, fullName: '  ' })).toThrow(/name: must not be empty/);
    expect(() => validateNewAccount({ ...good, password: 'short1' })).toThrow(/password: needs at least 8/);
    expect(() => validateNewAccount({ ...good, athleteContext: 'ok\u0007bell' })).toThrow(/athlete context: contains control/);
    expect(validateNewAccount({ ...good, planningContext: 'line 1\nline 2' }).planningContext).toBe('line 1\nline 2');
  });
});
