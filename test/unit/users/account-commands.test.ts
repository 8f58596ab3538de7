import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

function find(program: Command, path: string[]): Command {
  let command = program;
  for (const name of path) {
    const next = command.commands.find((c) => c.name() === name);
    if (!next) throw new Error(`no command ${path.join(' ')}`);
    command = next;
  }
  return command;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('account command table', () => {
  const program = buildProgram();

  it.each([
    [['init'], ['--email', '--name', '--password-stdin', '--athlete-context', '--planning-context', '--sex', '--json']],
    [['login'], ['--email', '--password-stdin', '--json']],
    [['whoami'], ['--json']],
    [['garmin', 'link'], ['--email', '--password-stdin', '--activities-days', '--metrics-days', '--mfa-code']],
    [['garmin', 'status'], ['--json']],
    [['garmin', 'unlink'], []],
  ])('coach %j takes %j', (path, flags) => {
    const command = find(program, path);
    expect(command.options.map((o) => o.long).sort()).toEqual([...flags].sort());
  });

  it('never takes a password as a flag value (it would show in ps and shell history)', () => {
    for (const command of allCommands(program)) {
      for (const option of command.options) {
        if (/password|secret/i.test(option.long ?? '')) {
          expect(option.long).toMatch(/-stdin$/);
          expect(option.required || option.optional).toBe(false);
        }
      }
    }
  });

  it('parses init flags into the options the action receives', async () => {
    const init = find(program, ['init']);
    let received: Record<string, unknown> | undefined;
    init.action((options: Record<string, unknown>) => {
      received = options;
    });
    await program.parseAsync(
      ['init', '--email', 'a@b.co', '--name', 'A B', '--password-stdin', '--athlete-context', 'ctx', '--planning-context', 'plan', '--sex', 'female', '--json'],
      { from: 'user' },
    );
    expect(received).toEqual({
      email: 'a@b.co',
      name: 'A B',
      passwordStdin: true,
      athleteContext: 'ctx',
      planningContext: 'plan',
      sex: 'female',
      json: true,
    });
  });
});
