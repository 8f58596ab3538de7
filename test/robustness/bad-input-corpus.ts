/**
 * The bad-input corpus, as data. Each case is a command line (and maybe stdin or files it
 * needs) that coach must refuse: exit non-zero, exactly one line on stderr starting with
 * `coach: `, nothing on stdout, and no row changed anywhere. `import` cases report each bad
 * file on its own line by design (issue 4); for them the last line is the `coach: ` line.
 *
 * Add a case by adding an object. `args` may be a function of the context (ids created in the
 * set-up); `files` are written into a fresh folder whose path replaces `{dir}` in the args.
 */
export interface CorpusContext {
  raceId: string;
}

export interface BadInputCase {
  name: string;
  args: string[] | ((context: CorpusContext) => string[]);
  input?: string;
  files?: Record<string, string | Uint8Array>;
  /** Lines of stderr before the final `coach: ` line (per-file reports of import). */
  reportLines?: number;
  /** What stderr must say (the reason), when the case checks it. */
  expect?: RegExp;
}

const SQL = `'); DROP TABLE "user"; --`;
const LONG = 'x'.repeat(10_000);
const ESC = '\u001b[31mred\u001b[0m';
const BELL = 'ring\u0007';
const NEWLINE = 'two\nlines';
const TOO_LONG_CONTEXT = 'y'.repeat(20_001);

const race = (extra: string[]) => ['race', 'add', '--name', 'Corpus Race', '--date', '2027-05-01', '--priority', 'B', ...extra];

export const HOSTILE_TEXT_CASES: BadInputCase[] = [
  // Text that breaks a line or a terminal, or is longer than any field allows.
  ...(
    [
      ['race name', (v: string) => ['race', 'add', '--name', v, '--date', '2027-05-01']],
      ['race type', (v: string) => race(['--type', v])],
      ['race edit name', (v: string) => ['race', 'edit', '{race}', '--name', v]],
      ['config name', (v: string) => ['config', 'create', v]],
      ['config analysis context', (v: string) => ['config', 'create', 'ctx', '--analysis-context', v === LONG ? TOO_LONG_CONTEXT : v]],
      ['config planning context', (v: string) => ['config', 'edit', 'main', '--planning-context', v === LONG ? TOO_LONG_CONTEXT : v]],
      ['zone value', (v: string) => ['zones', 'set', '--discipline', 'Running', '--zone', `Z2=${v}`]],
      ['zone name', (v: string) => ['zones', 'set', '--discipline', 'Running', '--zone', `${v}=140-150 bpm`]],
      ['output directory', (v: string) => ['config', 'edit', 'main', '--output-directory', v]],
    ] as Array<[string, (v: string) => string[]]>
  ).flatMap(([field, build]) =>
    (
      [
        ['ANSI escape', ESC],
        ['bell', BELL],
        ['10k characters', LONG],
      ] as Array<[string, string]>
    ).map(([kind, value]) => ({ name: `${field}: ${kind}`, args: build(value) })),
  ),
  { name: 'race name: newline', args: ['race', 'add', '--name', NEWLINE, '--date', '2027-05-01'] },
  { name: 'race name: only spaces', args: ['race', 'add', '--name', '   ', '--date', '2027-05-01'] },
  { name: 'config name: empty', args: ['config', 'create', ''] },
  { name: 'bikereg id: SQL', args: race(['--bikereg-id', SQL]) },
  { name: 'runreg url: SQL', args: race(['--runreg-url', SQL]) },
  { name: 'runreg url: javascript:', args: race(['--runreg-url', 'javascript:alert(1)']) },
  { name: 'race edit: unknown id (SQL)', args: ['race', 'edit', SQL, '--name', 'x'] },
  { name: 'race remove: unknown id (SQL)', args: ['race', 'remove', SQL] },
  { name: 'config show: SQL name', args: ['config', 'show', SQL] },
  { name: 'results show: SQL id', args: ['results', 'show', SQL] },
  { name: 'results show: not a uuid', args: ['results', 'show', 'zzzz'] },
  { name: 'analyze --resume: SQL id', args: ['analyze', '--resume', SQL, '--provider', 'offline'] },
  { name: 'analyze --config: unknown', args: ['analyze', '--config', 'nope', '--provider', 'offline'] },
  { name: 'race add --config: unknown', args: race(['--config', SQL]) },
  { name: 'init: invalid email', args: ['init', '--email', 'not-an-email', '--name', 'X', '--password-stdin'], input: 'long enough password' },
  { name: 'init: SQL in email', args: ['init', '--email', `${SQL}@example.com`, '--name', 'X', '--password-stdin'], input: 'long enough password' },
  { name: 'init: name with escape', args: ['init', '--email', 'esc@example.com', '--name', ESC, '--password-stdin'], input: 'long enough password' },
  { name: 'init: weak password', args: ['init', '--email', 'weak@example.com', '--name', 'X', '--password-stdin'], input: 'short' },
  { name: 'init: unknown sex', args: ['init', '--email', 'sex@example.com', '--name', 'X', '--sex', 'robot', '--password-stdin'], input: 'long enough password' },
  { name: 'init: athlete context too long', args: ['init', '--email', 'ctx@example.com', '--name', 'X', '--athlete-context', TOO_LONG_CONTEXT, '--password-stdin'], input: 'long enough password' },
  { name: 'login: wrong password', args: ['login', '--email', '{email}', '--password-stdin'], input: 'not the password at all' },
  { name: 'garmin link: invalid email', args: ['garmin', 'link', '--email', SQL, '--password-stdin'], input: 'garmin password' },
  { name: 'garmin link: empty password', args: ['garmin', 'link', '--email', 'g@example.com', '--password-stdin'], input: '' },
  { name: 'garmin link: MFA code not digits', args: ['garmin', 'link', '--email', 'g@example.com', '--password-stdin', '--mfa-code', '12ab; drop'], input: 'garmin password' },
];

