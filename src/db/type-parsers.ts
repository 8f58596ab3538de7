/**
 * Postgres type OIDs whose default JS mapping would differ between pg and PGlite or lose
 * information. Both drivers get the same parsers, so queries return the same shapes.
 */
export const PG_OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
} as const;

/** count(*) and sum() come back as int8/numeric: small enough for a JS number here. */
export const parseNumber = (value: string): number => Number(value);
/** Keep calendar dates as 'YYYY-MM-DD'; a Date would shift with the local time zone. */
export const parseDate = (value: string): string => value;

/**
 * PGlite's own bytea handling walks the bytes one JS string at a time (hex out, parseInt in):
 * for the workflow's checkpoints (~110 KB per analysis) that was ~30 ms of CPU in an offline
 * analyze's profile, and much of its garbage. Sent as they are, the bytes go as a binary parameter (the wire format
 * bytea's receive function reads directly); the hex text Postgres returns is decoded by
 * Buffer's native hex decoder. Same values as before, as Uint8Array both ways.
 */
export const serializeBytea = (value: unknown): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return value;
};
export const parseBytea = (value: string): Uint8Array => {
  const bytes = Buffer.from(value.slice(2), 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};
