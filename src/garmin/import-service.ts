/**
 * `coach garmin import`: everything the user names goes through here, file by file. Each
 * file is its own unit of work: a FIT file is one upsert; an export JSON file is one
 * transaction over its rows. A file that fails is reported and skipped, and leaves nothing
 * half-written; the rest imports.
 */
import type { Kysely } from 'kysely';
import {
  deleteActivitiesByIds, fillActivityGaps, findActivitiesStartingNear, listContentHashes, upsertActivity,
  type ActivityData, type UpsertOutcome,
} from '../db/activities.repository.js';
import { recordSex } from '../db/athlete-attributes.repository.js';
import { upsertDailyMetric, type DailyMetricData } from '../db/daily-metrics.repository.js';
import type { Database, Transaction } from '../db/database.js';
import { findActiveConfig } from '../db/training-configs.repository.js';
import { listZones } from '../db/training-zones.repository.js';
import { BadFitFileError, contentHash, fitToActivity } from './fit-import.js';
import {
  activityFromGarmin, canonicalSubSport, dailySummaryDay, exportActivityEntries, hrvDay, jsonEntries, readinessDay, sleepDay,
  sexFromGarminProfile, SkippedRecordError, vo2maxDay,
} from './garmin-summaries.js';
import { UserError } from '../errors.js';
import { missingPaths, walkInputs, type InputFile, type InputKind } from './input-files.js';
import { disciplineForSport, type ZoneDefinitionRow } from './time-in-zones.js';

export interface ImportCounts {
  /** Activities new to the database. */
  inserted: number;
  /** Activities whose stored row changed (a newer version of the file or summary). */
  updated: number;
  /** Activities already stored exactly so. */
  unchanged: number;
}

export interface ImportSummary {
  activities: ImportCounts;
  /** Distinct days of wellness data written. */
  metricDays: number;
  /** Files (or archive entries) imported. */
  files: number;
  /** Files that were not ours (GPX, photos, unrelated JSON): skipped silently. */
  ignored: number;
  /** Files that failed, with a one-line reason each. */
  failed: Array<{ input: string; reason: string }>;
  /** Paths named on the command line that do not exist (not counted in `failed`). */
  missing: string[];
  /** Sync only: days of metrics an interrupted sync of the same window had stored, not fetched again. */
  resumedDays?: number;
}

export interface ImportEvents {
  onFile?(label: string, summary: ImportSummary): void;
  onFailure?(label: string, reason: string, summary: ImportSummary): void;
  onMissing?(path: string, summary: ImportSummary): void;
}

export function emptySummary(): ImportSummary {
  return { activities: { inserted: 0, updated: 0, unchanged: 0 }, metricDays: 0, files: 0, ignored: 0, failed: [], missing: [] };
}

export function countOutcome(counts: ImportCounts, outcome: UpsertOutcome): void {
  counts[outcome]++;
}

function sportFamily(sport: string): string {
  return disciplineForSport(sport) ?? sport;
}

/**
 * Stores one activity, keeping one row per real activity across sources. Garmin's export
 * carries every activity twice (summary JSON and the uploaded FIT file) and sync brings the
 * summary again, so rows of the same sport starting within a minute are the same activity:
 * the FIT file wins (it has laps, best efforts, zones from the records) and inherits the
 * summary's name and Garmin training load; a summary arriving after its FIT file only fills
 * those gaps. Every source's sub-sport is stored in one spelling (`lap_swimming`).
 */
export async function storeActivity(db: Kysely<Database> | Transaction<Database>, userId: string, imported: ActivityData): Promise<UpsertOutcome> {
  const subSport = canonicalSubSport(imported.sub_sport);
  const activity = subSport === imported.sub_sport ? imported : { ...imported, sub_sport: subSport };
  const near = (await findActivitiesStartingNear(db, userId, activity.start_time, activity.source_id)).filter(
    (row) => sportFamily(row.sport) === sportFamily(activity.sport),
  );
  if (activity.source === 'fit') {
    const summaries = near.filter((row) => row.source !== 'fit');
    // The common case is one statement, atomic on its own; replacing summaries needs a transaction.
    if (summaries.length === 0) return upsertActivity(db, userId, activity);
    const merged = {
      ...activity,
      name: activity.name ?? summaries.find((row) => row.name)?.name ?? null,
      garmin_training_load: activity.garmin_training_load ?? summaries.find((row) => row.garmin_training_load !== null)?.garmin_training_load ?? null,
    };
    const replace = async (trx: Transaction<Database>) => {
      await deleteActivitiesByIds(trx, userId, summaries.map((row) => row.id));
      return upsertActivity(trx, userId, merged);
    };
    const outcome = db.isTransaction ? await replace(db as Transaction<Database>) : await (db as Kysely<Database>).transaction().execute(replace);
    // The activity was already stored (as a summary): a richer version, not a new one.
    return outcome === 'inserted' ? 'updated' : outcome;
  }
  const fit = near.find((row) => row.source === 'fit');
  if (fit) {
    await fillActivityGaps(db, userId, fit.id, { name: activity.name, garmin_training_load: activity.garmin_training_load });
    return 'unchanged';
  }
  return upsertActivity(db, userId, activity);
}

