import { Document, parseDocument, Scalar } from 'yaml';
import type { RaceFields } from '../db/competitions.repository.js';
import type { ConfigSettings } from '../db/training-configs.repository.js';
import type { ZoneFields } from '../db/training-zones.repository.js';
import { ValidationError } from '../errors.js';
import {
  DISCIPLINE_NAMES,
  parseAiMode,
  parseBoolean,
  parseCalendarDate,
  parseDiscipline,
  parseEmail,
  parseHttpUrl,
  parseOptionalText,
  parsePositiveDays,
  parsePositiveId,
  parsePriority,
  parseRequiredText,
  parseSex,
  parseTargetTime,
  type SexName,
  shownValue,
  TEXT_LIMITS,
} from '../validation/index.js';

import { type Availability, checkAvailability, isOpenAvailability, isWeekday, parseDayMinutes, parseWeekday, parseWeekdayList, WEEKDAYS } from '../plan/availability.js';
/**
 * The YAML training-config file (`config.example.yaml` documents it key by key): parsed and
 * validated into a ConfigDocument, and written back in the same shape, so
 * `parse(serialise(x))` is `x`. Pure: no files, no database.
 */
export interface AthleteSection {
  name: string | null;
  email: string | null;
  context: string | null;
  /** female | male: picks the sex-specific constants of heart-rate load (TRIMP). */
  sex?: SexName | null;
}

export interface ConfigDocument {
  name: string;
  athlete: AthleteSection;
  settings: ConfigSettings;
  competitions: RaceFields[];
  zones: ZoneFields[];
  /** When the athlete can train (table trainingconfig_availability); absent: no limits. */
  availability?: Availability;
  /** Models by role or node (table trainingconfig_model); `--model` and COACH_MODELS win over them. */
  models?: Record<string, string>;
}

/** Every problem in a file at once, each with its field path, reported as one line. */
export class ConfigFileError extends ValidationError {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    const count = problems.length === 1 ? '' : ` ${problems.length} problems:`;
    super(`${source}:${count} ${problems.join('; ')}`);
    this.name = 'ConfigFileError';
    this.problems = problems;
  }
}

/** Larger than any real config; stops a wrong file (a FIT file, a log) early. */
export const MAX_CONFIG_FILE_BYTES = 1_000_000;
const MAX_COMPETITIONS = 500;
const MAX_ZONES_PER_DISCIPLINE = 100;

const KEYS = {
  top: ['name', 'athlete', 'contexts', 'extraction', 'competitions', 'zones', 'output', 'ai_mode', 'flags', 'availability', 'models'],
  // The roles and model nodes of src/workflow/models.ts (a unit test checks they match).
  models: ['experts', 'synthesis', 'planners', 'expert_load', 'expert_sessions', 'expert_recovery', 'season_planner', 'weekly_planner'],
  availability: ['minutes', 'rest_days', 'two_a_day', 'long_day'],
  athlete: ['name', 'email', 'context', 'sex'],
  contexts: ['analysis', 'planning'],
  extraction: ['activities_days', 'metrics_days'],
  competition: ['name', 'date', 'race_type', 'priority', 'target_time', 'bikereg_id', 'runreg_url'],
  output: ['directory', 'plotting'],
  flags: ['hitl_enabled', 'skip_synthesis'],
} as const;

type Mapping = Map<string, unknown>;

/** Collects problems instead of stopping at the first. */
class Problems {
  readonly list: string[] = [];
  /** Runs a field parser; on a ValidationError records it and returns undefined. */
  take<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ValidationError) {
        this.list.push(error.message);
        return undefined;
      }
      throw error;
    }
  }
  add(field: string, message: string): void {
    this.list.push(`${field}: ${message}`);
  }
}

function isMapping(value: unknown): value is Mapping {
  return value instanceof Map;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return shownValue(value);
}

/** A section that must be a mapping (missing or empty means {}); checks for unknown keys. */
function section(problems: Problems, value: unknown, field: string, allowed: readonly string[]): Mapping {
  if (value === undefined || value === null) return new Map();
  if (!isMapping(value)) {
    problems.add(field, `must be a mapping of ${allowed.join(', ')}, not ${describe(value)}`);
    return new Map();
  }
  for (const key of value.keys()) {
    if (!allowed.includes(key)) {
      problems.add(field ? `${field}.${key}` : key, `unknown key (expected one of ${allowed.join(', ')})`);
    }
  }
  return value;
}

