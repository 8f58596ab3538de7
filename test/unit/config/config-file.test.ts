import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, parseConfigFile, serialiseConfigFile, type ConfigDocument } from '../../../src/config/config-file.js';
import { ValidationError } from '../../../src/errors.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../config.example.yaml');

function problemsOf(text: string): string[] {
  try {
    parseConfigFile(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toContain('\n');
    return (error as ConfigFileError).problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('config file: config.example.yaml', () => {
  it('parses into every field', () => {
    const doc = parseConfigFile(readFileSync(EXAMPLE, 'utf8'));
    expect(doc.name).toBe('main');
    expect(doc.athlete).toMatchObject({ name: 'Jane Runner', email: 'jane@example.com' });
    expect(doc.athlete.context).toMatch(/^10 years of running/);
    expect(doc.settings).toMatchObject({
      activitiesDays: 21,
      metricsDays: 56,
      aiMode: 'standard',
      enablePlotting: true,
      hitlEnabled: true,
      skipSynthesis: false,
      outputDirectory: 'coach-reports',
    });
    expect(doc.settings.planningContext).toMatch(/Long run on Sundays/);
    expect(doc.competitions).toEqual([
      {
        name: 'City Marathon',
        date: '2027-04-11',
        raceType: 'Marathon',
        priority: 'A',
        targetTime: '03:15:00',
        bikeregId: null,
        runregUrl: 'https://www.runreg.com/city-marathon',
      },
      { name: 'Valley Gran Fondo', date: '2027-06-20', raceType: 'Gran Fondo', priority: 'C', targetTime: null, bikeregId: 61234, runregUrl: null },
    ]);
    expect(doc.zones.filter((z) => z.discipline === 'Running').map((z) => z.metricDescription)).toEqual([
      'Z1',
      'Z2',
      'Threshold HR',
      'Threshold pace',
    ]);
    expect(doc.zones).toContainEqual({ discipline: 'Swimming', metricDescription: 'CSS', zoneValue: '1:45/100m' });
  });

  it('round-trips: parse(serialise(x)) equals x', () => {
    const doc = parseConfigFile(readFileSync(EXAMPLE, 'utf8'));
    const text = serialiseConfigFile(doc, 'exported by a test');
    expect(text.startsWith('# exported by a test\n')).toBe(true);
    expect(text).toContain('target_time: "03:15:00"');
    expect(parseConfigFile(text)).toEqual(doc);
  });

  it('fills defaults for a minimal file', () => {
    const doc = parseConfigFile('name: base\n');
    expect(doc).toEqual({
      name: 'base',
      athlete: { name: null, email: null, context: null },
      settings: {
        analysisContext: null,
        planningContext: null,
        activitiesDays: 21,
        metricsDays: 56,
        aiMode: 'standard',
        enablePlotting: true,
        hitlEnabled: true,
        skipSynthesis: false,
        outputDirectory: null,
      },
      competitions: [],
      zones: [],
    });
  });
});

describe('config file: rejected input', () => {
  it('reports malformed YAML with its position', () => {
    const [problem] = problemsOf('name: [unclosed\n');
    expect(problem).toMatch(/^not valid YAML: .* at line 2, column 1$/);
    expect(problemsOf('name: main\ncompetitions:\n  - name: "unclosed\n    date: 2027-01-01\n')[0]).toMatch(/not valid YAML: .*line \d+, column \d+/);
  });

  it.each([
    ['a list at the top', '- a\n- b\n', /must be a YAML mapping/],
    ['a scalar at the top', 'just text\n', /must be a YAML mapping/],
    ['an empty file', '', /must be a YAML mapping/],
    ['duplicate keys', 'name: a\nname: b\n', /not valid YAML/],
  ])('rejects %s', (_label, text, pattern) => {
    expect(problemsOf(text).join('\n')).toMatch(pattern);
  });

  it('collects every problem with its field path before failing, unknown keys included', () => {
    const problems = problemsOf(`
name: main
colour: blue
athlete:
  nmae: Jane
  email: not-an-email
extraction:
  activities_days: 0
  metrics_days: abc
competitions:
  - name: Good race
    date: 2027-04-11
  - name: Bad race
    date: 2027-13-01
    priority: D
    target_time: "25:00:00"
    bikereg_id: -3
    runreg_url: ftp://example.com
    distance: 42
  - just a string
zones:
  Rowing:
    Z2: 1
  Running:
    Z2: ${'x'.repeat(51)}
output:
  plotting: sometimes
ai_mode: turbo
flags:
  hitl_enabled: maybe
  skip_synthesis: true
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'colour: unknown key (expected one of name, athlete, contexts, extraction, competitions, zones, output, ai_mode, flags, availability, models)',
        'athlete.nmae: unknown key (expected one of name, email, context, sex)',
        'athlete.email: not an email address: not-an-email',
        'extraction.activities_days: not a whole number of days from 1 to 3650: 0',
        'extraction.metrics_days: not a whole number of days from 1 to 3650: abc',
        'competitions[1].date: not a date (YYYY-MM-DD): 2027-13-01',
        'competitions[1].priority: must be A, B or C, not D',
        'competitions[1].target_time: not a time HH:MM:SS (hours below 24, minutes and seconds below 60): 25:00:00',
        'competitions[1].bikereg_id: not a positive whole number: -3',
        'competitions[1].runreg_url: not an http(s) URL: ftp://example.com',
        expect.stringMatching(/^competitions\[1\]\.distance: unknown key/),
        expect.stringMatching(/^competitions\[2\]: must be a mapping/),
        'zones.Rowing: must be Running, Cycling or Swimming, not Rowing',
        'zones.Running.Z2: too long (51 characters, at most 50)',
        'output.plotting: must be true or false, not sometimes',
        'ai_mode: must be one of development, standard, cost_effective, not turbo',
        'flags.hitl_enabled: must be true or false, not maybe',
      ]),
    );
    expect(problems).toHaveLength(17);
  });

  it('names the file and counts the problems in a single line', () => {
    try {
      parseConfigFile('name: a\nai_mode: x\nextraction:\n  activities_days: -1\n', 'mine.yaml');
      throw new Error('not rejected');
    } catch (error) {
      expect((error as Error).message).toMatch(/^mine\.yaml: 2 problems: extraction\.activities_days: .*; ai_mode: /);
    }
  });

  it('requires a name and rejects wrong section shapes', () => {
    expect(problemsOf('athlete:\n  name: Jane\n')).toEqual(['name: missing (the name of the training config)']);
    expect(problemsOf('name: a\ncompetitions:\n  name: x\n')).toEqual([expect.stringMatching(/^competitions: must be a list/)]);
    expect(problemsOf('name: a\nzones:\n  - Running\n')).toEqual([expect.stringMatching(/^zones: must be a mapping/)]);
    expect(problemsOf('name: a\nzones:\n  running:\n    - Z2\n')).toEqual([expect.stringMatching(/^zones\.Running: must be a mapping/)]);
    expect(problemsOf('name: a\nzones:\n  Running: {}\n  running: {}\n')).toEqual(['zones.Running: given twice']);
    expect(problemsOf('name: a\ncontexts: hello\n')).toEqual([expect.stringMatching(/^contexts: must be a mapping/)]);
  });

  it('rejects hostile text: control characters and over-long values, but keeps SQL and emoji', () => {
    const doc = parseConfigFile(`name: "x'); DROP TABLE trainingconfig;-- 🏃"\n`);
    expect(doc.name).toBe("x'); DROP TABLE trainingconfig;-- 🏃");
    expect(problemsOf('name: "a\\u0007b"\n')).toEqual(['name: contains control characters']);
    expect(problemsOf(`name: ${'n'.repeat(201)}\n`)).toEqual(['name: too long (201 characters, at most 200)']);
    expect(problemsOf(`name: a\ncontexts:\n  analysis: "${'c'.repeat(20_001)}"\n`)).toEqual([
      'contexts.analysis: too long (20001 characters, at most 20000)',
    ]);
  });

  it('refuses alias bombs and huge files', () => {
    const bomb = ['name: a', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => {
      const prev = i === 0 ? 'a' : `b${i - 1}`;
      return `b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(', ')}]`;
    })].join('\n');
    expect(problemsOf(bomb)).toEqual([expect.stringMatching(/not valid YAML \(Excessive alias count/)]);
    expect(problemsOf('name: a\n' + '#'.repeat(1_000_001))).toEqual([expect.stringMatching(/larger than 1000000 bytes/)]);
  });
});

describe('config file: property', () => {
  const text = (max: number) =>
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: max })
      .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim())
      .filter((s) => s.length > 0 && Array.from(s).length <= max);
  const race = fc.record({
    name: text(40),
    date: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    raceType: fc.option(text(20), { nil: null }),
    priority: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
    targetTime: fc.option(fc.tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(
      ([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':'),
    ), { nil: null }),
    bikeregId: fc.option(fc.integer({ min: 1, max: 2_000_000_000 }), { nil: null }),
    runregUrl: fc.option(fc.constantFrom('https://runreg.com/a', 'http://example.org/x?y=1'), { nil: null }),
  });
  it('round-trips arbitrary valid documents', () => {
    fc.assert(
      fc.property(
        text(60),
        fc.option(text(300), { nil: null }),
        fc.integer({ min: 1, max: 3650 }),
        fc.array(race, { maxLength: 4 }),
        fc.uniqueArray(fc.record({ metricDescription: text(20), zoneValue: text(20) }), { selector: (z) => z.metricDescription, maxLength: 4 }),
        (name, context, days, competitions, zones) => {
          const doc: ConfigDocument = {
            name,
            athlete: { name: null, email: null, context },
            settings: {
              analysisContext: context,
              planningContext: null,
              activitiesDays: days,
              metricsDays: days,
              aiMode: 'cost_effective',
              enablePlotting: false,
              hitlEnabled: false,
              skipSynthesis: true,
              outputDirectory: null,
            },
            competitions,
            zones: zones.map((z) => ({ discipline: 'Cycling' as const, ...z })),
          };
          expect(parseConfigFile(serialiseConfigFile(doc))).toEqual(doc);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('config file: models by role', () => {
  const base = 'name: main\n';
  it('takes a model per role or node, and writes it back', async () => {
    const { MODEL_ROLES } = await import('../../../src/workflow/models.js');
    const { MODEL_NODES } = await import('../../../src/workflow/services.js');
    // Every role and node models.ts knows is a key here.
    const all = [...new Set([...MODEL_ROLES, ...MODEL_NODES])];
    const doc = parseConfigFile(`${base}models:\n${all.map((k) => `  ${k}: m-${k}`).join('\n')}\n`);
    expect(Object.keys(doc.models!).sort()).toEqual([...all].sort());
    const small = parseConfigFile(`${base}models:\n  experts: gpt-5-mini\n  weekly_planner: anthropic/claude-sonnet-4.5\n`);
    expect(small.models).toEqual({ experts: 'gpt-5-mini', weekly_planner: 'anthropic/claude-sonnet-4.5' });
    expect(parseConfigFile(serialiseConfigFile(small)).models).toEqual(small.models);
    expect(parseConfigFile(base).models).toBeUndefined();
  });
  it('lists bad entries with their field paths', () => {
    expect(problemsOf(`${base}models:\n  writers: gpt-5\n  experts: "gpt 5; rm -rf"\n  planners: 12\n`)).toEqual([
      expect.stringMatching(/^models\.writers: unknown key \(expected one of experts, synthesis, planners, /),
      expect.stringMatching(/^models\.experts: not a model name: /),
      expect.stringMatching(/^models\.planners: not a model name: /),
    ]);
    expect(problemsOf(`${base}models: gpt-5\n`)).toEqual([expect.stringMatching(/^models: must be a mapping of experts, synthesis/)]);
  });
});
