import { CommanderError } from 'commander';
import { loadEnvFiles } from '../config/env.js';
import { ExitCode, ExitStatus, isUserError } from '../errors.js';
import { redact } from '../security/secrets.js';
import { configureColours } from './output.js';
import { buildProgram } from './program.js';

/**
 * The entry point, and the only place that decides the exit code. Errors a user can fix
 * print as one line; anything else is a bug and shows its stack only with --debug.
 */
export async function main(argv: string[]): Promise<void> {
  stopQuietlyWhenOutputIsClosed();
  loadEnvFiles();
  configureColours();
  const program = buildProgram();
  const debug = argv.includes('--debug');
  let code: number = ExitCode.ok;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    code = reportError(error, debug);
  }
  process.exitCode = code;
  // Let stdout drain naturally (process.exit can cut a piped JSON document short), but never
  // hang a cron job on a stray handle: this timer only fires if something is still open.
  setTimeout(() => process.exit(code), 2_000).unref();
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and --version are not failures.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return ExitCode.ok;
    }
    if (error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof ExitStatus) return error.exitCode;
  if (isUserError(error)) {
    process.stderr.write(`coach: ${redact(oneLine(error.message))}\n`);
    if (debug && error.stack) process.stderr.write(redact(error.stack) + '\n');
    if (debug) writeCauses(error);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`coach: internal error: ${redact(oneLine(err.message))}\n`);
  if (debug) {
    process.stderr.write(redact(err.stack ?? '') + '\n');
    writeCauses(err);
  } else process.stderr.write('coach: run again with --debug for details\n');
  return ExitCode.internal;
}

/** Under --debug: the errors a one-line error wraps (`cause`), each with its stack, redacted. */
function writeCauses(error: Error): void {
  let cause = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    const text = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    process.stderr.write(`caused by: ${redact(text)}\n`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * `coach ... | head` closes the pipe once it has read enough: the next write fails with EPIPE,
 * which Node reports as an unhandled 'error' event with a stack trace. The reader has all it
 * wanted, so stop quietly, as other Unix tools do.
 */
function stopQuietlyWhenOutputIsClosed(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}
