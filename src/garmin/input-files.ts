/**
 * Walks what the user named on the command line — FIT files, folders (recursively), zip
 * archives (a Garmin account export, or zips of FIT files, nested zips included) — and hands
 * each interesting file to `visit`, one at a time, awaiting it before reading the next, so
 * only one file is ever in memory. Problems are reported per input through `fail`.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export type InputKind = 'fit' | 'activities' | 'sleep' | 'summary' | 'hrv' | 'vo2max' | 'readiness' | 'profile';

export interface InputFile {
  /** Where it came from, for messages: a path, or `archive.zip!inner/path`. */
  label: string;
  kind: InputKind;
  bytes: Buffer;
}

export interface WalkHandlers {
  visit(file: InputFile): Promise<void>;
  fail(label: string, reason: string): void;
  /** A file that is not ours to import (a GPX, a photo, an unrelated JSON): counted, not an error. */
  ignore?(label: string): void;
  /** A named path that does not exist; without this handler it goes to `fail`. */
  missing?(path: string): void;
}

/** Entries and files larger than this are refused rather than read into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** What a file name says it holds, following the export's naming (see test/fixtures/garmin-export/README.md). */
export function classify(name: string): InputKind | 'zip' | null {
  const file = basename(name).toLowerCase();
  if (file.endsWith('.fit')) return 'fit';
  if (file.endsWith('.zip')) return 'zip';
  if (!file.endsWith('.json')) return null;
  if (file.includes('summarizedactivities')) return 'activities';
  if (file.includes('sleepdata')) return 'sleep';
  if (file.startsWith('udsfile')) return 'summary';
  if (file.includes('hrv')) return 'hrv';
  if (file.includes('maxmet') || file.includes('vo2max')) return 'vo2max';
  if (file.includes('trainingreadiness')) return 'readiness';
  // DI-Connect-User/user_profile.json: the account's profile (its gender feeds TRIMP).
  if (file.startsWith('user_profile')) return 'profile';
  return null;
}

/** The paths that do not exist (a typo, an unmounted disk): told apart from files that fail to import. */
export async function missingPaths(paths: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      if (isNotFound(error)) missing.push(path);
    }
  }
  return missing;
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export async function walkInputs(paths: string[], handlers: WalkHandlers): Promise<void> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      if (isNotFound(error) && handlers.missing) handlers.missing(path);
      else handlers.fail(path, 'no such file or folder');
      continue;
    }
    if (info.isDirectory()) {
      const found = await walkFolder(path, handlers);
      if (found === 0) handlers.fail(path, 'no FIT files or Garmin export data in this folder');
      continue;
    }
    const kind = classify(path);
    if (kind === 'zip') await walkZip(path, path, handlers);
    else if (info.size > MAX_FILE_BYTES) handlers.fail(path, 'file too large');
    else {
      const bytes = await readFile(path);
      // Named on the command line: a file we do not recognise is an error, but a FIT file
      // without the .fit extension is still a FIT file.
      const sniffed = kind ?? (bytes.length >= 12 && bytes.subarray(8, 12).toString('latin1') === '.FIT' ? 'fit' : null);
      if (sniffed) await handlers.visit({ label: path, kind: sniffed, bytes });
      else handlers.fail(path, 'not a FIT file, zip or Garmin export JSON');
    }
  }
}

/** Returns how many importable files the folder held. */
async function walkFolder(dir: string, handlers: WalkHandlers): Promise<number> {
  let found = 0;
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found += await walkFolder(path, handlers);
      continue;
    }
    if (!entry.isFile()) continue;
    const kind = classify(entry.name);
    if (kind === null) {
      handlers.ignore?.(path);
      continue;
    }
    found++;
    if (kind === 'zip') await walkZip(path, path, handlers);
    else if ((await stat(path)).size > MAX_FILE_BYTES) handlers.fail(path, 'file too large');
    else await handlers.visit({ label: path, kind, bytes: await readFile(path) });
  }
  return found;
}

async function readStream(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new Error('entry too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Streams the archive entry by entry (yauzl, lazy entries); a broken entry fails alone. */
async function walkZip(path: string, label: string, handlers: WalkHandlers): Promise<void> {
  const yauzl = (await import('yauzl')).default;
  let zip: import('yauzl').ZipFile;
  try {
    zip = await new Promise((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, file) =>
        error ? reject(error) : resolve(file),
      ),
    );
  } catch (error) {
    handlers.fail(label, `not a readable zip archive (${(error as Error).message})`);
    return;
  }
  let found = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: import('yauzl').Entry) => {
        handleEntry(entry).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
    if (found === 0) handlers.fail(label, 'no FIT files or Garmin export data in this archive');
  } catch (error) {
    handlers.fail(label, `zip archive is damaged (${(error as Error).message})`);
  } finally {
    zip.close();
  }

  async function handleEntry(entry: import('yauzl').Entry): Promise<void> {
    if (entry.fileName.endsWith('/')) return;
    const entryLabel = `${label}!${entry.fileName}`;
    const kind = classify(entry.fileName);
    if (kind === null) {
      handlers.ignore?.(entryLabel);
      return;
    }
    found++;
    if (entry.uncompressedSize > MAX_FILE_BYTES) {
      handlers.fail(entryLabel, 'entry too large');
      return;
    }
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (error) {
      handlers.fail(entryLabel, `broken zip entry (${(error as Error).message})`);
      return;
    }
    if (kind === 'zip') {
      // Garmin's export nests zips of uploaded FIT files; yauzl needs random access, so the
      // inner archive goes to a temporary file (deleted right after).
      const dir = await mkdtemp(join(tmpdir(), 'coach-zip-'));
      const inner = join(dir, 'inner.zip');
      try {
        await pipeline(stream, createWriteStream(inner));
        await walkZip(inner, entryLabel, handlers);
      } catch (error) {
        handlers.fail(entryLabel, `broken zip entry (${(error as Error).message})`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readStream(stream, MAX_FILE_BYTES);
    } catch (error) {
      handlers.fail(entryLabel, `broken zip entry (${(error as Error).message})`);
      return;
    }
    await handlers.visit({ label: entryLabel, kind, bytes });
  }
}
