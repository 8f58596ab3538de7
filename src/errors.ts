/**
 * Exit codes coach uses, so cron jobs and scripts can tell failures apart.
 * They follow sysexits.h where one fits.
 */
export const ExitCode = {
  ok: 0,
  /** Something the user can fix: bad input, missing set-up, a failed analysis. */
  failure: 1,
  /** The command line itself is wrong (unknown option, missing argument). */
  usage: 2,
  /** A bug in coach: printed with a stack only under --debug. */
  internal: 70,
  /** Someone else holds the lock (another coach process on the same database or user). */
  busy: 75,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
  /** `coach today`: readiness amber (train, but watch it). */
  readinessAmber: 10,
  /** `coach today`: readiness red (take the easier session). */
  readinessRed: 11,
  /** `coach garmin sync`: the saved Garmin login needs a person (revoked tokens, an MFA code): run `coach garmin link` again (sysexits EX_NOPERM). */
  garminRelink: 77,
  /** `coach garmin link` without a code on an MFA account: Garmin sent a code and the sign-in waits (15 min) for `coach garmin link --mfa-code CODE`. */
  garminMfaPending: 12,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user caused and can fix. Printed as one line on stderr, never with a stack.
 * Messages must not contain secrets: callers build them from field names and values the
 * user typed, not from credentials.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCode.failure) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Input that fails validation; `field` names where, e.g. `competitions[2].date`. */
export class ValidationError extends UserError {
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(field ? `${field}: ${message}` : message, ExitCode.failure);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** Another process holds a lock we need. */
export class BusyError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.busy);
    this.name = 'BusyError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * Not a failure: a command whose answer is its exit code (`coach today`: 10 amber, 11 red).
 * Thrown after the output is printed; the entry point exits with the code and prints nothing.
 */
export class ExitStatus extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit status ${exitCode}`);
    this.name = 'ExitStatus';
    this.exitCode = exitCode;
  }
}
