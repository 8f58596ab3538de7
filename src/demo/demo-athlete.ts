/**
 * `coach demo`: a realistic synthetic athlete in the current database, so a first run shows
 * the product working before any real data exists. The athlete (demo@example.com) gets zones,
 * two races relative to today and a year of data ending today, written as a Garmin account
 * export (src/garmin/synthetic-export.ts) and brought in through the ordinary import, exactly
 * as a real export would be. Running it again refreshes the races and imports the same data
 * (unchanged rows stay unchanged).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { addDays } from '../analytics/calendar.js';
import { replaceCompetitions } from '../db/competitions.repository.js';
import type { Database } from '../db/database.js';
import { findActiveConfig } from '../db/training-configs.repository.js';
import { setZones } from '../db/training-zones.repository.js';
import { findUserByEmail } from '../db/users.repository.js';
import { importGarminData, type ImportSummary } from '../garmin/import-service.js';
import { writeSyntheticExport } from '../garmin/synthetic-export.js';
import { createUser } from '../users/user-service.js';

export const DEMO_EMAIL = 'demo@example.com';

export interface DemoAthlete {
  userId: string;
  email: string;
  /** False when the demo athlete already existed (a second `coach demo`). */
  created: boolean;
  import: ImportSummary;
}

const ZONES = {
  Running: [['Threshold HR', '170 bpm'], ['Max HR', '188 bpm'], ['Threshold pace', '4:30/km']],
  Cycling: [['FTP', '250 W'], ['Threshold HR', '165 bpm']],
  Swimming: [['CSS', '1:45/100m']],
} as const;

export async function setUpDemoAthlete(db: Kysely<Database>, options: { today: string }): Promise<DemoAthlete> {
  let user = await findUserByEmail(db, DEMO_EMAIL);
  const created = !user;
  if (!user) {
    // Nobody signs in as the demo athlete (COACH_USER or the current user selects it), so its
    // password is random and never shown.
    await createUser(db, {
      email: DEMO_EMAIL,
      fullName: 'Demo Athlete',
      password: randomBytes(24).toString('base64url'),
      athleteContext: 'Synthetic athlete made by `coach demo`: a triathlete training 6-9 hours a week, running, cycling and swimming.',
      planningContext: 'Six sessions a week; one rest day; long sessions at the weekend.',
      sex: 'female',
    });
    user = (await findUserByEmail(db, DEMO_EMAIL))!;
  }
  const config = await findActiveConfig(db, user.id);
  if (!config) throw new Error('the demo athlete has no active training config');
  for (const [discipline, zones] of Object.entries(ZONES)) {
    await setZones(db, user.id, config.id, discipline as keyof typeof ZONES, zones.map(([metricDescription, zoneValue]) => ({ metricDescription, zoneValue })));
  }
  await replaceCompetitions(db, user.id, config.id, [
    { name: 'Demo 10K', date: addDays(options.today, 35), raceType: '10K', priority: 'B', targetTime: '00:44:00', bikeregId: null, runregUrl: null },
    { name: 'Demo Half Marathon', date: addDays(options.today, 84), raceType: 'Half Marathon', priority: 'A', targetTime: '01:36:00', bikeregId: null, runregUrl: null },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'coach-demo-'));
  try {
    await writeSyntheticExport(dir, { today: options.today });
    const summary = await importGarminData(db, user.id, [dir]);
    return { userId: user.id, email: DEMO_EMAIL, created, import: summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
