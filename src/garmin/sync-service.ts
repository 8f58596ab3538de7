/**
 * `coach garmin sync`: sign in with the linked (decrypted) credentials, then download the
 * activities of the last activities_days and the daily metrics of the last metrics_days
 * into the same rows the import writes. Activities are written a page per transaction,
 * metrics a day per transaction; the account row records the outcome.
 */
import type { Kysely } from 'kysely';
import { UserError } from '../errors.js';
import type { Database } from '../db/database.js';
import type { DailyMetricData } from '../db/daily-metrics.repository.js';
import { recordSex } from '../db/athlete-attributes.repository.js';
import { findGarminAccount, markGarminConnected, markGarminDisconnected, recordSyncOutcome } from '../db/garmin-accounts.repository.js';
import { findGarminSession, saveSyncProgress } from '../db/garmin-sessions.repository.js';
import { batchingWriter, forEachLimited, serialQueue } from './concurrency.js';
import { inTransaction } from '../db/in-transaction.js';
import { upsertDailyMetric } from '../db/daily-metrics.repository.js';
import { redact, registerSecret } from '../security/secrets.js';
import {
  clientOptionsFromEnv, GarminAuthError, GarminConnectClient, GarminDownloadError, GarminRelinkError, GarminUnavailableError,
  type ConnectClientOptions,
} from './connect-client.js';
import { decryptSecret } from './credential-crypto.js';
import { databaseTokenStore } from './token-store.js';
import {
  activityFromGarmin, dailySummaryDay, hrvDay, racePredictionsDay, readinessDay, sexFromGarminProfile, SkippedRecordError, sleepDay,
  trainingStatusDay, vo2maxDay,
} from './garmin-summaries.js';
import { activeZones, countOutcome, emptySummary, persistActivities, storeActivity, type ImportSummary } from './import-service.js';
import { BadDownloadError, fitFromDownload } from './activity-download.js';
import { BadFitFileError, fitToActivity } from './fit-import.js';
import { listFitActivitiesBetween, listNoOriginalFile, markNoOriginalFile } from '../db/activities.repository.js';
import { disciplineForSport } from './time-in-zones.js';
import type { ActivityData } from '../db/activities.repository.js';

export interface SyncOptions {
  onProgress?(text: string): void;
  /** One line per activity whose original file was refused (its summary stays). */
  onWarning?(text: string): void;
  client?: ConnectClientOptions;
  /** "Today" for the windows (tests). */
  now?: Date;
}

/** The original FIT files sync downloaded for new activities. */
export interface OriginalsSummary {
  /** Activities now stored from their FIT file (laps, records-derived figures). */
  imported: number;
  /** Activities whose file was missing or refused: their summary is kept; the next sync tries a refused one again. */
  failed: Array<{ activityId: string; reason: string }>;
  /** Activities Connect has no original file for (an earlier 404, a manual entry): not asked for. */
  noFile: number;
}

export interface SyncResult {
  summary: ImportSummary;
  originals: OriginalsSummary;
  /** The metrics window, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  requests: number;
}

/** Where a sync stopped (garmin_session.sync_progress): the window's end and the days stored. */
interface SyncProgress {
  to: string;
  metricDaysDone: string[];
}

/** Days fetched at once (each day is five requests in sequence): COACH_GARMIN_CONCURRENCY, default 4, 1..16. */
function concurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.COACH_GARMIN_CONCURRENCY);
  return Number.isSafeInteger(n) && n >= 1 && n <= 16 ? n : 4;
}

const DEFAULT_ACTIVITIES_DAYS = 21;
const DEFAULT_METRICS_DAYS = 56;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * 86_400_000);

function positiveDays(text: string | null, fallback: number): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** Merges the day's pieces (sleep, HRV, summary, readiness) into one upsert. */
function mergeDay(date: string, parts: Array<DailyMetricData | null>): DailyMetricData | null {
  const present = parts.filter((p): p is DailyMetricData => p !== null);
  if (present.length === 0) return null;
  const day: DailyMetricData = { date, raw: {} };
  for (const part of present) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'raw') Object.assign(day.raw!, value);
      else if (key !== 'date' && value !== null && value !== undefined) (day as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return day;
}

