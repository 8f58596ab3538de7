import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach, tempCoachHome } from '../../support/cli.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../config.example.yaml');

/** The contract with `coach init`: a fresh athlete has an active config `main` to add races to. */
describe('coach init, then configs and races (built binary)', () => {
  it('finds the active config "main" that init created, and imports the example over it', async () => {
    const home = tempCoachHome();
    const coach = (args: string[], input?: string) => runCoach(args, { env: { COACH_HOME: home }, input });
    const init = await coach(['init', '--email', 'ana@example.com', '--name', 'Ana Runner', '--password-stdin'], 'correct horse battery\n');
    expect(init.code, init.stderr).toBe(0);

    const add = await coach(['race', 'add', '--name', 'Spring Half', '--date', '2030-03-03', '--priority', 'B', '--json']);
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).config.name).toBe('main');

    // The example file belongs to jane@example.com: the config is imported, Ana's profile is not touched.
    const imported = await coach(['config', 'import', EXAMPLE]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/warning: the file's athlete is jane@example\.com, you are ana@example\.com/);
    expect(imported.stderr).toMatch(/replaced training config "main" \(active\): 2 races, 7 zones/);

    const shown = await coach(['config', 'show', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const doc = JSON.parse(shown.stdout);
    expect(doc.config).toMatchObject({ name: 'main', active: true, outputDirectory: 'coach-reports' });
    expect(doc.competitions.map((r: { name: string }) => r.name)).toEqual(['City Marathon', 'Valley Gran Fondo']);
  }, 600_000);
});
