/**
 * Serialises a value for a `jsonb` column. Always stringify: pg turns JS arrays into
 * Postgres arrays, and PGlite and pg must store the same bytes.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
