import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import {
  CANNOT_DECRYPT_MESSAGE,
  decryptSecret,
  decryptWithKey,
  encryptSecret,
  encryptWithKey,
  keyFilePath,
  loadKey,
  parseKey,
} from '../../../src/garmin/credential-crypto.js';

const PASSWORD = 'Garm1n-p@ss:wörd';

describe('AES-256-GCM envelopes', () => {
  const key = randomBytes(32);

  it('round-trips, including non-ASCII and colons', () => {
    const envelope = encryptWithKey(PASSWORD, key);
    expect(decryptWithKey(envelope, key)).toBe(PASSWORD);
    expect(decryptWithKey(encryptWithKey('', key), key)).toBe('');
  });

  it('writes a versioned envelope with a 12-byte IV and a 16-byte tag, never the plaintext', () => {
    const envelope = encryptWithKey(PASSWORD, key);
    const [version, iv, tag, ciphertext] = envelope.split(':');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64')).toHaveLength(Buffer.byteLength(PASSWORD));
    expect(envelope).not.toContain(PASSWORD);
    expect(Buffer.from(ciphertext, 'base64').toString('utf8')).not.toContain('Garm1n');
  });

  it('uses a fresh IV every time', () => {
    const envelopes = new Set(Array.from({ length: 50 }, () => encryptWithKey(PASSWORD, key)));
    expect(envelopes.size).toBe(50);
    const ivs = new Set([...envelopes].map((e) => e.split(':')[1]));
    expect(ivs.size).toBe(50);
  });

  it('detects tampering with any part of the envelope', () => {
    const envelope = encryptWithKey(PASSWORD, key);
    const parts = envelope.split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 0x01;
      return bytes.toString('base64');
    };
    const tampered = [
      [parts[0], flip(parts[1]), parts[2], parts[3]].join(':'),
      [parts[0], parts[1], flip(parts[2]), parts[3]].join(':'),
      [parts[0], parts[1], parts[2], flip(parts[3])].join(':'),
      ['v2', parts[1], parts[2], parts[3]].join(':'),
      parts.slice(0, 3).join(':'),
      envelope + ':extra',
      '',
      PASSWORD,
    ];
    for (const bad of tampered) {
      expect(() => decryptWithKey(bad, key)).toThrow(UserError);
      expect(() => decryptWithKey(bad, key)).toThrow(CANNOT_DECRYPT_MESSAGE);
    }
  });

  it('refuses to decrypt with another key, with the "key changed" message', () => {
    const envelope = encryptWithKey(PASSWORD, key);
    expect(() => decryptWithKey(envelope, randomBytes(32))).toThrow(CANNOT_DECRYPT_MESSAGE);
  });
});

describe('keys', () => {
  const raw = randomBytes(32);

  it('accepts 32 bytes as hex or base64 (standard or url-safe)', () => {
    expect(parseKey(raw.toString('hex'), 'K').equals(raw)).toBe(true);
    expect(parseKey(raw.toString('base64'), 'K').equals(raw)).toBe(true);
    expect(parseKey(raw.toString('base64url'), 'K').equals(raw)).toBe(true);
    expect(parseKey(` ${raw.toString('base64')}\n`, 'K').equals(raw)).toBe(true);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64'), /got 16 bytes/],
    ['33 bytes', randomBytes(33).toString('base64'), /got 33 bytes/],
    ['62 hex digits', randomBytes(31).toString('hex'), /got 31 bytes/],
    ['text', 'not a key at all!', /got neither/],
    ['empty', '', /got neither/],
  ])('rejects %s clearly, without echoing the value', (_label, value, detail) => {
    expect(() => parseKey(value, 'COACH_SECRET_KEY')).toThrow(/COACH_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64/);
    expect(() => parseKey(value, 'COACH_SECRET_KEY')).toThrow(detail);
    try {
      parseKey(value, 'COACH_SECRET_KEY');
    } catch (error) {
      if (value) expect((error as Error).message).not.toContain(value);
    }
  });
});

describe('key source: COACH_SECRET_KEY or a 0600 key file', () => {
  let home: string;
  const saved = { COACH_HOME: process.env.COACH_HOME, COACH_SECRET_KEY: process.env.COACH_SECRET_KEY };

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'coach-crypto-'));
    process.env.COACH_HOME = home;
    delete process.env.COACH_SECRET_KEY;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('creates the key file with mode 0600 in a 0700 config directory, and reuses it', async () => {
    const path = keyFilePath();
    expect(path).toBe(join(home, 'config', 'secret.key'));
    expect(existsSync(path)).toBe(false);
    const envelope = await encryptSecret(PASSWORD);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'config')).mode & 0o777).toBe(0o700);
    const stored = readFileSync(path, 'utf8');
    expect(Buffer.from(stored.trim(), 'base64')).toHaveLength(32);
    // A second run (another process) reads the same key.
    expect(await decryptSecret(envelope)).toBe(PASSWORD);
    expect(readFileSync(path, 'utf8')).toBe(stored);
  });

  it('tightens a key file that others can read', async () => {
    await encryptSecret(PASSWORD);
    chmodSync(keyFilePath(), 0o644);
    loadKey();
    expect(statSync(keyFilePath()).mode & 0o777).toBe(0o600);
  });

  it('prefers COACH_SECRET_KEY and then writes no key file', async () => {
    const key = randomBytes(32);
    process.env.COACH_SECRET_KEY = key.toString('hex');
    const envelope = await encryptSecret(PASSWORD);
    expect(existsSync(keyFilePath())).toBe(false);
    expect(decryptWithKey(envelope, key)).toBe(PASSWORD);
  });

  it('reports a changed key as a user error telling what to do', async () => {
    process.env.COACH_SECRET_KEY = randomBytes(32).toString('base64');
    const envelope = await encryptSecret(PASSWORD);
    process.env.COACH_SECRET_KEY = randomBytes(32).toString('base64');
    await expect(decryptSecret(envelope)).rejects.toThrow(
      'cannot decrypt the stored Garmin password: the key changed? run coach garmin link again',
    );
  });

  it('rejects a COACH_SECRET_KEY of the wrong length before encrypting anything', async () => {
    process.env.COACH_SECRET_KEY = randomBytes(24).toString('base64');
    await expect(encryptSecret(PASSWORD)).rejects.toThrow(/COACH_SECRET_KEY must be 32 bytes.*got 24 bytes/);
  });

  it('rejects a corrupted key file clearly', async () => {
    await encryptSecret(PASSWORD);
    writeFileSync(keyFilePath(), 'garbage', { mode: 0o600 });
    expect(() => loadKey()).toThrow(/the key file .*secret\.key must be 32 bytes/);
  });
});
