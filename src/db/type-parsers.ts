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