export async function syncGarminConnect(db: Kysely<Database>, userId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const account = await findGarminAccount(db, userId);
  if (!account) throw new UserError('no Garmin account linked: run `coach garmin link` first');
  const password = await decryptSecret(account.encrypted_password);
  registerSecret(password);
  const now = options.now ?? new Date();
  const activitiesDays = positiveDays(account.activities_days, DEFAULT_ACTIVITIES_DAYS);
  const metricsDays = positiveDays(account.metrics_days, DEFAULT_METRICS_DAYS);
  const client = new GarminConnectClient(
    { email: account.email, password },
    { tokenStore: databaseTokenStore(db, userId), ...clientOptionsFromEnv(), ...options.client },
  );
  const summary = emptySummary();
  const to = isoDate(now);
  const metricsFrom = isoDate(daysBefore(now, metricsDays - 1));
  const progress = (text: string) => options.onProgress?.(text);

  try {
    progress('signing in to Garmin Connect ...');
    await client.login();
    // Signed in: only now is the link "connected" (`coach garmin link` stores credentials untried).
    await markGarminConnected(db, userId);

    const activitiesFrom = isoDate(daysBefore(now, activitiesDays - 1));
    const synced: ActivityData[] = [];
    for await (const page of client.activities(activitiesFrom, to)) {
      const rows: ActivityData[] = [];
      for (const raw of page) {
        try {
          rows.push(activityFromGarmin(raw, 'connect'));
        } catch (error) {
          if (!(error instanceof SkippedRecordError)) throw error;
        }
      }
      for (const outcome of await persistActivities(db, userId, rows)) countOutcome(summary.activities, outcome);
      synced.push(...rows);
      summary.files++;
      progress(`activities: ${summary.activities.inserted + summary.activities.updated + summary.activities.unchanged}`);
    }

    const originals = await importOriginals(db, userId, client, synced, { progress, warn: (text) => options.onWarning?.(text) });

    const displayName = await client.displayName();
    const sex = sexFromGarminProfile(await client.userSettings());
    if (sex) await recordSex(db, userId, sex, 'garmin');
    const vo2ByDate = new Map<string, DailyMetricData>();
    for (const entry of (await client.maxMet(metricsFrom, to)) ?? []) {
      const day = vo2maxDay(entry);
      if (day) vo2ByDate.set(day.date, day);
    }
    // Garmin's race predictions: one request for the whole window, merged into each day.
    const predictionsByDate = new Map<string, DailyMetricData>();
    const predictions = await client.racePredictions(displayName, metricsFrom, to);
    for (const entry of Array.isArray(predictions) ? predictions : predictions ? [predictions] : []) {
      const day = racePredictionsDay(entry);
      if (day) predictionsByDate.set(day.date, day);
    }
    // Resume: days a sync of the same window stored before it stopped are not fetched again,
    // except the last two, whose data Garmin may still be completing.
    const previous = (await findGarminSession(db, userId))?.sync_progress as SyncProgress | null | undefined;
    const done = new Set(previous?.to === to && Array.isArray(previous.metricDaysDone) ? previous.metricDaysDone : []);
    const recent = new Set([to, isoDate(daysBefore(now, 1))]);
    const dates: string[] = [];
    for (let i = metricsDays - 1; i >= 0; i--) {
      const date = isoDate(daysBefore(now, i));
      if (done.has(date) && !recent.has(date)) summary.resumedDays = (summary.resumedDays ?? 0) + 1;
      else dates.push(date);
    }
    let days = 0;
    // The days fetched meanwhile and the progress, in one transaction (one commit per batch).
    const writeDays = batchingWriter<{ date: string; merged: DailyMetricData | null }>((batch) =>
      inTransaction(db, async (trx) => {
        for (const { date, merged } of batch) {
          if (merged) {
            await upsertDailyMetric(trx, userId, merged);
            days++;
          }
          done.add(date);
        }
        await saveSyncProgress(trx, userId, { to, metricDaysDone: [...done].sort() } satisfies SyncProgress);
        summary.metricDays = days;
      }));
    await forEachLimited(dates, concurrency(), async (date) => {
      // One day's five requests in sequence; `concurrency` days in flight.
      const sleep = await client.sleepData(displayName, date);
      const hrv = await client.hrv(date);
      const daily = await client.dailySummary(displayName, date);
      const readiness = await client.trainingReadiness(date);
      const trainingStatus = await client.trainingStatus(date);
      const readinessEntry = Array.isArray(readiness) ? readiness[0] : readiness;
      const merged = mergeDay(date, [
        sleep ? sleepDay(sleep) : null,
        hrv ? hrvDay(hrv) : null,
        daily ? dailySummaryDay({ calendarDate: date, ...daily }) : null,
        readinessEntry ? readinessDay({ calendarDate: date, ...readinessEntry }) : null,
        trainingStatus ? trainingStatusDay(date, trainingStatus) : null,
        vo2ByDate.get(date) ?? null,
        predictionsByDate.get(date) ?? null,
      ]);
      await writeDays({ date, merged });
      progress(`activities: ${summary.activities.inserted + summary.activities.updated + summary.activities.unchanged}, days of metrics: ${days}`);
    });
    await saveSyncProgress(db, userId, null);
    await recordSyncOutcome(db, userId, { ok: true, at: new Date() });
    return { summary, originals, from: metricsFrom, to, requests: client.requests };
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error));
    await recordSyncOutcome(db, userId, { ok: false, error: message, at: new Date() });
    if (error instanceof GarminAuthError || error instanceof GarminRelinkError) {
      await markGarminDisconnected(db, userId);
      await client.forgetTokens();
    }
    throw error instanceof UserError ? error : syncFailure(message, error);
  }
}

