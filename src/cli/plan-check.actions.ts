import { readFileSync, statSync } from 'node:fs';
import { ExitCode, ExitStatus, UserError } from '../errors.js';
import { checkPlanText } from '../plan/plan-check.js';
import { violationLines } from '../plan/validate.js';
import { print, printJson, say } from './output.js';

/** A plan file is small; anything larger is not a plan. */
const MAX_PLAN_BYTES = 5 * 1024 * 1024;

/** `coach plan check FILE [--json]`: exit 0 when the plan keeps every rule, 1 with the violations. */
export async function checkPlanAction(file: string, flags: { json?: boolean }): Promise<void> {
  let text: string;
  try {
    if (statSync(file).size > MAX_PLAN_BYTES) throw new UserError(`${file}: larger than ${MAX_PLAN_BYTES / 1024 / 1024} MB, not a plan file`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const violations = checkPlanText(text);
  if (flags.json) printJson({ file, ok: violations.length === 0, violations });
  else if (violations.length) print(violationLines(violations).join('\n'));
  else say(`${file}: the plan keeps every rule`);
  if (violations.length) {
    if (!flags.json) say(`${file}: ${violations.length} problem${violations.length > 1 ? 's' : ''}`);
    throw new ExitStatus(ExitCode.failure);
  }
}
