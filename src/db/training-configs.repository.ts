import { UserError } from '../errors.js';
import type { AiMode, TrainingConfigRow, TrainingConfigUpdate } from './database.js';
import { type Db, inTransaction, isUniqueViolation, isUuid } from './in-transaction.js';

/**
 * `trainingconfig`, always scoped by the owner: a config id of another user behaves exactly
 * like an id that does not exist. Exactly one active config per user is enforced by the
 * partial unique index `ux_trainingconfig_one_active_per_user`; activation flips the flags
 * in one transaction so there is never a moment with two.
 */
export interface ConfigSettings {
  analysisContext: string | null;
  planningContext: string | null;
  activitiesDays: number;
  metricsDays: number;
  aiMode: AiMode;
  enablePlotting: boolean;
  hitlEnabled: boolean;
  skipSynthesis: boolean;
  outputDirectory: string | null;
}

export interface NewConfig extends Partial<ConfigSettings> {
  name: string;
  /** Make it the user's active config (the previously active one is deactivated). */
  activate?: boolean;
}

export interface ConfigPatch extends Partial<ConfigSettings> {
  name?: string;
}

/** The defaults of the schema, for prompts and documentation. */
export const CONFIG_DEFAULTS: ConfigSettings = {
  analysisContext: null,
  planningContext: null,
  activitiesDays: 21,
  metricsDays: 56,
  aiMode: 'standard',
  enablePlotting: true,
  hitlEnabled: true,
  skipSynthesis: false,
  outputDirectory: null,
};

function toColumns(settings: Partial<ConfigSettings> & { name?: string }): TrainingConfigUpdate {
  const columns: TrainingConfigUpdate = {};
  if (settings.name !== undefined) columns.name = settings.name;
  if (settings.analysisContext !== undefined) columns.analysis_context = settings.analysisContext;
  if (settings.planningContext !== undefined) columns.planning_context = settings.planningContext;
  if (settings.activitiesDays !== undefined) columns.activities_days = settings.activitiesDays;
  if (settings.metricsDays !== undefined) columns.metrics_days = settings.metricsDays;
  if (settings.aiMode !== undefined) columns.ai_mode = settings.aiMode;
  if (settings.enablePlotting !== undefined) columns.enable_plotting = settings.enablePlotting;
  if (settings.hitlEnabled !== undefined) columns.hitl_enabled = settings.hitlEnabled;
  if (settings.skipSynthesis !== undefined) columns.skip_synthesis = settings.skipSynthesis;
  if (settings.outputDirectory !== undefined) columns.output_directory = settings.outputDirectory;
  return columns;
}

/** The row's settings in camelCase (what export and `config show` use). */
export function configSettingsOf(row: TrainingConfigRow): ConfigSettings {
  return {
    analysisContext: row.analysis_context,
    planningContext: row.planning_context,
    activitiesDays: row.activities_days,
    metricsDays: row.metrics_days,
    aiMode: row.ai_mode,
    enablePlotting: row.enable_plotting,
    hitlEnabled: row.hitl_enabled,
    skipSynthesis: row.skip_synthesis,
    outputDirectory: row.output_directory,
  };
}

/**
 * Serialises writers of one user's configs (two `coach config activate` at once on a
 * server): each waits for the other's transaction instead of tripping the unique index.
 * It locks the one parent `user` row, not the config rows: locking several rows takes them
 * in scan order, and two transactions taking them in different orders deadlock.
 */
async function lockUserConfigs(trx: Db, userId: string): Promise<void> {
  await trx.selectFrom('user').select('id').where('id', '=', userId).forUpdate().execute();
}

/**
 * Ids of the user's configs, as a subquery: races and zones are reached only through their
 * owner's configs, so an id of another user's config matches nothing.
 */
export function ownedConfigIds(db: Db, userId: string) {
  return db.selectFrom('trainingconfig').select('trainingconfig.id').where('trainingconfig.user_id', '=', userId);
}

/** True when `configId` is one of the user's configs (false for a malformed id). */
export async function ownsConfig(db: Db, userId: string, configId: string): Promise<boolean> {
  if (!isUuid(configId)) return false;
  const row = await db
    .selectFrom('trainingconfig')
    .select('id')
    .where('user_id', '=', userId)
    .where('id', '=', configId)
    .executeTakeFirst();
  return Boolean(row);
}

function duplicateName(name: string): UserError {
  return new UserError(`a training config named "${name}" already exists`);
}

export async function findActiveConfig(db: Db, userId: string): Promise<TrainingConfigRow | undefined> {
  return db
    .selectFrom('trainingconfig')
    .selectAll()
    .where('user_id', '=', userId)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function findConfigByName(db: Db, userId: string, name: string): Promise<TrainingConfigRow | undefined> {
  return db
    .selectFrom('trainingconfig')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name.trim())
    .executeTakeFirst();
}

export async function findConfigById(db: Db, userId: string, configId: string): Promise<TrainingConfigRow | undefined> {
  if (!isUuid(configId)) return undefined;
  return db
    .selectFrom('trainingconfig')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', configId)
    .executeTakeFirst();
}

