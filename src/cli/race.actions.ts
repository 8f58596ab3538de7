import { selectConfig } from '../config/select-config.js';
import {
  addCompetition,
  listCompetitions,
  removeCompetition,
  updateCompetition,
  type RaceFields,
  type RacePatch,
} from '../db/competitions.repository.js';
import type { CompetitionRow } from '../db/database.js';
import type { Db } from '../db/in-transaction.js';
import { ExitCode, UserError } from '../errors.js';
import {
  localToday,
  parseCalendarDate,
  parseHttpUrl,
  parseOptionalText,
  parsePositiveId,
  parsePriority,
  parseRequiredText,
  parseTargetTime,
  shownValue,
  TEXT_LIMITS,
} from '../validation/index.js';
import { withUser } from './context.js';
import { describeTiming, raceJson, raceTiming, shortId } from './config-views.js';
import { colour, isInteractive, printJson, printTable, say } from './output.js';

export interface RaceFlags {
  name?: string;
  date?: string;
  type?: string;
  priority?: string;
  targetTime?: string;
  bikeregId?: string;
  runregUrl?: string;
  config?: string;
  json?: boolean;
}

/** `""` clears an optional field; otherwise the value is validated. */
function optionalFlag<T>(value: string | undefined, parse: (v: string) => T): T | null | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? null : parse(value);
}

/** Validates the race flags given; absent flags stay undefined. */
export function racePatchFromFlags(flags: RaceFlags): RacePatch {
  const patch: RacePatch = {};
  if (flags.name !== undefined) patch.name = parseRequiredText(flags.name, '--name', { max: TEXT_LIMITS.name });
  if (flags.date !== undefined) patch.date = parseCalendarDate(flags.date, '--date');
  if (flags.type !== undefined) patch.raceType = parseOptionalText(flags.type, '--type', { max: TEXT_LIMITS.raceType });
  if (flags.priority !== undefined) patch.priority = parsePriority(flags.priority, '--priority');
  const targetTime = optionalFlag(flags.targetTime, (v) => parseTargetTime(v, '--target-time'));
  if (targetTime !== undefined) patch.targetTime = targetTime;
  const bikeregId = optionalFlag(flags.bikeregId, (v) => parsePositiveId(v, '--bikereg-id'));
  if (bikeregId !== undefined) patch.bikeregId = bikeregId;
  const runregUrl = optionalFlag(flags.runregUrl, (v) => parseHttpUrl(v, '--runreg-url'));
  if (runregUrl !== undefined) patch.runregUrl = runregUrl;
  return patch;
}

async function promptForRace(patch: RacePatch): Promise<RacePatch> {
  const { input, select } = await import('@inquirer/prompts');
  const check = (parse: (v: string) => unknown) => (value: string) => {
    try {
      parse(value);
      return true;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const filled = { ...patch };
  if (filled.name === undefined) {
    const parse = (v: string) => parseRequiredText(v, 'name', { max: TEXT_LIMITS.name });
    filled.name = parse(await input({ message: 'Race name', validate: check(parse) }));
  }
  if (filled.date === undefined) {
    const parse = (v: string) => parseCalendarDate(v, 'date');
    filled.date = parse(await input({ message: 'Date (YYYY-MM-DD)', validate: check(parse) }));
  }
  if (filled.priority === undefined) {
    filled.priority = await select({
      message: 'Priority',
      default: 'B' as const,
      choices: [
        { value: 'A' as const, name: 'A: peak race' },
        { value: 'B' as const, name: 'B: important race' },
        { value: 'C' as const, name: 'C: training race' },
      ],
    });
  }
  if (filled.targetTime === undefined) {
    const parse = (v: string) => (v.trim() === '' ? null : parseTargetTime(v, 'target time'));
    filled.targetTime = parse(await input({ message: 'Target time HH:MM:SS (empty for none)', validate: check(parse) }));
  }
  return filled;
}

export async function addRaceAction(flags: RaceFlags): Promise<void> {
  let patch = racePatchFromFlags(flags);
  if (patch.name === undefined || patch.date === undefined) {
    if (!isInteractive()) {
      throw new UserError('a race needs --name and --date (YYYY-MM-DD)', ExitCode.usage);
    }
    patch = await promptForRace(patch);
  }
  const race: RaceFields = {
    name: patch.name!,
    date: patch.date!,
    raceType: patch.raceType ?? null,
    priority: patch.priority ?? 'B',
    targetTime: patch.targetTime ?? null,
    bikeregId: patch.bikeregId ?? null,
    runregUrl: patch.runregUrl ?? null,
  };
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, flags.config);
    const added = await addCompetition(db, user.id, config.id, race);
    if (!added) throw new UserError(`training config "${config.name}" no longer exists`);
    if (flags.json) printJson({ config: { id: config.id, name: config.name }, race: raceJson(added, localToday()) });
    else say(`added ${added.priority} race "${added.name}" on ${added.date} to "${config.name}" (id ${shortId(added.id)})`);
  }, 'coach race add');
}

