import { ExitCode, UserError } from '../errors.js';
import { registerSecret } from '../security/secrets.js';

/**
 * Asking for answers and secrets: prompts on a terminal (@inquirer/prompts, loaded only when
 * a prompt is shown) and `--password-stdin` for scripts. Used by init, login and garmin link.
 * Prompts draw on stderr so that stdout stays clean for `--json`.
 */

/**
 * Reads a password from standard input: everything up to EOF, without the final line break
 * (`printf 'pw' |` and `echo pw |` both work). Registered as a secret before anything else.
 */
export async function readPasswordFromStdin(flag = '--password-stdin'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  registerSecret(text);
  if (text.includes('\n')) throw new UserError(`${flag}: expected one line on standard input, got several`);
  return text;
}

type PromptsModule = typeof import('@inquirer/prompts');
let prompts: PromptsModule | undefined;

async function loadPrompts(): Promise<PromptsModule> {
  prompts ??= await import('@inquirer/prompts');
  return prompts;
}

const context = () => ({ output: process.stderr });

/** Ctrl-C or a closed terminal during a prompt is a cancellation, not a crash. */
async function cancellable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
      throw new UserError('cancelled, nothing was saved', ExitCode.interrupted);
    }
    throw error;
  }
}

/** `validate` returns an error message for a bad answer, undefined for a good one. */
export async function askText(
  message: string,
  options: { default?: string; required?: boolean; validate?: (value: string) => string | undefined } = {},
): Promise<string> {
  const { input } = await loadPrompts();
  return cancellable(() =>
    input(
      {
        message,
        default: options.default,
        required: options.required,
        validate: options.validate ? (value) => options.validate!(value) ?? true : undefined,
      },
      context(),
    ),
  );
}

export async function askPassword(message: string, validate?: (value: string) => string | undefined): Promise<string> {
  const { password } = await loadPrompts();
  const answer = await cancellable(() =>
    password({ message, mask: '*', validate: validate ? (value) => validate(value) ?? true : undefined }, context()),
  );
  registerSecret(answer);
  return answer;
}

/** Turns a throwing validator (ValidationError) into a prompt validator returning its message. */
export function messageOf(check: (value: string) => unknown): (value: string) => string | undefined {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}
