import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_CONFIG_FILE_BYTES, parseConfigFile, serialiseConfigFile } from '../config/config-file.js';
import { exportConfigDocument, importConfigDocument } from '../config/config-transfer.js';
import { selectConfig } from '../config/select-config.js';
import { listCompetitions } from '../db/competitions.repository.js';
import {
  activateConfig,
  CONFIG_DEFAULTS,
  createConfig,
  deleteConfig,
  findActiveConfig,
  listConfigs,
  updateConfig,
  type ConfigSettings,
} from '../db/training-configs.repository.js';
import { listZones } from '../db/training-zones.repository.js';
import { findAvailability, saveAvailability } from '../db/availability.repository.js';
import { type Db, inTransaction } from '../db/in-transaction.js';
import {
  applyAvailabilityPatch,
  availabilityColumns,
  availabilityOf,
  availabilityText,
  type AvailabilityPatch,
  isOpenAvailability,
  OPEN_AVAILABILITY,
  parseDayMinutesList,
  parseWeekday,
  parseWeekdayList,
} from '../plan/availability.js';
import { ExitCode, UserError } from '../errors.js';
import {
  localToday,
  parseAiMode,
  parseOptionalText,
  parsePositiveDays,
  parseRequiredText,
  TEXT_LIMITS,
} from '../validation/index.js';
import { removeReportFiles } from '../report/remove-analysis-files.js';
import { withUser } from './context.js';
import { cellText, configJson, describeTiming, raceJson, raceTiming, zoneJson } from './config-views.js';
import { colour, isInteractive, print, printJson, printTable, say, warn } from './output.js';

export interface SettingFlags {
  analysisContext?: string;
  planningContext?: string;
  activitiesDays?: string;
  metricsDays?: string;
  aiMode?: string;
  plotting?: boolean;
  hitl?: boolean;
  skipSynthesis?: boolean;
  outputDirectory?: string;
  dayMinutes?: string;
  restDays?: string;
  twoADay?: boolean;
  longDay?: string;
}

/** The availability flags given, validated (one line for a bad value); undefined when none was given. */
export function availabilityFromFlags(flags: SettingFlags): AvailabilityPatch | undefined {
  const patch: AvailabilityPatch = {};
  if (flags.dayMinutes !== undefined) patch.minutes = parseDayMinutesList(flags.dayMinutes, '--day-minutes');
  if (flags.restDays !== undefined) patch.restDays = parseWeekdayList(flags.restDays, '--rest-days');
  if (flags.twoADay !== undefined) patch.twoADay = flags.twoADay;
  if (flags.longDay !== undefined) patch.longDay = flags.longDay.trim() === '' ? null : parseWeekday(flags.longDay, '--long-day');
  return Object.keys(patch).length ? patch : undefined;
}

/** Applies an availability change to the config's stored availability, in the caller's transaction. */
async function storeAvailability(db: Db, configId: string, patch: AvailabilityPatch | undefined): Promise<void> {
  if (!patch) return;
  const row = await findAvailability(db, configId);
  const next = applyAvailabilityPatch(row ? availabilityOf(row) : OPEN_AVAILABILITY, patch);
  await saveAvailability(db, configId, isOpenAvailability(next) ? null : availabilityColumns(next));
}

/** Validates the flags that were given; flags not given stay undefined (no change). */
export function settingsFromFlags(flags: SettingFlags): Partial<ConfigSettings> {
  const settings: Partial<ConfigSettings> = {};
  const context = { max: TEXT_LIMITS.context, multiline: true };
  if (flags.analysisContext !== undefined) {
    settings.analysisContext = parseOptionalText(flags.analysisContext, '--analysis-context', context);
  }
  if (flags.planningContext !== undefined) {
    settings.planningContext = parseOptionalText(flags.planningContext, '--planning-context', context);
  }
  if (flags.activitiesDays !== undefined) settings.activitiesDays = parsePositiveDays(flags.activitiesDays, '--activities-days');
  if (flags.metricsDays !== undefined) settings.metricsDays = parsePositiveDays(flags.metricsDays, '--metrics-days');
  if (flags.aiMode !== undefined) settings.aiMode = parseAiMode(flags.aiMode, '--ai-mode');
  if (flags.plotting !== undefined) settings.enablePlotting = flags.plotting;
  if (flags.hitl !== undefined) settings.hitlEnabled = flags.hitl;
  if (flags.skipSynthesis !== undefined) settings.skipSynthesis = flags.skipSynthesis;
  if (flags.outputDirectory !== undefined) {
    settings.outputDirectory = parseOptionalText(flags.outputDirectory, '--output-directory', { max: TEXT_LIMITS.path });
  }
  return settings;
}