/** A field that may be missing: `parse` runs only when a value is there. */
function optional<T>(value: unknown, parse: (v: unknown) => T): T | null | undefined {
  return value === undefined || value === null ? undefined : parse(value);
}

/**
 * Parses and validates the text of a config file. `source` names the file in messages.
 * Throws ConfigFileError listing every problem; unknown keys are problems too.
 */
export function parseConfigFile(text: string, source = 'config file'): ConfigDocument {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_FILE_BYTES) {
    throw new ConfigFileError(source, [`larger than ${MAX_CONFIG_FILE_BYTES} bytes; is this a config file?`]);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      source,
      // The first line of a pretty message ends with "at line L, column C:"; the code excerpt after it would break the one-line error.
      doc.errors.slice(0, 5).map((e) => `not valid YAML: ${e.message.split('\n')[0].replace(/:\s*$/, '')}`),
    );
  }
  let root: unknown;
  try {
    // Maps keep key order and non-string keys; the alias cap stops "billion laughs" files.
    root = doc.toJS({ mapAsMap: true, maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigFileError(source, [`not valid YAML (${(error as Error).message.split('\n')[0]})`]);
  }
  if (root instanceof Map) root = new Map([...root].map(([k, v]) => [String(k), v]));
  const problems = new Problems();
  if (!isMapping(root)) {
    throw new ConfigFileError(source, [`must be a YAML mapping with keys ${KEYS.top.join(', ')}, not ${describe(root)}`]);
  }
  const top = section(problems, root, '', KEYS.top);
  const name = top.has('name')
    ? problems.take(() => parseRequiredText(top.get('name'), 'name', { max: TEXT_LIMITS.name }))
    : (problems.add('name', 'missing (the name of the training config)'), undefined);

  const athleteMap = section(problems, top.get('athlete'), 'athlete', KEYS.athlete);
  const sex = problems.take(() => optional(athleteMap.get('sex'), (v) => parseSex(v, 'athlete.sex')));
  const athlete: AthleteSection = {
    name: problems.take(() => parseOptionalText(athleteMap.get('name'), 'athlete.name', { max: TEXT_LIMITS.name })) ?? null,
    email: problems.take(() => optional(athleteMap.get('email'), (v) => parseEmail(v, 'athlete.email'))) ?? null,
    context:
      problems.take(() =>
        parseOptionalText(athleteMap.get('context'), 'athlete.context', { max: TEXT_LIMITS.context, multiline: true }),
      ) ?? null,
    ...(sex ? { sex } : {}),
  };

  const contexts = section(problems, top.get('contexts'), 'contexts', KEYS.contexts);
  const extraction = section(problems, top.get('extraction'), 'extraction', KEYS.extraction);
  const output = section(problems, top.get('output'), 'output', KEYS.output);
  const flags = section(problems, top.get('flags'), 'flags', KEYS.flags);
  const context = (key: 'analysis' | 'planning') =>
    problems.take(() => parseOptionalText(contexts.get(key), `contexts.${key}`, { max: TEXT_LIMITS.context, multiline: true })) ??
    null;
  const settings: ConfigSettings = {
    analysisContext: context('analysis'),
    planningContext: context('planning'),
    activitiesDays:
      problems.take(() => optional(extraction.get('activities_days'), (v) => parsePositiveDays(v, 'extraction.activities_days'))) ?? 21,
    metricsDays: problems.take(() => optional(extraction.get('metrics_days'), (v) => parsePositiveDays(v, 'extraction.metrics_days'))) ?? 56,
    aiMode: problems.take(() => optional(top.get('ai_mode'), (v) => parseAiMode(v, 'ai_mode'))) ?? 'standard',
    enablePlotting: problems.take(() => optional(output.get('plotting'), (v) => parseBoolean(v, 'output.plotting'))) ?? true,
    hitlEnabled: problems.take(() => optional(flags.get('hitl_enabled'), (v) => parseBoolean(v, 'flags.hitl_enabled'))) ?? true,
    skipSynthesis: problems.take(() => optional(flags.get('skip_synthesis'), (v) => parseBoolean(v, 'flags.skip_synthesis'))) ?? false,
    outputDirectory: problems.take(() => parseOptionalText(output.get('directory'), 'output.directory', { max: TEXT_LIMITS.path })) ?? null,
  };

  const availability = parseAvailabilitySection(problems, top.get('availability'));
  const models = parseModelsSection(problems, top.get('models'));
  const competitions = parseCompetitions(problems, top.get('competitions'));
  const zones = parseZones(problems, top.get('zones'));

  if (problems.list.length > 0 || name === undefined) throw new ConfigFileError(source, problems.list);
  return {
    name, athlete, settings, competitions, zones,
    ...(availability && !isOpenAvailability(availability) ? { availability } : {}),
    ...(Object.keys(models).length ? { models } : {}),
  };
}

/** A model id as providers and gateways spell them (gpt-5-mini, anthropic/claude-sonnet-4.5, llama3.1:8b). */
const MODEL_NAME = /^[\w.:/@+-]{1,200}$/;

/** `models:` role or node -> model id (`experts: gpt-5-mini`); the API keys and base URLs stay in the environment. */
function parseModelsSection(problems: Problems, value: unknown): Record<string, string> {
  const map = section(problems, value, 'models', KEYS.models);
  const out: Record<string, string> = {};
  for (const [key, v] of map) {
    if (!(KEYS.models as readonly string[]).includes(key) || v === null || v === undefined) continue;
    if (typeof v !== 'string' || !MODEL_NAME.test(v.trim())) problems.add(`models.${key}`, `not a model name: ${shownValue(v)}`);
    else out[key] = v.trim();
  }
  return out;
}

function parseAvailabilitySection(problems: Problems, value: unknown): Availability | undefined {
  if (value === undefined || value === null) return undefined;
  const map = section(problems, value, 'availability', KEYS.availability);
  const minutes: Availability['minutes'] = {};
  const minutesMap = section(problems, map.get('minutes'), 'availability.minutes', WEEKDAYS);
  for (const [day, v] of minutesMap) {
    if (!isWeekday(day) || v === null || v === undefined) continue;
    const parsed = problems.take(() => parseDayMinutes(v, `availability.minutes.${day}`));
    if (parsed !== undefined) minutes[day] = parsed;
  }
  const a: Availability = {
    minutes,
    restDays: problems.take(() => optional(map.get('rest_days'), (v) => parseWeekdayList(v, 'availability.rest_days'))) ?? [],
    twoADay: problems.take(() => optional(map.get('two_a_day'), (v) => parseBoolean(v, 'availability.two_a_day'))) ?? false,
    longDay: problems.take(() => optional(map.get('long_day'), (v) => parseWeekday(v, 'availability.long_day'))) ?? null,
  };
  return problems.take(() => checkAvailability(a, 'availability'));
}

function parseCompetitions(problems: Problems, value: unknown): RaceFields[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add('competitions', `must be a list of races, not ${describe(value)}`);
    return [];
  }
  if (value.length > MAX_COMPETITIONS) {
    problems.add('competitions', `too many races (${value.length}, at most ${MAX_COMPETITIONS})`);
    return [];
  }
  const races: RaceFields[] = [];
  value.forEach((item, index) => {
    const at = `competitions[${index}]`;
    if (!isMapping(item)) {
      problems.add(at, `must be a mapping with ${KEYS.competition.join(', ')}, not ${describe(item)}`);
      return;
    }
    const race = section(problems, item, at, KEYS.competition);
    const before = problems.list.length;
    const parsed: Partial<RaceFields> = {
      name: problems.take(() => parseRequiredText(race.get('name'), `${at}.name`, { max: TEXT_LIMITS.name })),
      date: problems.take(() => parseCalendarDate(race.get('date'), `${at}.date`)),
      raceType: problems.take(() => parseOptionalText(race.get('race_type'), `${at}.race_type`, { max: TEXT_LIMITS.raceType })),
      priority: problems.take(() => optional(race.get('priority'), (v) => parsePriority(v, `${at}.priority`)) ?? 'B'),
      targetTime: problems.take(() => optional(race.get('target_time'), (v) => parseTargetTime(v, `${at}.target_time`)) ?? null),
      bikeregId: problems.take(() => optional(race.get('bikereg_id'), (v) => parsePositiveId(v, `${at}.bikereg_id`)) ?? null),
      runregUrl: problems.take(() => optional(race.get('runreg_url'), (v) => parseHttpUrl(v, `${at}.runreg_url`)) ?? null),
    };
    if (problems.list.length === before) races.push(parsed as RaceFields);
  });
  return races;
}

