import { writeCurrentUser } from '../config/current-user.js';
import { UserError } from '../errors.js';
import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from '../users/password.js';
import { createUser, toPublicUser, verifyLogin, type PublicUser } from '../users/user-service.js';
import { parseEmail, parseOptionalText, parseRequiredText, parseSex, TEXT_LIMITS } from '../validation/index.js';
import { withDatabase, withUser } from './context.js';
import { askPassword, askText, messageOf, readPasswordFromStdin } from './init.prompts.js';
import { colour, isInteractive, print, printJson, say } from './output.js';

export interface InitOptions {
  email?: string;
  name?: string;
  passwordStdin?: boolean;
  athleteContext?: string;
  planningContext?: string;
  sex?: string;
  json?: boolean;
}

function missingFlag(flag: string): UserError {
  return new UserError(`${flag} is required when coach is not running in a terminal (see coach init --help)`);
}

/**
 * Gathers every answer first (flags, then prompts for what is missing on a terminal),
 * validating as it goes, and only then touches the database: an invalid answer writes nothing.
 */
async function gatherAccount(options: InitOptions) {
  const interactive = isInteractive();
  let email = options.email;
  if (email === undefined) {
    if (!interactive) throw missingFlag('--email');
    email = await askText('Email (your login):', { required: true, validate: messageOf((v) => parseEmail(v)) });
  }
  email = parseEmail(email, 'email');

  let fullName = options.name;
  if (fullName === undefined) {
    if (!interactive) throw missingFlag('--name');
    fullName = await askText('Full name:', {
      required: true,
      validate: messageOf((v) => parseRequiredText(v, 'name', { max: TEXT_LIMITS.name })),
    });
  }
  fullName = parseRequiredText(fullName, 'name', { max: TEXT_LIMITS.name });

  let password: string;
  if (options.passwordStdin) {
    password = await readPasswordFromStdin();
  } else {
    if (!interactive) throw missingFlag('--password-stdin');
    password = await askPassword(`Password (at least ${MIN_PASSWORD_LENGTH} characters):`, messageOf((v) => checkPasswordPolicy(v)));
    const again = await askPassword('Password again:');
    if (again !== password) throw new UserError('the two passwords differ, nothing was saved');
  }
  checkPasswordPolicy(password);

  const contextRules = { max: TEXT_LIMITS.context, multiline: true };
  let athleteContext = options.athleteContext;
  let planningContext = options.planningContext;
  // Contexts are optional: asked on a terminal only when init is asking questions anyway.
  if (interactive && !options.passwordStdin) {
    athleteContext ??= await askText('Athlete context (optional: history, injuries, life; Enter to skip):', {
      validate: messageOf((v) => parseOptionalText(v, 'athlete context', contextRules)),
    });
    planningContext ??= await askText('Planning context (optional: hours per week, goals; Enter to skip):', {
      validate: messageOf((v) => parseOptionalText(v, 'planning context', contextRules)),
    });
  }
  const sex = options.sex === undefined ? undefined : parseSex(options.sex, '--sex');
  return { email, fullName, password, athleteContext, planningContext, sex };
}

export async function init(options: InitOptions): Promise<void> {
  const account = await gatherAccount(options);
  const { user } = await withDatabase((handle) => createUser(handle.db, account), 'coach init');
  writeCurrentUser({ userId: user.id, email: user.email });
  if (options.json) {
    printJson({ user });
    return;
  }
  say(`${colour.green('created')} ${user.fullName ?? user.email} <${user.email}>; you are now the current user.`);
  say('Training config "main" (default settings) is active. Next: coach garmin link, or coach garmin import FILE.');
}

export interface LoginOptions {
  email?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export async function login(options: LoginOptions): Promise<void> {
  const interactive = isInteractive();
  let email = options.email;
  if (email === undefined) {
    if (!interactive) throw missingFlag('--email');
    email = await askText('Email:', { required: true });
  }
  let password: string;
  if (options.passwordStdin) password = await readPasswordFromStdin();
  else if (interactive) password = await askPassword('Password:');
  else throw missingFlag('--password-stdin');

  const user = await withDatabase((handle) => verifyLogin(handle.db, email, password), 'coach login');
  writeCurrentUser({ userId: user.id, email: user.email });
  if (options.json) printJson({ user });
  else say(`logged in as ${user.fullName ?? user.email} <${user.email}>`);
}

export async function whoami(options: { json?: boolean }): Promise<void> {
  const user: PublicUser = await withUser(async ({ user }) => toPublicUser(user), 'coach whoami');
  if (options.json) {
    printJson({ user });
    return;
  }
  print(`${user.fullName ?? ''} <${user.email}>`.trim());
}
