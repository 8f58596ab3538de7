import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBytea, serializeBytea } from '../../src/db/type-parsers.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('bytea values', ({ getDb }) => {
  it('come back byte for byte as Uint8Array (every byte value, empty, ~100 KB)', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
    for (const value of [every, new Uint8Array(0), large]) {
      const { rows } = await sql<{ b: Uint8Array; n: number }>`select ${value}::bytea as b, length(${value}::bytea) as n`.execute(getDb());
      expect(rows[0]!.b).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(rows[0]!.b).equals(Buffer.from(value))).toBe(true);
      expect(Number(rows[0]!.n)).toBe(value.length);
    }
  });
});

it('the embedded database\'s bytea serializer refuses what is not bytes (as PGlite\'s own did), its parser reads hex text', () => {
  expect(() => serializeBytea('text')).toThrow('Invalid input for bytea type');
  expect(Array.from(parseBytea('\\x00ff10'))).toEqual([0, 255, 16]);
  expect(parseBytea('\\x')).toHaveLength(0);
});
