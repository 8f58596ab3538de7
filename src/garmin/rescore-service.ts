/**
 * `coach db rescore`, and the re-scoring that follows a change of the active zones (`coach
 * zones set|remove`, `coach config import|activate`): every stored activity of the user
 * through `rescoreActivity` (rescore.ts), in one transaction (the caller's when it has one,
 * so a zones change and its re-scoring commit together).
 */
import { listActivitiesForRescore, updateActivityDerived } from '../db/activities.repository.js';
import { inTransaction, type Db } from '../db/in-transaction.js';
import { activeZones } from './import-service.js';
import { rescoreActivity } from './rescore.js';

export interface RescoreSummary {
  /** Activities looked at. */
  activities: number;
  /** Activities whose stored metrics changed. */
  updated: number;
  /** Of those, normalized power brought to the moving-time convention. */
  normalizedPower: number;
  /** Of those, HR or power time in zones re-bucketed against the active zones. */
  zones: number;
}

export async function rescoreStoredActivities(db: Db, userId: string): Promise<RescoreSummary> {
  return inTransaction(db, async (trx) => {
    const zones = await activeZones(trx, userId);
    const rows = await listActivitiesForRescore(trx, userId);
    const summary: RescoreSummary = { activities: rows.length, updated: 0, normalizedPower: 0, zones: 0 };
    for (const row of rows) {
      const outcome = rescoreActivity(row, zones);
      if (!outcome.patch) continue;
      await updateActivityDerived(trx, userId, row.id, outcome.patch);
      summary.updated++;
      if (outcome.npRescaled) summary.normalizedPower++;
      if (outcome.zonesRebucketed) summary.zones++;
    }
    return summary;
  });
}

/**
 * After a config's zones (or which config is active) changed: re-scores when the config is
 * the active one (imports bucket against the active zones only); null otherwise. Pass the
 * transaction that changed the zones, so both commit together.
 */
export async function rescoreAfterZonesChange(db: Db, userId: string, config: { is_active: boolean }): Promise<RescoreSummary | null> {
  return config.is_active ? rescoreStoredActivities(db, userId) : null;
}

/** One line for the user, or null when nothing changed. */
export function describeRescore(summary: RescoreSummary | null): string | null {
  if (!summary || summary.updated === 0) return null;
  const parts = [
    summary.zones > 0 ? `time in zones of ${summary.zones}` : null,
    summary.normalizedPower > 0 ? `normalized power of ${summary.normalizedPower} (stops left out)` : null,
  ].filter(Boolean);
  return `re-scored ${summary.updated} of ${summary.activities} activities: ${parts.join(', ')}`;
}