export async function listRacesAction(options: { config?: string; upcoming?: boolean; json?: boolean }): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, options.config);
    const today = localToday();
    const races = (await listCompetitions(db, user.id, config.id)).filter(
      (r) => !options.upcoming || !raceTiming(r.date, today).past,
    );
    if (options.json) {
      printJson({ config: { id: config.id, name: config.name }, today, races: races.map((r) => raceJson(r, today)) });
      return;
    }
    if (races.length === 0) {
      say(`no races in "${config.name}" yet: coach race add --name NAME --date YYYY-MM-DD`);
      return;
    }
    await printTable(
      ['id', 'date', 'name', 'type', 'priority', 'target', 'weeks to race', ''],
      races.map((r) => {
        const timing = raceTiming(r.date, today);
        const cells = [
          shortId(r.id),
          r.date,
          r.name,
          r.race_type ?? '',
          r.priority,
          r.target_time ?? '',
          timing.past ? '' : String(timing.weeksToRace),
          timing.past ? 'past' : describeTiming(timing),
        ];
        return timing.past ? cells.map((c) => colour.dim(c)) : cells;
      }),
    );
  }, 'coach race list');
}

/** A race of the config by full id, 8-character id prefix, or exact (case-insensitive) name. */
async function findRace(db: Db, userId: string, configId: string, configName: string, ref: string): Promise<CompetitionRow> {
  const wanted = ref.trim();
  const races = await listCompetitions(db, userId, configId);
  const lower = wanted.toLowerCase();
  const byId = races.filter((r) => r.id === lower || (lower.length >= 8 && /^[0-9a-f-]+$/.test(lower) && r.id.startsWith(lower)));
  const matches = byId.length > 0 ? byId : races.filter((r) => r.name.toLowerCase() === lower);
  if (matches.length === 0) {
    throw new UserError(`no race "${shownValue(wanted, 80)}" in training config "${configName}" (see \`coach race list\`)`);
  }
  if (matches.length > 1) {
    throw new UserError(`${matches.length} races match "${shownValue(wanted, 80)}": use the id (${matches.map((r) => shortId(r.id)).join(', ')})`);
  }
  return matches[0];
}

export async function editRaceAction(ref: string, flags: RaceFlags): Promise<void> {
  const patch = racePatchFromFlags(flags);
  if (Object.keys(patch).length === 0) {
    throw new UserError('nothing to change: give at least one option (see `coach race edit --help`)', ExitCode.usage);
  }
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, flags.config);
    const race = await findRace(db, user.id, config.id, config.name, ref);
    const updated = await updateCompetition(db, user.id, race.id, patch);
    if (!updated) throw new UserError(`race "${race.name}" no longer exists`);
    if (flags.json) printJson({ config: { id: config.id, name: config.name }, race: raceJson(updated, localToday()) });
    else say(`updated race "${updated.name}" (${updated.date}, ${updated.priority})`);
  }, 'coach race edit');
}

export async function removeRaceAction(ref: string, options: { config?: string }): Promise<void> {
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, options.config);
    const race = await findRace(db, user.id, config.id, config.name, ref);
    if (!(await removeCompetition(db, user.id, race.id))) throw new UserError(`race "${race.name}" no longer exists`);
    say(`removed race "${race.name}" (${race.date}) from "${config.name}"`);
  }, 'coach race remove');
}
