import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { ImportSummary } from '../garmin/import-service.js';
import { withUser } from './context.js';
import { isInteractive, printJson, say } from './output.js';

interface JsonOption {
  json?: boolean;
}

/**
 * "imported 412 activities, 365 days of metrics, skipped 3 corrupt files" (+ unchanged, and
 * missing paths, when any: a path that does not exist is not a corrupt file).
 */
export function summaryLine(summary: ImportSummary, verb = 'imported'): string {
  const { inserted, updated, unchanged } = summary.activities;
  const parts = [`${verb} ${inserted + updated} ${plural(inserted + updated, 'activity', 'activities')}`];
  if (updated > 0) parts[0] += ` (${updated} updated)`;
  parts.push(`${summary.metricDays} ${plural(summary.metricDays, 'day', 'days')} of metrics`);
  if (unchanged > 0) parts.push(`${unchanged} unchanged`);
  parts.push(`skipped ${summary.failed.length} corrupt ${plural(summary.failed.length, 'file', 'files')}`);
  if (summary.missing.length > 0) parts.push(`${summary.missing.length} missing ${plural(summary.missing.length, 'path', 'paths')}`);
  return parts.join(', ');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** A spinner with counts on a terminal; nothing until the summary line otherwise. */
async function startProgress(): Promise<{ update(text: string): void; stop(): void; warn(text: string): void }> {
  // A terminal that reports no width (some pseudo-terminals) would make ora's line
  // arithmetic divide by zero: treat it like a pipe.
  if (!isInteractive() || !(process.stderr.columns > 0)) return { update() {}, stop() {}, warn: (text) => say(text) };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'importing ...', stream: process.stderr }).start();
  return {
    update: (text) => {
      spinner.text = text;
    },
    stop: () => spinner.stop(),
    warn: (text) => {
      // Keep the failure line on screen above the spinner.
      spinner.clear();
      process.stderr.write(text + '\n');
      spinner.render();
    },
  };
}

function summaryJson(summary: ImportSummary): Record<string, unknown> {
  return {
    activities: summary.activities,
    metricDays: summary.metricDays,
    files: summary.files,
    ignored: summary.ignored,
    failed: summary.failed,
    missing: summary.missing,
  };
}

export async function importCommand(paths: string[], options: JsonOption): Promise<void> {
  const absolute = paths.map((p) => resolve(p));
  const summary = await withUser(async ({ db, user }) => {
    const { importGarminData } = await import('../garmin/import-service.js');
    const progress = await startProgress();
    try {
      return await importGarminData(db, user.id, absolute, {
        onFile: (_label, s) => progress.update(`${summaryLine(s, 'importing:')} (${s.files} files)`),
        onFailure: (label, reason) => progress.warn(`skipped ${label}: ${reason}`),
        onMissing: (path) => progress.warn(`skipped ${path}: no such file or folder`),
      });
    } finally {
      progress.stop();
    }
  }, 'coach garmin import');
  if (options.json) printJson({ import: summaryJson(summary) });
  say(summaryLine(summary));
  const notImported = summary.failed.length + summary.missing.length;
  if (notImported > 0) {
    throw new UserError(`${notImported} of the inputs could not be imported (listed above); everything else was`);
  }
}

export async function syncCommand(options: JsonOption): Promise<void> {
  const result = await withUser(async ({ db, user }) => {
    const { syncGarminConnect } = await import('../garmin/sync-service.js');
    const progress = await startProgress();
    try {
      return await syncGarminConnect(db, user.id, { onProgress: (text) => progress.update(text), onWarning: (text) => progress.warn(text) });
    } finally {
      progress.stop();
    }
  }, 'coach garmin sync');
  if (options.json) printJson({ sync: { ...summaryJson(result.summary), originals: result.originals, from: result.from, to: result.to } });
  const { imported, failed } = result.originals;
  const originals = imported + failed.length > 0
    ? `, ${imported} original ${plural(imported, 'file', 'files')}${failed.length ? ` (${failed.length} not available: summaries kept)` : ''}`
    : '';
  say(summaryLine(result.summary, 'synced') + originals);
  if (result.summary.failed.length > 0) {
    throw new UserError(`${result.summary.failed.length} items could not be synced (listed above)`);
  }
}
