import { mkdir, realpath, rm, stat, writeFile as fsWriteFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Facts } from '../analytics/facts.types.js';
import { recordAnalysisFiles, type NewAnalysisFile } from '../db/analysis-files.repository.js';
import type { Database } from '../db/database.js';
import type { FileType } from '../db/tables/analysis-file.table.js';
import { UserError } from '../errors.js';
import { exportJsonText } from './export-json.js';
import { analysisOutputDir } from './output-dir.js';
import { loadReportInput } from './load-report-input.js';
import type { ReportInput } from './report-input.js';
import { renderPlots } from './plots/index.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { pathInside, safeFilenameWithExtension } from './safe-filename.js';

export interface WrittenFile {
  filename: string;
  fileType: FileType;
  mimeType: string;
  fileSize: number;
  /** Absolute path. */
  filePath: string;
}

export interface WriteAnalysisFilesArgs {
  userId: string;
  analysisId: string;
  /** Overrides the config's enable_plotting (the workflow passes its run setting). */
  plots?: boolean;
  /** Overrides the output folder (default: the config's output_directory or coachPaths().outputDir, then `<analysisId>`). */
  outputDir?: string;
  /**
   * The analysis's facts when the caller already has them (the workflow's report step has
   * just computed them from the same rows and as-of date); otherwise they are rebuilt.
   */
  facts?: Facts;
}

/** Fault injection for tests (a full disk); production uses node:fs. */
export interface WriteDeps {
  writeFile?: (path: string, data: string) => Promise<void>;
}

const FS_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way of the folder',
  EISDIR: 'a folder is in the way of the file',
  ENAMETOOLONG: 'the path is too long',
};

function fsUserError(error: unknown, what: string): UserError | unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && FS_PROBLEMS[code]) {
    return new UserError(`cannot write the report files: ${what}: ${FS_PROBLEMS[code]} (${code}); set output_directory in the training config (\`coach config edit\`) to a writable folder`);
  }
  return error;
}

/**
 * Renders the analysis's HTML + Markdown + JSON report and, when plotting is enabled, one
 * SVG per chart, into its output folder, then records one `analysisfile` row per file in
 * one transaction. Files are written first; if any write fails (unwritable folder, full
 * disk) the files of this attempt are removed, no row is recorded and a UserError says why.
 * Writing again replaces the files and their rows.
 */
export async function writeAnalysisFiles(
  db: Kysely<Database>,
  args: WriteAnalysisFilesArgs,
  deps: WriteDeps = {},
): Promise<WrittenFile[]> {
  const writeFile = deps.writeFile ?? ((path: string, data: string) => fsWriteFile(path, data, { encoding: 'utf8', mode: 0o600 }));
  const input = asWrittenByReportStep(await loadReportInput(db, args.userId, args.analysisId, new Date(), args.facts));
  const dir = args.outputDir ? resolve(args.outputDir) : analysisOutputDir(input.analysis.outputDirectory, input.analysis.id);
  const withPlots = args.plots ?? input.analysis.enablePlotting;

  const plots = withPlots ? await renderPlots(input.facts, input.weeklyPlan, input.projection ?? null) : [];
  const plotFiles = plots.map((p) => ({ ...p, filename: safeFilenameWithExtension(`plot-${p.name}`, 'svg') }));
  const planned: Array<{ filename: string; fileType: FileType; mimeType: string; content: string }> = [
    { filename: 'report.html', fileType: 'report', mimeType: 'text/html', content: renderHtml(input, plots) },
    { filename: 'report.md', fileType: 'report', mimeType: 'text/markdown', content: renderMarkdown(input, plotFiles, Object.fromEntries(plotFiles.map((p) => [p.name, p.filename]))) },
    { filename: 'analysis.json', fileType: 'data', mimeType: 'application/json', content: exportJsonText(input) },
    ...plotFiles.map((p) => ({ filename: p.filename, fileType: 'plot' as const, mimeType: 'image/svg+xml', content: p.svg })),
  ];

  await checkOrdinaryFolder(dir);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw fsUserError(error, dir);
  }

  const written: WrittenFile[] = [];
  for (const file of planned) {
    const path = pathInside(dir, file.filename);
    try {
      await writeFile(path, file.content);
      const size = (await stat(path)).size;
      written.push({ filename: file.filename, fileType: file.fileType, mimeType: file.mimeType, fileSize: size, filePath: path });
    } catch (error) {
      // Nothing half-done: remove what this attempt wrote (and the partial file).
      await Promise.all([...written.map((w) => w.filePath), path].map((p) => rm(p, { force: true }).catch(() => undefined)));
      throw fsUserError(error, path);
    }
  }

  const rows: NewAnalysisFile[] = written.map((w) => ({ ...w }));
  try {
    await recordAnalysisFiles(db, args.userId, input.analysis.id, rows);
  } catch (error) {
    // No file without its row: the rows failed (the database went away), so the files go too.
    await Promise.all(written.map((w) => rm(w.filePath, { force: true }).catch(() => undefined)));
    throw error;
  }
  return written;
}

/** Pseudo file systems: writing there is meaningless, and mkdir -p under /proc never returns. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * The output folder must be an ordinary folder: its nearest existing ancestor (symlinks
 * resolved) is a directory outside /proc, /sys and /dev. Checked before anything is created.
 */
async function checkOrdinaryFolder(dir: string): Promise<void> {
  let probe = dir;
  for (;;) {
    try {
      const real = await realpath(probe);
      if (SPECIAL_ROOTS.some((root) => real === root || real.startsWith(`${root}/`))) {
        throw new UserError(`cannot write the report files: ${dir} is not an ordinary folder (it is under ${real.split('/').slice(0, 2).join('/')}); set output_directory in the training config (\`coach config edit\`) to a writable folder`);
      }
      if (!(await stat(real)).isDirectory()) throw fsUserError(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }), dir);
      return;
    } catch (error) {
      if (error instanceof UserError) throw error;
      // A file in the path (ENOTDIR), no permission (EACCES): the one-line errors of writing.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsUserError(error, dir);
      const parent = dirname(probe);
      if (parent === probe) return;
      probe = parent;
    }
  }
}

/**
 * The workflow's report step calls the writer after storing the summary and the plan but
 * before it marks the run completed (and the stored current_node lags behind the stream),
 * so a running analysis that already has its summary and plan is shown as what it is about
 * to be: completed at the report step. If the write fails the files are removed, so no file
 * ever claims a completion that did not happen.
 */
function asWrittenByReportStep(input: ReportInput): ReportInput {
  const a = input.analysis;
  if (a.status !== 'running' || !a.summary || a.weeklyPlan === null || a.weeklyPlan === undefined) return input;
  return { ...input, analysis: { ...a, status: 'completed', currentNode: 'report', progressPercentage: 100 } };
}
