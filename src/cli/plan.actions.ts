import { join, resolve } from 'node:path';
import { selectConfig } from '../config/select-config.js';
import { findLatestPlan } from '../db/plans.repository.js';
import { UserError } from '../errors.js';
import { NO_STRUCTURED_PLAN, structuredPlanOf } from '../plan/stored-plan.js';
import { analysisOutputDir } from '../report/output-dir.js';
import { PLAN_EXPORT_FORMATS, type PlanExportFormat, writePlanExport } from '../report/write-plan-export.js';
import { withUser } from './context.js';
import { print, printJson, say } from './output.js';

interface ExportFlags { format?: string; out?: string; config?: string; json?: boolean }

export function parsePlanExportFormat(value: string | undefined): PlanExportFormat {
  const format = (value ?? 'fit').trim().toLowerCase();
  if (!(PLAN_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`--format: expected one of ${PLAN_EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format.slice(0, 40))}`);
  }
  return format as PlanExportFormat;
}

export async function exportPlanAction(flags: ExportFlags): Promise<void> {
  const format = parsePlanExportFormat(flags.format);
  if (flags.out !== undefined && !flags.out.trim()) throw new UserError('--out: give a folder');
  await withUser(async ({ db, user }) => {
    const config = await selectConfig(db, user.id, flags.config);
    const stored = await findLatestPlan(db, user.id, config.id);
    if (!stored) throw new UserError(NO_STRUCTURED_PLAN);
    const plan = structuredPlanOf(stored.plan);
    const dir = flags.out ? resolve(flags.out) : join(analysisOutputDir(config.output_directory, stored.analysisId), 'plan');
    const files = await writePlanExport({ plan, format, dir, scope: config.id, plannedAt: new Date(stored.createdAt) });
    if (flags.json) {
      printJson({ analysisId: stored.analysisId, weekStart: plan.weekStart, format, directory: dir, files });
      return;
    }
    for (const file of files) print(file.path);
    say(`wrote ${files.length} ${format} file${files.length === 1 ? '' : 's'} for the week from ${plan.weekStart} into ${dir}`);
  });
}
