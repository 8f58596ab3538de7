/**
 * FIT activity files in: check, decode with Garmin's SDK, summarise, upsert. One file at a
 * time, nothing kept between files, so memory does not grow with the number of files.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { upsertActivity, type ActivityData, type UpsertOutcome } from '../db/activities.repository.js';
import type { Database } from '../db/database.js';
import { NotAnActivityError, summariseFitActivity, type FitMessagesLike } from './fit-summary.js';
import type { ZoneDefinitionRow } from './time-in-zones.js';

/** A file we cannot import; the message is one line for the user. */
export class BadFitFileError extends Error {}

/** Options the SDK decodes with; the benchmark's bare decoding uses the same. */
export const FIT_READ_OPTIONS = {
  applyScaleAndOffset: true,
  expandSubFields: true,
  expandComponents: true,
  convertTypesToStrings: true,
  convertDateTimesToDates: true,
  includeUnknownData: false,
  mergeHeartRates: true,
} as const;

/** Cheap check on the first bytes: is this worth handing to the decoder? */
export function looksLikeFit(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && bytes[8] === 0x2e && bytes[9] === 0x46 && bytes[10] === 0x49 && bytes[11] === 0x54;
}

export async function decodeFit(bytes: Uint8Array): Promise<FitMessagesLike> {
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  const stream = Stream.fromByteArray(bytes as unknown as number[]);
  if (!Decoder.isFIT(stream)) throw new BadFitFileError('not a FIT file');
  const decoder = new Decoder(stream);
  // Size and CRC: a truncated or corrupted file is rejected whole instead of half-read.
  if (!decoder.checkIntegrity()) throw new BadFitFileError('FIT file failed the integrity check (truncated or bad CRC)');
  const { messages, errors } = decoder.read(FIT_READ_OPTIONS);
  if (errors.length > 0) throw new BadFitFileError(`FIT decoding failed: ${errors[0].message}`);
  return messages as unknown as FitMessagesLike;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Decodes and summarises; throws BadFitFileError for anything not an importable activity.
 * `hash` is the bytes' contentHash when the caller has already computed it.
 */
export async function fitToActivity(bytes: Uint8Array, zones: ZoneDefinitionRow[], hash = contentHash(bytes)): Promise<ActivityData> {
  const messages = await decodeFit(bytes);
  try {
    return summariseFitActivity(messages, { contentHash: hash, zones });
  } catch (error) {
    if (error instanceof NotAnActivityError) throw new BadFitFileError(error.message);
    throw error;
  }
}

export async function importFitBytes(
  db: Kysely<Database>,
  userId: string,
  bytes: Uint8Array,
  zones: ZoneDefinitionRow[],
): Promise<UpsertOutcome> {
  const activity = await fitToActivity(bytes, zones);
  return upsertActivity(db, userId, activity);
}