function parseName(value: unknown, field: string): string {
  return parseRequiredText(value, field, { max: TEXT_LIMITS.name });
}

/** Asks for the name and every setting not given as a flag (a person at a terminal). */
async function promptForConfig(
  name: string | undefined,
  given: Partial<ConfigSettings>,
): Promise<{ name: string; settings: Partial<ConfigSettings> }> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  const validateWith = (parse: (v: string) => unknown) => (value: string) => {
    try {
      parse(value);
      return true;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const settings = { ...given };
  const chosenName =
    name ?? parseName(await input({ message: 'Config name', default: 'main', validate: validateWith((v) => parseName(v, 'name')) }), 'name');
  if (settings.analysisContext === undefined) {
    const text = await input({ message: 'Analysis context (goals, history; empty for none)' });
    settings.analysisContext = parseOptionalText(text, 'analysis context', { max: TEXT_LIMITS.context, multiline: true });
  }
  if (settings.planningContext === undefined) {
    const text = await input({ message: 'Planning context (available days, hours; empty for none)' });
    settings.planningContext = parseOptionalText(text, 'planning context', { max: TEXT_LIMITS.context, multiline: true });
  }
  for (const [key, label] of [
    ['activitiesDays', 'Days of activities to analyse'],
    ['metricsDays', 'Days of daily metrics to analyse'],
  ] as const) {
    if (settings[key] === undefined) {
      const text = await input({
        message: label,
        default: String(CONFIG_DEFAULTS[key]),
        validate: validateWith((v) => parsePositiveDays(v, 'days')),
      });
      settings[key] = parsePositiveDays(text, key);
    }
  }
  if (settings.aiMode === undefined) {
    settings.aiMode = await select({
      message: 'AI mode',
      default: CONFIG_DEFAULTS.aiMode,
      choices: [
        { value: 'standard' as const, name: 'standard: balanced' },
        { value: 'development' as const, name: 'development: most thorough, highest cost' },
        { value: 'cost_effective' as const, name: 'cost_effective: budget models' },
      ],
    });
  }
  if (settings.enablePlotting === undefined) settings.enablePlotting = await confirm({ message: 'Draw plots in reports?', default: true });
  if (settings.hitlEnabled === undefined) {
    settings.hitlEnabled = await confirm({ message: 'May the coach ask you questions during an analysis?', default: true });
  }
  return { name: chosenName, settings };
}

export async function createConfigAction(
  nameArg: string | undefined,
  options: SettingFlags & { activate?: boolean; json?: boolean },
): Promise<void> {
  let name = nameArg === undefined ? undefined : parseName(nameArg, 'name');
  let settings = settingsFromFlags(options);
  if (name === undefined) {
    if (!isInteractive()) throw new UserError('missing the config name: coach config create NAME [options]', ExitCode.usage);
    ({ name, settings } = await promptForConfig(name, settings));
  }
  const availability = availabilityFromFlags(options);
  if (availability) applyAvailabilityPatch(OPEN_AVAILABILITY, availability);
  await withUser(async ({ db, user }) => {
    const config = await inTransaction(db, async (trx) => {
      const created = await createConfig(trx, user.id, { name: name!, ...settings, activate: options.activate });
      await storeAvailability(trx, created.id, availability);
      return created;
    });
    if (options.json) printJson({ config: configJson(config) });
    else say(`created training config "${config.name}"${config.is_active ? ' (active)' : ''}`);
  }, 'coach config create');
}

export async function listConfigsAction(options: { json?: boolean }): Promise<void> {
  await withUser(async ({ db, user }) => {
    const configs = await listConfigs(db, user.id);
    if (options.json) {
      printJson({ configs: configs.map(configJson) });
      return;
    }
    if (configs.length === 0) {
      say('no training configs yet: coach config create NAME');
      return;
    }
    await printTable(
      ['', 'name', 'ai mode', 'activities', 'metrics', 'plots', 'hitl', 'synthesis', 'output'],
      configs.map((c) => [
        c.is_active ? '*' : '',
        c.name,
        c.ai_mode,
        `${c.activities_days} d`,
        `${c.metrics_days} d`,
        c.enable_plotting ? 'yes' : 'no',
        c.hitl_enabled ? 'yes' : 'no',
        c.skip_synthesis ? 'skipped' : 'yes',
        c.output_directory ?? '(default)',
      ]),
    );
  }, 'coach config list');
}

export async function showConfigAction(
  nameArg: string | undefined,
  options: { config?: string; json?: boolean },
): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, nameArg ?? options.config);
    const [races, zones] = [await listCompetitions(db, user.id, config.id), await listZones(db, user.id, config.id)];
    const stored = await findAvailability(db, config.id);
    const availability = stored ? availabilityOf(stored) : OPEN_AVAILABILITY;
    const today = localToday();
    if (options.json) {
      printJson({ config: configJson(config), availability, competitions: races.map((r) => raceJson(r, today)), zones: zones.map(zoneJson) });
      return;
    }
    const yesNo = (value: boolean) => (value ? 'yes' : 'no');
    const lines = [
      `${colour.bold(config.name)}${config.is_active ? colour.green(' (active)') : ''}`,
      `  ai mode            ${config.ai_mode}`,
      `  activities days    ${config.activities_days}`,
      `  metrics days       ${config.metrics_days}`,
      `  plotting           ${yesNo(config.enable_plotting)}`,
      `  hitl               ${yesNo(config.hitl_enabled)}`,
      `  skip synthesis     ${yesNo(config.skip_synthesis)}`,
      `  output directory   ${config.output_directory ?? '(default)'}`,
      `  analysis context   ${cellText(config.analysis_context, 70) || '-'}`,
      `  planning context   ${cellText(config.planning_context, 70) || '-'}`,
      `  availability       ${availabilityText(availability)}`,
      '',
      `races (${races.length})`,
      ...races.map((r) => {
        const timing = raceTiming(r.date, today);
        const line = `  ${r.date}  ${r.priority}  ${r.name}${r.target_time ? `  target ${r.target_time}` : ''}  ${describeTiming(timing)}`;
        return timing.past ? colour.dim(`${line} (past)`) : line;
      }),
      '',
      `zones (${zones.length})`,
      ...zones.map((z) => `  ${z.discipline.padEnd(9)} ${z.metric_description} = ${z.zone_value}`),
    ];
    print(lines.join('\n'));
  }, 'coach config show');
}