function parseZones(problems: Problems, value: unknown): ZoneFields[] {
  if (value === undefined || value === null) return [];
  if (!isMapping(value)) {
    problems.add('zones', `must be a mapping of ${DISCIPLINE_NAMES.join(', ')}, not ${describe(value)}`);
    return [];
  }
  const zones: ZoneFields[] = [];
  const seen = new Set<string>();
  for (const [rawDiscipline, metrics] of value) {
    const discipline = problems.take(() => parseDiscipline(String(rawDiscipline), `zones.${shownValue(rawDiscipline, 30)}`));
    if (!discipline) continue;
    if (seen.has(discipline)) {
      problems.add(`zones.${discipline}`, 'given twice');
      continue;
    }
    seen.add(discipline);
    if (metrics === undefined || metrics === null) continue;
    if (!isMapping(metrics)) {
      problems.add(`zones.${discipline}`, `must be a mapping of zone name to value (Z2: 140-152 bpm), not ${describe(metrics)}`);
      continue;
    }
    if (metrics.size > MAX_ZONES_PER_DISCIPLINE) {
      problems.add(`zones.${discipline}`, `too many zones (${metrics.size}, at most ${MAX_ZONES_PER_DISCIPLINE})`);
      continue;
    }
    for (const [rawMetric, rawValue] of metrics) {
      const at = `zones.${discipline}.${shownValue(String(rawMetric), 40)}`;
      const metricDescription = problems.take(() => parseRequiredText(String(rawMetric), at, { max: TEXT_LIMITS.zoneMetric }));
      const zoneValue = problems.take(() => parseRequiredText(rawValue, at, { max: TEXT_LIMITS.zoneValue }));
      if (metricDescription && zoneValue) zones.push({ discipline, metricDescription, zoneValue });
    }
  }
  return zones;
}

