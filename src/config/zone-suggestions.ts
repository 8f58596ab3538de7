/**
 * `coach zones suggest [--apply]`: the threshold suggestions of today's facts for the user's
 * active config (src/analytics/threshold-suggestions.ts) and, on apply, the new zone values
 * written, recorded in `zone_change` (date, source, evidence) and the activities re-scored,
 * all in one transaction.
 */
import { buildFacts } from '../analytics/build-facts.js';
import type { ThresholdSuggestion } from '../analytics/facts.types.js';
import { inTransaction, type Db } from '../db/in-transaction.js';
import type { Discipline, TrainingConfigRow } from '../db/database.js';
import { loadFactsInput } from '../db/training-data.repository.js';
import { setZones } from '../db/training-zones.repository.js';
import { recordZoneChanges } from '../db/zone-changes.repository.js';
import { rescoreAfterZonesChange, type RescoreSummary } from '../garmin/rescore-service.js';

export async function zoneSuggestions(db: Db, userId: string, config: TrainingConfigRow, today: string): Promise<ThresholdSuggestion[]> {
  const facts = buildFacts(await loadFactsInput(db, { userId, configId: config.id, today }));
  return facts.thresholdSuggestions;
}

export async function applyZoneSuggestions(
  db: Db,
  userId: string,
  config: TrainingConfigRow,
  suggestions: readonly ThresholdSuggestion[],
): Promise<RescoreSummary | null> {
  if (suggestions.length === 0) return null;
  return inTransaction(db, async (trx) => {
    for (const s of suggestions) {
      await setZones(trx, userId, config.id, s.discipline as Discipline, [{ metricDescription: s.metricDescription, zoneValue: s.suggested }]);
    }
    await recordZoneChanges(
      trx,
      config.id,
      suggestions.map((s) => ({
        discipline: s.discipline, metricDescription: s.metricDescription, oldValue: s.current, newValue: s.suggested,
        source: `coach zones suggest: ${s.basis}`, evidence: s.evidence,
      })),
    );
    return rescoreAfterZonesChange(trx, userId, config);
  });
}