export async function editConfigAction(
  nameArg: string | undefined,
  options: SettingFlags & { config?: string; rename?: string; json?: boolean },
): Promise<void> {
  const patch = { ...settingsFromFlags(options), ...(options.rename !== undefined ? { name: parseName(options.rename, '--rename') } : {}) };
  const availability = availabilityFromFlags(options);
  if (Object.keys(patch).length === 0 && !availability) {
    throw new UserError('nothing to change: give at least one option (see `coach config edit --help`)', ExitCode.usage);
  }
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, nameArg ?? options.config);
    const updated = await inTransaction(db, async (trx) => {
      const row = Object.keys(patch).length ? await updateConfig(trx, user.id, config.id, patch) : config;
      if (row) await storeAvailability(trx, config.id, availability);
      return row;
    });
    if (!updated) throw new UserError(`training config "${config.name}" no longer exists`);
    if (options.json) printJson({ config: configJson(updated) });
    else say(`updated training config "${updated.name}"`);
  }, 'coach config edit');
}

export async function activateConfigAction(name: string): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, name);
    const { rescoreStoredActivities, describeRescore } = await import('../garmin/rescore-service.js');
    // Another config's zones are now the active ones: re-score in the same transaction.
    const rescore = await db.transaction().execute(async (trx) => {
      await activateConfig(trx, user.id, config.id);
      return rescoreStoredActivities(trx, user.id);
    });
    say(`"${config.name}" is now the active training config`);
    const line = describeRescore(rescore);
    if (line) say(line);
  }, 'coach config activate');
}

