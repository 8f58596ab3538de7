import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { encodeFitWorkout } from '../plan/export/fit-workout.js';
import { garminWorkout } from '../plan/export/garmin-workout.js';
import { icsCalendar } from '../plan/export/ics-calendar.js';
import { zwoWorkout } from '../plan/export/zwo-workout.js';
import type { PlannedSession, TrainingPlan } from '../plan/plan.types.js';
import { exportableSessions } from '../plan/stored-plan.js';
import { pathInside, safeFilenameWithExtension } from './safe-filename.js';

/**
 * `coach plan export`: the plan's week as FIT workouts (one file per session), one iCalendar
 * file, Zwift workouts (rides only) or Garmin Connect workout JSON (one file per session), written all or nothing: every file goes into a
 * temporary folder inside the target first and is renamed into place only when all were
 * written, so a failure leaves the folder as it was.
 */

export const PLAN_EXPORT_FORMATS = ['fit', 'ics', 'zwo', 'garmin'] as const;
export type PlanExportFormat = (typeof PLAN_EXPORT_FORMATS)[number];

export interface PlanExportFile {
  filename: string;
  /** Absolute path once written. */
  path: string;
  bytes: number;
  /** The sessions in the file (one for fit and zwo, the week for ics). */
  sessionIds: string[];
}

export interface PlanExportArgs {
  plan: TrainingPlan;
  format: PlanExportFormat;
  dir: string;
  /** Makes calendar UIDs unique to the config (its id). */
  scope: string;
  /** When the plan was made (the analysis's time): calendar SEQUENCE, FIT time_created. */
  plannedAt: Date;
}

interface Rendered {
  filename: string;
  data: Uint8Array | string;
  sessionIds: string[];
}

/** `date-title.ext`, sanitised; a second session of the same date and title gets `-2`. */
function sessionFilenames(sessions: PlannedSession[], extension: string): string[] {
  const used = new Set<string>();
  return sessions.map((s) => {
    let name = safeFilenameWithExtension(`${s.date}-${s.title}`, extension, s.date);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = safeFilenameWithExtension(`${s.date}-${s.title}-${n}`, extension, s.date);
    used.add(name.toLowerCase());
    return name;
  });
}

async function render(args: PlanExportArgs): Promise<Rendered[]> {
  const sessions = exportableSessions(args.plan);
  if (args.format === 'ics') {
    if (sessions.length === 0) throw new UserError(`nothing to export: the plan's week from ${args.plan.weekStart} has no sessions`);
    const text = await icsCalendar(args.plan, sessions, { scope: args.scope, plannedAt: args.plannedAt });
    return [{ filename: safeFilenameWithExtension(`coach-plan-${args.plan.weekStart}`, 'ics'), data: text, sessionIds: sessions.map((s) => s.id) }];
  }
  const chosen = args.format === 'zwo' ? sessions.filter((s) => s.sport === 'cycling') : sessions;
  if (chosen.length === 0) {
    const what = args.format === 'zwo' ? 'rides' : 'sessions';
    throw new UserError(`nothing to export: the plan's week from ${args.plan.weekStart} has no ${what}`);
  }
  const names = sessionFilenames(chosen, args.format === 'garmin' ? 'json' : args.format);
  const out: Rendered[] = [];
  for (const [i, session] of chosen.entries()) {
    const data =
      args.format === 'fit' ? await encodeFitWorkout(session, args.plannedAt)
        : args.format === 'garmin' ? JSON.stringify(garminWorkout(session), null, 2) + '\n'
          : zwoWorkout(session);
    out.push({ filename: names[i]!, data, sessionIds: [session.id] });
  }
  return out;
}

function fsError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? new UserError(`cannot write ${path}: ${code}`) : error;
}

export async function writePlanExport(args: PlanExportArgs): Promise<PlanExportFile[]> {
  // Everything that can fail on the plan's side fails here, before the disk is touched.
  const rendered = await render(args);
  const dir = args.dir;
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fsError(error, dir);
  }
  let staging: string;
  try {
    staging = await mkdtemp(join(dir, '.coach-export-'));
  } catch (error) {
    if (created) await rm(created, { recursive: true, force: true }).catch(() => undefined);
    throw fsError(error, dir);
  }
  const moved: string[] = [];
  try {
    for (const file of rendered) await writeFile(pathInside(staging, file.filename), file.data, { mode: 0o600 });
    const written: PlanExportFile[] = [];
    for (const file of rendered) {
      const path = pathInside(dir, file.filename);
      await rename(join(staging, file.filename), path);
      moved.push(path);
      written.push({ filename: file.filename, path, bytes: (await stat(path)).size, sessionIds: file.sessionIds });
    }
    return written;
  } catch (error) {
    await Promise.all(moved.map((p) => rm(p, { force: true }).catch(() => undefined)));
    throw fsError(error, dir);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    // A folder this call created and filled with nothing goes again.
    if (created && moved.length === 0) await rm(created, { recursive: true, force: true }).catch(() => undefined);
  }
}
