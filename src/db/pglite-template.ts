import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../config/paths.js';

/**
 * A new embedded database starts as a copy of a data directory made once at build time
 * (`npm run build`, scripts/pglite-template.mjs): created by PGlite's initdb and migrated to
 * the migrations of that build. Creating one from scratch runs initdb inside the WASM
 * Postgres, which peaks near 690 MB of memory and takes seconds of CPU; copying ~40 MB of
 * files does neither. Migrations added after the build run forward on the copy as on any
 * database (withDatabase). Without a usable template PGlite creates the database as before.
 */
export interface TemplateStamp {
  /** The PGlite version that made the data directory (its on-disk format must match). */
  pgliteVersion: string;
  /** The migrations applied to it, in order. */
  migrations: string[];
  /** What the template was built from (PGlite version + compiled migrations); rebuilt when it changes. */
  key: string;
}

export function templateDir(): string {
  return join(packageRoot(), 'dist', 'pglite-template');
}

/** The installed PGlite's version, from its package.json (which its exports do not expose). */
export function installedPgliteVersion(): string | undefined {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite') return pkg.version;
      }
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

export function readTemplateStamp(dir = templateDir()): TemplateStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as TemplateStamp;
  } catch {
    return undefined;
  }
}

/**
 * Fills a data directory that does not exist yet (or is empty) from the template; returns
 * whether it did. Copies into a sibling folder first and renames it into place, so a crash
 * mid-copy leaves no half-made database. The caller holds the database's file lock.
 */
export function seedFromTemplate(dataDir: string, dir = templateDir()): boolean {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const stamp = readTemplateStamp(dir);
  const source = join(dir, 'data');
  if (!stamp || !existsSync(join(source, 'PG_VERSION')) || stamp.pgliteVersion !== installedPgliteVersion()) return false;
  const staging = `${dataDir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(source, staging, { recursive: true });
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(staging, dataDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return true;
}