/** Writes a batch of activities in one transaction; returns the outcomes. */
export async function persistActivities(db: Kysely<Database>, userId: string, activities: ActivityData[]): Promise<UpsertOutcome[]> {
  if (activities.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const outcomes: UpsertOutcome[] = [];
    for (const activity of activities) outcomes.push(await storeActivity(trx, userId, activity));
    return outcomes;
  });
}

/** Writes a batch of days in one transaction (merging with what other sources stored). */
export async function persistDays(db: Kysely<Database>, userId: string, days: DailyMetricData[]): Promise<void> {
  if (days.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const day of days) await upsertDailyMetric(trx, userId, day);
  });
}

const DAY_MAPPERS: Record<Exclude<InputKind, 'fit' | 'activities' | 'profile'>, (raw: Record<string, unknown>) => DailyMetricData | null> = {
  sleep: sleepDay,
  summary: dailySummaryDay,
  hrv: hrvDay,
  vo2max: vo2maxDay,
  readiness: readinessDay,
};

class BadInputError extends Error {}

/** The zones of the user's active training config (none without one), to bucket HR and power at import. */
export async function activeZones(db: Kysely<Database>, userId: string): Promise<ZoneDefinitionRow[]> {
  const config = await findActiveConfig(db, userId);
  return config ? listZones(db, userId, config.id) : [];
}

/** Every path the user named is missing: one line, nothing opened. */
function nothingToImport(missing: string[]): UserError {
  const shown = missing.slice(0, 3).join(', ');
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  return new UserError(`nothing to import: not found: ${shown}${more}`);
}

export async function importGarminData(
  db: Kysely<Database>,
  userId: string,
  paths: string[],
  events: ImportEvents = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  const missing = await missingPaths(paths);
  if (paths.length > 0 && missing.length === paths.length) throw nothingToImport(missing);
  const zones = await activeZones(db, userId);
  // FIT files already stored byte for byte: skipped before decoding (decoding is ~95% of an import).
  const storedFitHashes = await listContentHashes(db, userId, 'fit');
  // Dates only (short strings): "365 days of metrics" must count distinct days.
  const days = new Set<string>();

  const fail = (label: string, reason: string) => {
    summary.failed.push({ input: label, reason });
    events.onFailure?.(label, reason, summary);
  };

  const importFile = async (file: InputFile): Promise<void> => {
    if (file.kind === 'fit') {
      const hash = contentHash(file.bytes);
      if (storedFitHashes.has(hash)) {
        countOutcome(summary.activities, 'unchanged');
        return;
      }
      const activity = await fitToActivity(file.bytes, zones, hash);
      countOutcome(summary.activities, await storeActivity(db, userId, activity));
      storedFitHashes.add(hash);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(file.bytes.toString('utf8'));
    } catch {
      throw new BadInputError('not valid JSON');
    }
    if (file.kind === 'activities') {
      const activities: ActivityData[] = [];
      for (const entry of exportActivityEntries(payload)) {
        try {
          activities.push(activityFromGarmin(entry, 'export'));
        } catch (error) {
          if (!(error instanceof SkippedRecordError)) throw error;
        }
      }
      for (const outcome of await persistActivities(db, userId, activities)) countOutcome(summary.activities, outcome);
      return;
    }
    if (file.kind === 'profile') {
      // Garmin's word on sex fills in what the athlete has not stated (see recordSex).
      const sex = sexFromGarminProfile(payload);
      if (sex) await recordSex(db, userId, sex, 'garmin');
      return;
    }
    const mapped = jsonEntries(payload)
      .map(DAY_MAPPERS[file.kind])
      .filter((day): day is DailyMetricData => day !== null);
    await persistDays(db, userId, mapped);
    for (const day of mapped) days.add(day.date);
    summary.metricDays = days.size;
  };

  await walkInputs(paths, {
    visit: async (file) => {
      try {
        await importFile(file);
        summary.files++;
        events.onFile?.(file.label, summary);
      } catch (error) {
        if (error instanceof BadFitFileError || error instanceof BadInputError) fail(file.label, error.message);
        else throw error;
      }
    },
    fail,
    ignore: () => {
      summary.ignored++;
    },
    missing: (path) => {
      summary.missing.push(path);
      events.onMissing?.(path, summary);
    },
  });
  summary.metricDays = days.size;
  return summary;
}
