import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysis, updateAnalysis } from '../../src/db/analyses.repository.js';
import { findActiveConfig } from '../../src/db/training-configs.repository.js';
import { findUserByEmail } from '../../src/db/users.repository.js';
import { openStore, type Store } from '../robustness/harness.js';
import { runCoach, tempCoachHome } from '../support/cli.js';
import { sampleTrainingPlan } from '../support/plan-fixtures.js';

const EMAIL = 'plan-export@example.org';
let home: string;
let store: Store;
let env: Record<string, string>;

/** Stores `plan` as the config's newest completed analysis, as the workflow would. */
async function storePlan(plan: unknown): Promise<string> {
  return store.withDb(async (db) => {
    const user = (await findUserByEmail(db, EMAIL))!;
    const config = (await findActiveConfig(db, user.id))!;
    const analysis = await createAnalysis(db, user.id, { configId: config.id, analysisType: 'offline:standard' });
    await updateAnalysis(db, user.id, analysis.id, { status: 'completed', progress_percentage: 100, weekly_plan: plan });
    return analysis.id;
  });
}

const outDir = () => mkdtempSync(join(tmpdir(), 'coach-plan-out-'));

describe('coach plan export (built binary)', () => {
  beforeAll(async () => {
    home = tempCoachHome();
    store = await openStore(home);
    env = store.env;
    const init = await runCoach(['init', '--email', EMAIL, '--name', 'Plan Export', '--password-stdin'], { env, input: 'correct horse battery\n' });
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => store?.dispose());

  it('refuses with one line when there is no plan, or only a version 1 plan', async () => {
    const none = await runCoach(['plan', 'export', '--out', outDir()], { env });
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('coach: no structured plan yet: run coach analyze');
    await storePlan({ weekStart: '2026-12-01', phase: 'base', loadCap: 1, targetLoad: 1, totalPlannedLoad: 0, rules: [], days: [] });
    const v1 = await runCoach(['plan', 'export', '--format', 'ics', '--out', outDir()], { env });
    expect(v1.code).toBe(1);
    expect(v1.stderr.trim()).toBe('coach: no structured plan yet: run coach analyze');
  }, 60_000);

  it('writes one FIT workout per session, an iCalendar file and Zwift rides, each decodable', async () => {
    const plan = sampleTrainingPlan();
    await storePlan(plan);
    const fitDir = outDir();
    const fit = await runCoach(['plan', 'export', '--format', 'fit', '--out', fitDir, '--json'], { env });
    expect(fit.code, fit.stderr).toBe(0);
    const doc = JSON.parse(fit.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, format: 'fit', weekStart: '2026-12-01', directory: fitDir });
    expect(doc.files.map((f: { filename: string }) => f.filename)).toEqual([
      '2026-12-01-Threshold-3-x-10-min.fit',
      '2026-12-02-Easy-run.fit',
      '2026-12-04-Swim-2-km-aerobic-drills.fit',
      '2026-12-05-VO2max-5-x-3-min.fit',
      '2026-12-05-Strength-legs-core.fit',
      '2026-12-07-Long-ride.fit',
    ]);
    expect(readdirSync(fitDir).sort()).toEqual(doc.files.map((f: { filename: string }) => f.filename).sort());
    for (const file of doc.files) {
      const decoder = new Decoder(Stream.fromByteArray(readFileSync(file.path)));
      expect(decoder.checkIntegrity()).toBe(true);
      const { messages } = decoder.read();
      expect(messages.fileIdMesgs[0]!.type).toBe('workout');
      expect(messages.workoutStepMesgs!.length).toBeGreaterThan(0);
    }

    const icsDir = outDir();
    const ics = await runCoach(['plan', 'export', '--format', 'ics', '--out', icsDir], { env });
    expect(ics.code, ics.stderr).toBe(0);
    expect(ics.stdout.trim()).toBe(join(icsDir, 'coach-plan-2026-12-01.ics'));
    const events = new ICAL.Component(ICAL.parse(readFileSync(ics.stdout.trim(), 'utf8'))).getAllSubcomponents('vevent');
    expect(events.map((e) => new ICAL.Event(e).summary)).toContain('Long ride');
    expect(events).toHaveLength(6);

    const zwoDir = outDir();
    const zwo = await runCoach(['plan', 'export', '--format', 'zwo', '--out', zwoDir], { env });
    expect(zwo.code, zwo.stderr).toBe(0);
    expect(readdirSync(zwoDir).sort()).toEqual(['2026-12-01-Threshold-3-x-10-min.zwo', '2026-12-07-Long-ride.zwo']);
    expect(readFileSync(join(zwoDir, '2026-12-07-Long-ride.zwo'), 'utf8')).toContain('<SteadyState Duration="10800" Power="0.68"/>');

    // Without --out: the config's output folder, <analysis id>/plan.
    const analysisId = await storePlan(plan);
    const byDefault = await runCoach(['plan', 'export'], { env });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toContain(join(analysisId, 'plan', '2026-12-07-Long-ride.fit'));
  }, 120_000);

  it('an unwritable folder or a session without steps: one line, nothing written', async () => {
    await storePlan(sampleTrainingPlan());
    const blocker = join(outDir(), 'a-file');
    writeFileSync(blocker, 'in the way');
    const blocked = await runCoach(['plan', 'export', '--out', join(blocker, 'sub')], { env });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr.trim().split('\n')).toHaveLength(1);
    expect(blocked.stderr).toMatch(/^coach: cannot write .*: (ENOTDIR|EEXIST)/);
    expect(blocked.stdout).toBe('');

    const broken = sampleTrainingPlan();
    broken.days[6]!.sessions[0]!.steps = [];
    await storePlan(broken);
    const parent = outDir();
    const target = join(parent, 'fresh');
    const refused = await runCoach(['plan', 'export', '--out', target], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('coach: session 2026-12-07-0 (Long ride) has no steps: run coach analyze for a new plan');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);

    const badFormat = await runCoach(['plan', 'export', '--format', 'gpx'], { env });
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr.trim()).toBe('coach: --format: expected one of fit, ics, zwo, garmin, got "gpx"');
  }, 60_000);
});
