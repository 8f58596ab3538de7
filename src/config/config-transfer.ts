import { findSex, recordSex } from '../db/athlete-attributes.repository.js';
import { findAvailability, saveAvailability } from '../db/availability.repository.js';
import { findConfigModels, replaceConfigModels } from '../db/config-models.repository.js';
import { availabilityColumns, availabilityOf } from '../plan/availability.js';
import { listCompetitions, raceFieldsOf, replaceCompetitions } from '../db/competitions.repository.js';
import type { TrainingConfigRow, UserRow } from '../db/database.js';
import { updateUserProfile } from '../db/users.repository.js';
import { inTransaction, type Db } from '../db/in-transaction.js';
import {
  configSettingsOf,
  createConfig,
  findConfigByName,
  updateConfig,
  activateConfig,
} from '../db/training-configs.repository.js';
import { listZones, replaceAllZones, zoneFieldsOf } from '../db/training-zones.repository.js';
import type { ConfigDocument } from './config-file.js';
import { rescoreAfterZonesChange, type RescoreSummary } from '../garmin/rescore-service.js';

/**
 * `coach config import` and `coach config export`: a validated ConfigDocument into the
 * database in one transaction, and back out again.
 */
export interface ImportOutcome {
  config: TrainingConfigRow;
  /** False when a config of that name existed and was replaced. */
  created: boolean;
  races: number;
  zones: number;
  /** Why the athlete section was not applied, when it was not. */
  athleteSkipped?: string;
  /** The stored activities re-scored against the zones, when the config is the active one. */
  rescore: RescoreSummary | null;
}

type Owner = Pick<UserRow, 'id' | 'email'>;

/**
 * Creates the config named in the document, or replaces the one of that name (its settings,
 * races and zones), all or nothing. The athlete section updates the user's profile unless
 * it names another athlete's email.
 */
export async function importConfigDocument(
  db: Db,
  owner: Owner,
  doc: ConfigDocument,
  options: { activate?: boolean } = {},
): Promise<ImportOutcome> {
  return inTransaction(db, async (trx) => {
    const existing = await findConfigByName(trx, owner.id, doc.name);
    let config = existing
      ? await updateConfig(trx, owner.id, existing.id, doc.settings)
      : await createConfig(trx, owner.id, { name: doc.name, ...doc.settings, activate: options.activate });
    if (!config) throw new Error(`config ${doc.name} vanished during import`);
    if (existing && options.activate) config = (await activateConfig(trx, owner.id, config.id)) ?? config;
    await replaceCompetitions(trx, owner.id, config.id, doc.competitions);
    await replaceAllZones(trx, owner.id, config.id, doc.zones);
    await saveAvailability(trx, config.id, doc.availability ? availabilityColumns(doc.availability) : null);
    await replaceConfigModels(trx, config.id, doc.models ?? {});

    let athleteSkipped: string | undefined;
    const { athlete } = doc;
    if (athlete.email && athlete.email !== owner.email.toLowerCase()) {
      athleteSkipped = `the file's athlete is ${athlete.email}, you are ${owner.email}: athlete profile left unchanged`;
    } else {
      if (athlete.name !== null || athlete.context !== null) {
        await updateUserProfile(trx, owner.id, {
          fullName: athlete.name ?? undefined,
          athleteContext: athlete.context ?? undefined,
        });
      }
      if (athlete.sex) await recordSex(trx, owner.id, athlete.sex, 'athlete');
    }
    // The active zones may have changed: activities are re-scored in the same transaction.
    const rescore = await rescoreAfterZonesChange(trx, owner.id, config);
    return { config, created: !existing, races: doc.competitions.length, zones: doc.zones.length, athleteSkipped, rescore };
  });
}

/** The config with its races and zones, and the owner's profile, as a ConfigDocument. */
export async function exportConfigDocument(db: Db, owner: UserRow, config: TrainingConfigRow): Promise<ConfigDocument> {
  const [races, zones, stated, availability, models] = await Promise.all([
    listCompetitions(db, owner.id, config.id),
    listZones(db, owner.id, config.id),
    findSex(db, owner.id),
    findAvailability(db, config.id),
    findConfigModels(db, config.id),
  ]);
  return {
    name: config.name,
    athlete: { name: owner.full_name, email: owner.email, context: owner.athlete_context, ...(stated ? { sex: stated.sex } : {}) },
    settings: configSettingsOf(config),
    competitions: races.map(raceFieldsOf),
    zones: zones.map(zoneFieldsOf),
    ...(availability ? { availability: availabilityOf(availability) } : {}),
    ...(Object.keys(models).length ? { models } : {}),
  };
}