/** The user's configs, the active one first, then by name. */
export async function listConfigs(db: Db, userId: string): Promise<TrainingConfigRow[]> {
  return db
    .selectFrom('trainingconfig')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_active', 'desc')
    .orderBy('name')
    .execute();
}

export async function createConfig(db: Db, userId: string, config: NewConfig): Promise<TrainingConfigRow> {
  return inTransaction(db, async (trx) => {
    await lockUserConfigs(trx, userId);
    if (await findConfigByName(trx, userId, config.name)) throw duplicateName(config.name);
    // The first config a user creates becomes active, so `coach analyze` has one to use.
    const hasActive = Boolean(await findActiveConfig(trx, userId));
    const activate = config.activate ?? !hasActive;
    if (activate && hasActive) {
      await trx.updateTable('trainingconfig').set({ is_active: false }).where('user_id', '=', userId).where('is_active', '=', true).execute();
    }
    try {
      return await trx
        .insertInto('trainingconfig')
        .values({ ...toColumns(config), name: config.name, user_id: userId, is_active: activate })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'ux_trainingconfig_user_name')) throw duplicateName(config.name);
      throw error;
    }
  });
}

/** Changes the given fields; undefined when the config is not the user's. */
export async function updateConfig(
  db: Db,
  userId: string,
  configId: string,
  patch: ConfigPatch,
): Promise<TrainingConfigRow | undefined> {
  if (!isUuid(configId)) return undefined;
  const columns = toColumns(patch);
  if (Object.keys(columns).length === 0) return findConfigById(db, userId, configId);
  try {
    return await db
      .updateTable('trainingconfig')
      .set(columns)
      .where('user_id', '=', userId)
      .where('id', '=', configId)
      .returningAll()
      .executeTakeFirst();
  } catch (error) {
    if (isUniqueViolation(error, 'ux_trainingconfig_user_name')) throw duplicateName(patch.name ?? '');
    throw error;
  }
}

/** Makes `configId` the user's only active config; undefined when it is not the user's. */
export async function activateConfig(db: Db, userId: string, configId: string): Promise<TrainingConfigRow | undefined> {
  if (!isUuid(configId)) return undefined;
  return inTransaction(db, async (trx) => {
    await lockUserConfigs(trx, userId);
    const target = await findConfigById(trx, userId, configId);
    if (!target) return undefined;
    // Deactivate first: the partial unique index would reject two active rows even briefly.
    await trx
      .updateTable('trainingconfig')
      .set({ is_active: false })
      .where('user_id', '=', userId)
      .where('is_active', '=', true)
      .where('id', '!=', configId)
      .execute();
    return trx
      .updateTable('trainingconfig')
      .set({ is_active: true })
      .where('user_id', '=', userId)
      .where('id', '=', configId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function countConfigAnalyses(db: Db, userId: string, configId: string): Promise<number> {
  if (!isUuid(configId)) return 0;
  const row = await db
    .selectFrom('analysis')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('training_config_id', '=', configId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface DeletedConfig {
  config: TrainingConfigRow;
  deletedAnalyses: number;
  /** Where the deleted analyses' report files were written (analysisfile.file_path), for the caller to remove. */
  reportFiles: string[];
}

/**
 * Deletes a config with its races and zones (ON DELETE CASCADE). A config with analyses is
 * history: refused unless `force`, which deletes those analyses (and their results and files)
 * in the same transaction. Undefined when the config is not the user's.
 */
export async function deleteConfig(
  db: Db,
  userId: string,
  configId: string,
  options: { force?: boolean } = {},
): Promise<DeletedConfig | undefined> {
  if (!isUuid(configId)) return undefined;
  return inTransaction(db, async (trx) => {
    const config = await findConfigById(trx, userId, configId);
    if (!config) return undefined;
    const analyses = await countConfigAnalyses(trx, userId, configId);
    if (analyses > 0 && !options.force) {
      throw new UserError(
        `config "${config.name}" has ${analyses} ${analyses === 1 ? 'analysis' : 'analyses'}; ` +
          'run again with --force to delete them too',
      );
    }
    let reportFiles: string[] = [];
    if (analyses > 0) {
      const files = await trx
        .selectFrom('analysisfile')
        .innerJoin('analysis', 'analysis.id', 'analysisfile.analysis_id')
        .select('analysisfile.file_path')
        .where('analysis.user_id', '=', userId)
        .where('analysis.training_config_id', '=', configId)
        .where('analysisfile.file_path', 'is not', null)
        .execute();
      reportFiles = files.map((f) => f.file_path!);
      await trx.deleteFrom('analysis').where('user_id', '=', userId).where('training_config_id', '=', configId).execute();
    }
    await trx.deleteFrom('trainingconfig').where('user_id', '=', userId).where('id', '=', configId).execute();
    return { config, deletedAnalyses: analyses, reportFiles };
  });
}