export const DATE_TIME_NUMBER_CASES: BadInputCase[] = [
  ...['2027-02-30', '27-1-1', '', '2027-13-01', '2027-00-10', 'tomorrow', '2027/05/01', '20270501', '2027-05-01T00:00:00Z', '-2027-05-01'].map((date) => ({
    name: `race date ${JSON.stringify(date)}`,
    args: ['race', 'add', '--name', 'Corpus Race', '--date', date],
  })),
  { name: 'race edit date 2027-02-29', args: ['race', 'edit', '{race}', '--date', '2027-02-29'] },
  { name: 'race date 9999-12-31 (too far ahead)', args: ['race', 'add', '--name', 'Corpus Race', '--date', '9999-12-31'], expect: /^coach: --date: too far in the future \(dates end at 2100-12-31\): 9999-12-31$/m },
  { name: 'race date 1900-01-01 (too far back)', args: ['race', 'add', '--name', 'Corpus Race', '--date', '1900-01-01'], expect: /too far in the past/ },
  { name: 'target time 00:00:00', args: race(['--target-time', '00:00:00']), expect: /a target time must be longer than 00:00:00/ },
  { name: 'race name of zero-width characters only', args: ['race', 'add', '--name', '\u200b\u200c\u200d\ufeff', '--date', '2027-05-01'], expect: /only invisible characters/ },
  { name: 'race name with U+202E', args: ['race', 'add', '--name', 'Race \u202egpj.exe', '--date', '2027-05-01'], expect: /bidirectional override/ },
  { name: 'config name with U+2066 isolate', args: ['config', 'create', 'plan\u2066x'], expect: /bidirectional override/ },
  ...['D', 'a b', '', 'AA', 'A;', '1'].map((priority) => ({ name: `priority ${JSON.stringify(priority)}`, args: race(['--priority', priority]) })),
  ...['25:00:00', '1:2:3', '-01:00:00', '12:60:00', '12:00:60', '99', '1e3', '::'].map((time) => ({
    name: `target time ${JSON.stringify(time)}`,
    args: race(['--target-time', time]),
  })),
  ...['0', '-1', '1.5', 'abc', '1e309', '99999', '', '0x10', '7 days'].flatMap((n) => [
    { name: `config --activities-days ${JSON.stringify(n)}`, args: ['config', 'create', `days-${n}`, '--activities-days', n] },
    { name: `config edit --metrics-days ${JSON.stringify(n)}`, args: ['config', 'edit', 'main', '--metrics-days', n] },
  ]),
  ...['0', '-1', '1.5', 'abc', '1e309'].map((n) => ({ name: `garmin link --activities-days ${n}`, args: ['garmin', 'link', '--email', 'g@example.com', '--activities-days', n, '--password-stdin'], input: 'garmin password' })),
  ...['-1', '1.5', 'abc', '1e309', '99999999999'].map((n) => ({ name: `bikereg id ${n}`, args: race(['--bikereg-id', n]) })),
  { name: 'ai mode bogus', args: ['config', 'create', 'mode', '--ai-mode', 'turbo'] },
  { name: 'analyze --mode bogus', args: ['analyze', '--mode', 'turbo', '--provider', 'offline'] },
  { name: 'analyze --provider bogus', args: ['analyze', '--provider', 'skynet'] },
  { name: 'zones: unknown discipline', args: ['zones', 'set', '--discipline', 'Rowing', '--zone', 'Z1=1-2'] },
  { name: 'zones: no equals sign', args: ['zones', 'set', '--discipline', 'Running', '--zone', 'Z1 140-150'] },
  { name: 'zones: empty value', args: ['zones', 'set', '--discipline', 'Running', '--zone', 'Z1='] },
  { name: 'zones: empty name', args: ['zones', 'set', '--discipline', 'Running', '--zone', '=140'] },
  { name: 'zones: value over 50 characters', args: ['zones', 'set', '--discipline', 'Running', '--zone', `Z1=${'9'.repeat(51)}`] },
  { name: 'results list --limit abc', args: ['results', 'list', '--limit', 'abc'] },
  { name: 'results list --limit -1', args: ['results', 'list', '--limit', '-1'] },
  { name: 'results list --status bogus', args: ['results', 'list', '--status', 'bogus'] },
  { name: 'results export --format pdf', args: ['results', 'export', '--latest', '--format', 'pdf'] },
];