export async function deleteConfigAction(name: string, options: { force?: boolean }): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, name);
    const outcome = await deleteConfig(db, user.id, config.id, { force: options.force });
    if (!outcome) throw new UserError(`training config "${config.name}" no longer exists`);
    const extra = outcome.deletedAnalyses ? ` and ${outcome.deletedAnalyses} analyses` : '';
    say(`deleted training config "${config.name}" with its races and zones${extra}`);
    // After the commit: the rows are gone whatever happens to the files.
    const leftOnDisk = await removeReportFiles(outcome.reportFiles);
    if (outcome.reportFiles.length > 0) {
      say(`removed ${outcome.reportFiles.length - leftOnDisk.length} of ${outcome.reportFiles.length} report files`);
    }
    for (const file of leftOnDisk) warn(`could not remove ${file}`);
    if (config.is_active && !(await findActiveConfig(db, user.id))) {
      const left = await listConfigs(db, user.id);
      if (left.length > 0) warn(`no config is active now: coach config activate ${left[0].name}`);
    }
  }, 'coach config delete');
}

async function readConfigText(file: string): Promise<string> {
  try {
    // Check the size first: a wrong argument (a video, a disk image) must not be read into memory.
    const { size } = await stat(file);
    if (size > MAX_CONFIG_FILE_BYTES) throw new UserError(`${file}: ${size} bytes is too large for a config file (at most ${MAX_CONFIG_FILE_BYTES})`);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UserError(`${file}: is a directory, not a YAML file`);
    if (code === 'EACCES') throw new UserError(`${file}: permission denied`);
    throw new UserError(`${file}: cannot read (${code ?? (error as Error).message})`);
  }
}

export async function importConfigAction(file: string, options: { activate?: boolean; json?: boolean }): Promise<void> {
  // Everything is validated before the database opens: a bad file changes nothing.
  const doc = parseConfigFile(await readConfigText(file), basename(file));
  await withUser(async ({ db, user }) => {
    const outcome = await importConfigDocument(db, user, doc, { activate: options.activate });
    if (outcome.athleteSkipped) warn(outcome.athleteSkipped);
    if (options.json) {
      printJson({
        config: configJson(outcome.config),
        created: outcome.created,
        competitions: outcome.races,
        zones: outcome.zones,
        athleteProfileSkipped: outcome.athleteSkipped ?? null,
        rescore: outcome.rescore,
      });
      return;
    }
    say(
      `${outcome.created ? 'created' : 'replaced'} training config "${outcome.config.name}"` +
        `${outcome.config.is_active ? ' (active)' : ''}: ${outcome.races} races, ${outcome.zones} zones`,
    );
    const { describeRescore } = await import('../garmin/rescore-service.js');
    const line = describeRescore(outcome.rescore);
    if (line) say(line);
  }, 'coach config import');
}

export async function exportConfigAction(
  nameArg: string | undefined,
  options: { config?: string; output?: string },
): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, nameArg ?? options.config);
    const doc = await exportConfigDocument(db, user, config);
    const text = serialiseConfigFile(
      doc,
      `coach training config "${config.name}", exported ${new Date().toISOString().slice(0, 10)}.\n` +
        'Import with: coach config import FILE.yaml (keys documented in config.example.yaml)',
    );
    if (!options.output) {
      print(text);
      return;
    }
    try {
      await writeFile(options.output, text, 'utf8');
    } catch (error) {
      throw new UserError(`${options.output}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    say(`wrote training config "${config.name}" to ${options.output}`);
  }, 'coach config export');
}