/** A string written in double quotes (times like 03:15:00 are numbers to YAML 1.1 readers). */
function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** Writes a ConfigDocument in the file format (the keys in the documented order). */
export function serialiseConfigFile(config: ConfigDocument, heading?: string): string {
  const s = config.settings;
  const compact = (entries: Array<[string, unknown]>) => Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
  const zones = new Map<string, Map<string, string>>();
  for (const zone of config.zones) {
    if (!zones.has(zone.discipline)) zones.set(zone.discipline, new Map());
    zones.get(zone.discipline)!.set(zone.metricDescription, zone.zoneValue);
  }
  const body = {
    name: config.name,
    athlete: compact([
      ['name', config.athlete.name],
      ['email', config.athlete.email],
      ['context', config.athlete.context],
      ['sex', config.athlete.sex ?? null],
    ]),
    contexts: compact([
      ['analysis', s.analysisContext],
      ['planning', s.planningContext],
    ]),
    extraction: { activities_days: s.activitiesDays, metrics_days: s.metricsDays },
    competitions: config.competitions.map((race) =>
      compact([
        ['name', race.name],
        ['date', race.date],
        ['race_type', race.raceType],
        ['priority', race.priority],
        ['target_time', race.targetTime === null ? null : quoted(race.targetTime)],
        ['bikereg_id', race.bikeregId],
        ['runreg_url', race.runregUrl],
      ]),
    ),
    zones,
    output: compact([
      ['directory', s.outputDirectory],
      ['plotting', s.enablePlotting],
    ]),
    ai_mode: s.aiMode,
    flags: { hitl_enabled: s.hitlEnabled, skip_synthesis: s.skipSynthesis },
    ...(config.availability && !isOpenAvailability(config.availability)
      ? {
          availability: compact([
            ['minutes', Object.keys(config.availability.minutes).length ? Object.fromEntries(WEEKDAYS.filter((d) => config.availability!.minutes[d] !== undefined).map((d) => [d, config.availability!.minutes[d]])) : null],
            ['rest_days', config.availability.restDays.length ? config.availability.restDays : null],
            ['two_a_day', config.availability.twoADay],
            ['long_day', config.availability.longDay],
          ]),
        }
      : {}),
    ...(config.models && Object.keys(config.models).length ? { models: Object.fromEntries(KEYS.models.filter((k) => config.models![k]).map((k) => [k, config.models![k]])) } : {}),
  };
  const doc = new Document(body);
  if (heading) doc.commentBefore = heading.split('\n').map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
