import type { Db } from './in-transaction.js';

/**
 * `trainingconfig_model`: the models a training config picks by role or node. Callers pass a
 * config id they already checked the user owns (selectConfig, or the analysis's own config).
 */
export async function findConfigModels(db: Db, configId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('trainingconfig_model').select(['role', 'model']).where('training_config_id', '=', configId).orderBy('role').execute();
  return Object.fromEntries(rows.map((r) => [r.role, r.model]));
}

/** Replaces the config's models with `models` (role or node -> model id); {} removes them all. */
export async function replaceConfigModels(db: Db, configId: string, models: Record<string, string>): Promise<void> {
  await db.deleteFrom('trainingconfig_model').where('training_config_id', '=', configId).execute();
  const rows = Object.entries(models).map(([role, model]) => ({ training_config_id: configId, role, model }));
  if (rows.length) await db.insertInto('trainingconfig_model').values(rows).execute();
}