const sportFamily = (sport: string) => disciplineForSport(sport) ?? sport;

/** Connect's flag on an activity typed in by hand: there is never a device file. */
function isManualEntry(activity: ActivityData): boolean {
  const raw = activity.raw_summary as Record<string, unknown> | null | undefined;
  return raw?.manualActivity === true;
}

/**
 * For each synced activity without a FIT row yet: download its original file and import it
 * exactly as `coach garmin import` would (storeActivity: the FIT row replaces the summary and
 * keeps its name and Garmin load). A download that fails or is refused leaves the summary in
 * place and is tried again at the next sync; it never stops the sync.
 */
async function importOriginals(
  db: Kysely<Database>,
  userId: string,
  client: GarminConnectClient,
  synced: ActivityData[],
  out: { progress(text: string): void; warn(text: string): void },
): Promise<OriginalsSummary> {
  const result: OriginalsSummary = { imported: 0, failed: [], noFile: 0 };
  const zones = await activeZones(db, userId);
  const write = serialQueue();
  const missing: ActivityData[] = [];
  // Activities Connect has no file for (an earlier 404, a manual entry) are not asked again.
  const noFile = await listNoOriginalFile(db, userId, synced.map((a) => a.source_id));
  // The FIT rows near the synced activities, in one query (the same 60 s window the import uses).
  const NEAR_MS = 60_000;
  const starts = synced.map((a) => new Date(a.start_time).getTime());
  const fitRows = synced.length === 0 ? [] : await listFitActivitiesBetween(db, userId, new Date(Math.min(...starts) - NEAR_MS), new Date(Math.max(...starts) + NEAR_MS));
  for (const activity of synced) {
    if (noFile.has(activity.source_id)) {
      result.noFile++;
      continue;
    }
    if (isManualEntry(activity)) {
      await write(() => markNoOriginalFile(db, userId, activity.source_id, new Date()));
      result.noFile++;
      continue;
    }
    const start = new Date(activity.start_time).getTime();
    const near = fitRows.filter((row) => row.source_id !== activity.source_id && Math.abs(new Date(row.start_time).getTime() - start) <= NEAR_MS);
    if (!near.some((row) => sportFamily(row.sport) === sportFamily(activity.sport))) missing.push(activity);
  }
  // Downloads and decoding in parallel (bounded), the writes one at a time.
  await forEachLimited(missing, concurrency(), async (activity) => {
    try {
      const body = await client.downloadActivityFile(activity.source_id);
      if (!body) {
        // 404: remembered, so the next syncs don't download it again.
        await write(() => markNoOriginalFile(db, userId, activity.source_id, new Date()));
        throw new BadDownloadError('Garmin Connect has no original file for it');
      }
      const fit = await fitToActivity(await fitFromDownload(body), zones);
      await write(() => storeActivity(db, userId, fit));
      result.imported++;
      out.progress(`original files: ${result.imported}`);
    } catch (error) {
      const perActivity = error instanceof BadDownloadError || error instanceof BadFitFileError
        || error instanceof GarminDownloadError || error instanceof GarminUnavailableError;
      if (!perActivity) throw error;
      const reason = redact(error.message);
      result.failed.push({ activityId: activity.source_id, reason });
      out.warn(`activity ${activity.source_id}: original file not used: ${reason} (summary kept)`);
    }
  });
  return result;
}

/** An unexpected failure as one line for the user; the original stays as `cause`, so `--debug` shows its stack. */
function syncFailure(message: string, cause: unknown): UserError {
  const failure = new UserError(`Garmin sync failed: ${message}`);
  failure.cause = cause;
  return failure;
}
