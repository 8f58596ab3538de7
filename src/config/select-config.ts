import type { TrainingConfigRow } from '../db/database.js';
import type { Db } from '../db/in-transaction.js';
import { findActiveConfig, findConfigByName } from '../db/training-configs.repository.js';
import { UserError } from '../errors.js';
import { shownValue } from '../validation/index.js';

/**
 * The config a command works on: the one named (`--config NAME`), else the active one.
 * Another user's config of the same name is invisible (the lookup is by owner).
 */
export async function selectConfig(db: Db, userId: string, name?: string | null): Promise<TrainingConfigRow> {
  if (name !== undefined && name !== null) {
    const found = await findConfigByName(db, userId, name);
    if (!found) throw new UserError(`no training config named "${shownValue(name.trim(), 80)}" (see \`coach config list\`)`);
    return found;
  }
  const active = await findActiveConfig(db, userId);
  if (!active) {
    throw new UserError('no active training config: create one with `coach config create NAME` or pick one with `coach config activate NAME`');
  }
  return active;
}