const yaml = (body: string) => ({ 'config.yaml': body });
const GOOD_HEAD = 'name: imported\n';

export const FILE_CASES: BadInputCase[] = [
  { name: 'yaml: unclosed flow sequence', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`${GOOD_HEAD}competitions: [unclosed\n`) },
  { name: 'yaml: unknown top-level key', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`${GOOD_HEAD}bogus_key: 1\n`) },
  { name: 'yaml: wrong type for days', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`${GOOD_HEAD}extraction:\n  activities_days: many\n`) },
  { name: 'yaml: a list, not a mapping', args: ['config', 'import', '{dir}/config.yaml'], files: yaml('- a\n- b\n') },
  { name: 'yaml: empty file', args: ['config', 'import', '{dir}/config.yaml'], files: yaml('') },
  { name: 'yaml: binary garbage', args: ['config', 'import', '{dir}/config.yaml'], files: { 'config.yaml': new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80, 0x00]) } },
  { name: 'yaml: NUL in a name', args: ['config', 'import', '{dir}/config.yaml'], files: yaml('name: "bad\\0name"\n') },
  { name: 'yaml: escape sequence in a name', args: ['config', 'import', '{dir}/config.yaml'], files: yaml('name: "bad\\e[31mname"\n') },
  { name: 'yaml: alias bomb', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`) },
  { name: 'yaml: race with invalid date', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`${GOOD_HEAD}competitions:\n  - name: R\n    date: 2027-02-30\n    priority: A\n`) },
  { name: 'yaml: race with priority D', args: ['config', 'import', '{dir}/config.yaml'], files: yaml(`${GOOD_HEAD}competitions:\n  - name: R\n    date: 2027-03-01\n    priority: D\n`) },
  { name: 'yaml: directory instead of file', args: ['config', 'import', '{dir}'], files: { 'placeholder.txt': 'x' } },
  { name: 'yaml: missing file', args: ['config', 'import', '{dir}/nope.yaml'], files: {} },
  { name: 'yaml: path traversal to a missing file', args: ['config', 'import', '{dir}/../../../../../../nonexistent/../x.yaml'], files: {} },
];

/** Filled in by the test (FIT bytes come from the SDK's encoder). */
/** A `files` value that the test turns into a named pipe (mkfifo) instead of a file. */
export const FIFO = '\u0000coach-corpus-fifo';

export function importCases(fit: { good: Uint8Array; truncated: Uint8Array; badCrc: Uint8Array; zipBroken: Uint8Array; zipTraversal: Uint8Array; zipHugeEntry: Uint8Array }): BadInputCase[] {
  return [
    // Resource bounds: refused at once, never read forever, waited on or inflated into memory.
    { name: 'import: /dev/zero (a device)', args: ['garmin', 'import', '/dev/zero'], files: {}, reportLines: 2, expect: /skipped \/dev\/zero: not a regular file \(a device, FIFO or socket\)/ },
    { name: 'import: a FIFO named .fit', args: ['garmin', 'import', '{dir}/pipe.fit'], files: { 'pipe.fit': FIFO }, reportLines: 2, expect: /not a regular file/ },
    { name: 'import: a FIFO inside a folder', args: ['garmin', 'import', '{dir}'], files: { 'pipe.fit': FIFO }, reportLines: 2 },
    { name: 'import: zip entry of 65 MiB (over the FIT cap)', args: ['garmin', 'import', '{dir}/huge.zip'], files: { 'huge.zip': fit.zipHugeEntry }, reportLines: 2, expect: /entry too large \(65 MiB; the limit is 64 MiB\)/ },
    { name: 'import: truncated FIT', args: ['garmin', 'import', '{dir}/t.fit'], files: { 't.fit': fit.truncated }, reportLines: 2 },
    { name: 'import: FIT with bad CRC', args: ['garmin', 'import', '{dir}/c.fit'], files: { 'c.fit': fit.badCrc }, reportLines: 2 },
    { name: 'import: text named .fit', args: ['garmin', 'import', '{dir}/n.fit'], files: { 'n.fit': 'not a fit file' }, reportLines: 2 },
    { name: 'import: empty .fit', args: ['garmin', 'import', '{dir}/e.fit'], files: { 'e.fit': '' }, reportLines: 2 },
    { name: 'import: zip with a broken entry', args: ['garmin', 'import', '{dir}/b.zip'], files: { 'b.zip': fit.zipBroken }, reportLines: 2 },
    { name: 'import: zip entry named ../../evil.fit (corrupt)', args: ['garmin', 'import', '{dir}/trav.zip'], files: { 'trav.zip': fit.zipTraversal }, reportLines: 2 },
    { name: 'import: truncated zip', args: ['garmin', 'import', '{dir}/half.zip'], files: { 'half.zip': fit.zipBroken.slice(0, Math.floor(fit.zipBroken.length / 2)) }, reportLines: 2 },
    { name: 'import: missing path', args: ['garmin', 'import', '{dir}/../../nope/../missing.fit'], files: {}, reportLines: 2 },
  ];
}
