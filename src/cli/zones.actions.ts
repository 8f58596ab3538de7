import { selectConfig } from '../config/select-config.js';
import { listZones, removeZones, setZones } from '../db/training-zones.repository.js';
import { ExitCode, UserError, ValidationError } from '../errors.js';
import { parseDiscipline, parseRequiredText, TEXT_LIMITS } from '../validation/index.js';
import { withUser } from './context.js';
import { zoneJson } from './config-views.js';
import { printJson, printTable, say } from './output.js';

/** "Z2=140-152 bpm" -> metric "Z2", value "140-152 bpm" (split at the first '='). */
export function parseZoneArgument(text: string, field = '--zone'): { metricDescription: string; zoneValue: string } {
  const at = text.indexOf('=');
  if (at < 0) throw new ValidationError('expected NAME=VALUE, e.g. "Z2=140-152 bpm"', field);
  return {
    metricDescription: parseRequiredText(text.slice(0, at), `${field} name`, { max: TEXT_LIMITS.zoneMetric }),
    zoneValue: parseRequiredText(text.slice(at + 1), `${field} value`, { max: TEXT_LIMITS.zoneValue }),
  };
}

export async function setZonesAction(options: {
  discipline: string;
  zone: string[];
  replace?: boolean;
  config?: string;
  json?: boolean;
}): Promise<void> {
  const discipline = parseDiscipline(options.discipline, '--discipline');
  if (options.zone.length === 0) throw new UserError('give at least one --zone NAME=VALUE', ExitCode.usage);
  const zones = options.zone.map((z) => parseZoneArgument(z));
  const names = zones.map((z) => z.metricDescription);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new ValidationError(`zone "${twice}" given twice`, '--zone');
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, options.config);
    const { rescoreAfterZonesChange, describeRescore } = await import('../garmin/rescore-service.js');
    // The zones and the activities re-scored against them commit together.
    const { rows, rescore } = await db.transaction().execute(async (trx) => {
      const rows = await setZones(trx, user.id, config.id, discipline, zones, { replace: options.replace });
      return { rows, rescore: rows ? await rescoreAfterZonesChange(trx, user.id, config) : null };
    });
    if (!rows) throw new UserError(`training config "${config.name}" no longer exists`);
    if (options.json) printJson({ config: { id: config.id, name: config.name }, discipline, zones: rows.map(zoneJson), rescore });
    else say(`${discipline} zones of "${config.name}": ${rows.map((z) => `${z.metric_description}=${z.zone_value}`).join(', ')}`);
    const line = describeRescore(rescore);
    if (line) say(line);
  }, 'coach zones set');
}

export async function listZonesAction(options: { discipline?: string; config?: string; json?: boolean }): Promise<void> {
  const discipline = options.discipline === undefined ? undefined : parseDiscipline(options.discipline, '--discipline');
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, options.config);
    const zones = await listZones(db, user.id, config.id, discipline);
    if (options.json) {
      printJson({ config: { id: config.id, name: config.name }, zones: zones.map(zoneJson) });
      return;
    }
    if (zones.length === 0) {
      say(`no zones in "${config.name}" yet: coach zones set --discipline Running --zone "Z2=140-152 bpm"`);
      return;
    }
    await printTable(
      ['discipline', 'zone', 'value'],
      zones.map((z) => [z.discipline, z.metric_description, z.zone_value]),
    );
  }, 'coach zones list');
}

export async function removeZonesAction(options: { discipline: string; zone: string[]; config?: string }): Promise<void> {
  const discipline = parseDiscipline(options.discipline, '--discipline');
  const names = options.zone.map((name) => parseRequiredText(name, '--zone', { max: TEXT_LIMITS.zoneMetric }));
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, options.config);
    const { rescoreAfterZonesChange, describeRescore } = await import('../garmin/rescore-service.js');
    // One transaction: either every named zone goes or, if one is unknown, none; the
    // activities are re-scored against what is left in the same transaction.
    const { removed, rescore } = await db.transaction().execute(async (trx) => {
      let count = 0;
      if (names.length === 0) count = await removeZones(trx, user.id, config.id, discipline);
      for (const name of names) {
        const n = await removeZones(trx, user.id, config.id, discipline, name);
        if (n === 0) throw new UserError(`no ${discipline} zone "${name}" in "${config.name}" (see \`coach zones list\`)`);
        count += n;
      }
      return { removed: count, rescore: count > 0 ? await rescoreAfterZonesChange(trx, user.id, config) : null };
    });
    if (removed === 0) say(`no ${discipline} zones in "${config.name}"`);
    else say(`removed ${removed} ${discipline} zone${removed === 1 ? '' : 's'} from "${config.name}"`);
    const line = describeRescore(rescore);
    if (line) say(line);
  }, 'coach zones remove');
}

/** `coach zones suggest [--apply]`: thresholds the last 90 days' maximal efforts contradict by more than 3%. */
export async function suggestZonesAction(options: { config?: string; json?: boolean; apply?: boolean }): Promise<void> {
  await withUser(async ({ db, user }) => {
    const [{ zoneSuggestions, applyZoneSuggestions }, { describeSuggestion }, { describeRescore }, { localToday }] = await Promise.all([
      import('../config/zone-suggestions.js'),
      import('../analytics/threshold-suggestions.js'),
      import('../garmin/rescore-service.js'),
      import('../validation/calendar-date.js'),
    ]);
    const config = await selectConfig(db, user.id, options.config);
    // COACH_TODAY pins the as-of date (tests, benches), as for `coach analyze`.
    const today = /^\d{4}-\d{2}-\d{2}$/.test(process.env.COACH_TODAY ?? '') ? (process.env.COACH_TODAY as string) : localToday();
    const suggestions = await zoneSuggestions(db, user.id, config, today);
    const rescore = options.apply ? await applyZoneSuggestions(db, user.id, config, suggestions) : null;
    if (options.json) {
      printJson({ config: { id: config.id, name: config.name }, today, suggestions, applied: Boolean(options.apply && suggestions.length > 0), rescore });
      return;
    }
    if (suggestions.length === 0) {
      say(`no threshold in "${config.name}" is more than 3% from what the last 90 days' maximal efforts show (or too few maximal efforts to tell)`);
      return;
    }
    for (const s of suggestions) say(describeSuggestion(s));
    if (options.apply) {
      say(`updated ${suggestions.length} zone${suggestions.length === 1 ? '' : 's'} of "${config.name}" (recorded with today's date and the evidence)`);
      const line = describeRescore(rescore);
      if (line) say(line);
    } else say('apply with: coach zones suggest --apply');
  }, 'coach zones suggest');
}
