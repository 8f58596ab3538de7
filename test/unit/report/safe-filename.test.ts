import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathInside, safeFilename, safeFilenameWithExtension } from '../../../src/report/safe-filename.js';

describe('safeFilename', () => {
  it.each([
    ['../../etc/passwd', 'etc-passwd'],
    ['/etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\system32', 'C-Windows-system32'],
    ['..', 'file'],
    ['.hidden', 'hidden'],
    ['a\0b', 'a-b'],
    ['line\nbreak\ttab\u0007bell', 'line-break-tab-bell'],
    ['Zürich Marathon 🏃‍♀️ 2027', 'Zurich-Marathon-2027'],
    ['🏃🏃🏃', 'file'],
    ['', 'file'],
    ['CON', 'file-CON'],
  ])('%j -> %j', (input, expected) => {
    expect(safeFilename(input)).toBe(expected);
  });

  it('caps the length and keeps the extension chosen by coach', () => {
    expect(safeFilename('x'.repeat(500)).length).toBe(100);
    const name = safeFilenameWithExtension('y'.repeat(500), 'svg');
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith('.svg')).toBe(true);
    expect(() => safeFilenameWithExtension('a', '../x')).toThrow();
  });

  it('never yields a name that leaves the folder, for any text', () => {
    const dir = resolve('/tmp/coach-out');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const name = safeFilename(text);
        expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/);
        expect(name).not.toContain('..');
        expect(pathInside(dir, name)).toBe(join(dir, name));
      }),
      { numRuns: 500 },
    );
  });

  it('pathInside refuses traversal and absolute names', () => {
    expect(() => pathInside('/tmp/out', '../x')).toThrow(/outside/);
    expect(() => pathInside('/tmp/out', '/etc/passwd')).toThrow(/outside/);
    expect(() => pathInside('/tmp/out', '')).toThrow(/outside/);
    expect(() => pathInside('/tmp/out', 'a\0b')).toThrow(/outside/);
  });
});
