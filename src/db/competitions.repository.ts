import type { CompetitionRow, CompetitionUpdate, RacePriority } from './database.js';
import { type Db, inTransaction, isUuid } from './in-transaction.js';
import { ownedConfigIds, ownsConfig } from './training-configs.repository.js';

/**
 * `competition` rows (races) of a training config. Every query goes through the owner's
 * configs, so a race or config id of another user is "not found".
 */
export interface RaceFields {
  name: string;
  /** YYYY-MM-DD */
  date: string;
  raceType: string | null;
  priority: RacePriority;
  /** HH:MM:SS */
  targetTime: string | null;
  bikeregId: number | null;
  runregUrl: string | null;
}

export type RacePatch = Partial<RaceFields>;

function toColumns(race: RacePatch): CompetitionUpdate {
  const columns: CompetitionUpdate = {};
  if (race.name !== undefined) columns.name = race.name;
  if (race.date !== undefined) columns.date = race.date;
  if (race.raceType !== undefined) columns.race_type = race.raceType;
  if (race.priority !== undefined) columns.priority = race.priority;
  if (race.targetTime !== undefined) columns.target_time = race.targetTime;
  if (race.bikeregId !== undefined) columns.bikereg_id = race.bikeregId;
  if (race.runregUrl !== undefined) columns.runreg_url = race.runregUrl;
  return columns;
}

export function raceFieldsOf(row: CompetitionRow): RaceFields {
  return {
    name: row.name,
    date: row.date,
    raceType: row.race_type,
    priority: row.priority,
    targetTime: row.target_time,
    bikeregId: row.bikereg_id,
    runregUrl: row.runreg_url,
  };
}

/** The config's races by date (then name); empty when the config is not the user's. */
export async function listCompetitions(db: Db, userId: string, configId: string): Promise<CompetitionRow[]> {
  if (!isUuid(configId)) return [];
  return db
    .selectFrom('competition')
    .selectAll('competition')
    .where('competition.training_config_id', '=', configId)
    .where('competition.training_config_id', 'in', ownedConfigIds(db, userId))
    .orderBy('competition.date')
    .orderBy('competition.name')
    .execute();
}

export async function findCompetition(db: Db, userId: string, competitionId: string): Promise<CompetitionRow | undefined> {
  if (!isUuid(competitionId)) return undefined;
  return db
    .selectFrom('competition')
    .selectAll('competition')
    .where('competition.id', '=', competitionId)
    .where('competition.training_config_id', 'in', ownedConfigIds(db, userId))
    .executeTakeFirst();
}

/** Adds a race to the user's config; undefined when the config is not the user's. */
export async function addCompetition(
  db: Db,
  userId: string,
  configId: string,
  race: RaceFields,
): Promise<CompetitionRow | undefined> {
  if (!(await ownsConfig(db, userId, configId))) return undefined;
  return db
    .insertInto('competition')
    .values({ ...toColumns(race), name: race.name, date: race.date, priority: race.priority, training_config_id: configId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCompetition(
  db: Db,
  userId: string,
  competitionId: string,
  patch: RacePatch,
): Promise<CompetitionRow | undefined> {
  if (!isUuid(competitionId)) return undefined;
  const columns = toColumns(patch);
  if (Object.keys(columns).length === 0) return findCompetition(db, userId, competitionId);
  return db
    .updateTable('competition')
    .set(columns)
    .where('id', '=', competitionId)
    .where('training_config_id', 'in', ownedConfigIds(db, userId))
    .returningAll()
    .executeTakeFirst();
}

/** True when a race of the user was removed. */
export async function removeCompetition(db: Db, userId: string, competitionId: string): Promise<boolean> {
  if (!isUuid(competitionId)) return false;
  const result = await db
    .deleteFrom('competition')
    .where('id', '=', competitionId)
    .where('training_config_id', 'in', ownedConfigIds(db, userId))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Replaces all races of the config in one transaction (config import). */
export async function replaceCompetitions(
  db: Db,
  userId: string,
  configId: string,
  races: RaceFields[],
): Promise<CompetitionRow[] | undefined> {
  return inTransaction(db, async (trx) => {
    if (!(await ownsConfig(trx, userId, configId))) return undefined;
    await trx.deleteFrom('competition').where('training_config_id', '=', configId).execute();
    if (races.length === 0) return [];
    await trx
      .insertInto('competition')
      .values(
        races.map((race) => ({
          ...toColumns(race),
          name: race.name,
          date: race.date,
          priority: race.priority,
          training_config_id: configId,
        })),
      )
      .execute();
    return listCompetitions(trx, userId, configId);
  });
}
