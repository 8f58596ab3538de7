import chalk from 'chalk';

/**
 * Terminal output conventions:
 * - stdout carries the command's result: a table or text for people, JSON with --json.
 *   With --json, stdout holds JSON only.
 * - stderr carries messages: progress, confirmations, warnings, errors.
 * - Colours only on a TTY and never with NO_COLOR (https://no-color.org).
 */
export function configureColours(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') chalk.level = 0;
  else if (!process.stdout.isTTY && !env.FORCE_COLOR) chalk.level = 0;
}

export { chalk as colour };

/** Version of every --json document coach prints; bump on a breaking change. */
export const JSON_SCHEMA_VERSION = 1;

/** Prints one JSON document to stdout: `{ "schemaVersion": 1, ...body }`. */
export function printJson(body: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...body }, jsonReplacer, 2) + '\n');
}

/** Dates as ISO strings, bigints as numbers: JSON output is stable across drivers. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** The command's human-readable result, to stdout. */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** A message about what happened, to stderr (keeps stdout clean for pipes). */
export function say(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

export function warn(text: string): void {
  say(chalk.yellow(`warning: ${text}`));
}

/** True when a person is at the keyboard: prompts, spinners and progress bars are allowed. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;
}

export type Cell = string | number | boolean | null | undefined;

/** A table on stdout: boxed with cli-table3 on a TTY, tab-separated for pipes and cron logs. */
export async function printTable(head: string[], rows: Cell[][]): Promise<void> {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell));
  if (!process.stdout.isTTY) {
    print([head, ...rows].map((row) => row.map(text).join('\t')).join('\n'));
    return;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: chalk.level === 0 ? { head: [], border: [] } : { head: ['cyan'], border: ['grey'] },
  });
  for (const row of rows) table.push(row.map(text));
  print(table.toString());
}
