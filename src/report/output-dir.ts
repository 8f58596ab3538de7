import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { coachPaths } from '../config/paths.js';
import { pathInside, safeFilename } from './safe-filename.js';

/** The folder an analysis's files go in: `<output_directory or default>/<analysisId>`. */
export function analysisOutputDir(outputDirectory: string | null, analysisId: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = outputDirectory && outputDirectory.trim()
    ? expandHome(outputDirectory.trim())
    : coachPaths(env).outputDir;
  return pathInside(root, safeFilename(analysisId, 'analysis'));
}

function expandHome(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(path);
}
