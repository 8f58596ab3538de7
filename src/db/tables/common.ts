import type { ColumnType, Generated } from 'kysely';

/** UUID primary key filled by `gen_random_uuid()`. */
export type UuidPk = Generated<string>;
/** `timestamptz` set by the database on insert (and on update, by trigger). */
export type Timestamps = {
  created_at: ColumnType<Date, Date | string | undefined, Date | string | undefined>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string | undefined>;
};
/**
 * A `jsonb` column. Written as a JSON string (see `toJson`), because pg would turn a JS
 * array into a Postgres array; read back as the parsed value.
 */
export type Jsonb<T> = ColumnType<T, string, string>;
/** A nullable `jsonb` column. */
export type NullableJsonb<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A `timestamptz` the application sets. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A Postgres `date`, read as 'YYYY-MM-DD' (the connection installs that parser). */
export type DateString = ColumnType<string, string, string>;
/** A column with a database default: optional on insert. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
