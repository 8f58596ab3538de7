/**
 * Walks what the user named on the command line — FIT files, folders (recursively), zip
 * archives (a Garmin account export, or zips of FIT files, nested zips included) — and hands
 * each interesting file to `visit`, one at a time, awaiting it before reading the next, so
 * only one file is ever in memory. Problems are reported per input through `fail`.
 */
import { createWriteStream } from 'node:fs';
import { constants } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

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

/**
 * Size caps, so a hostile or broken input cannot exhaust memory or disk: a FIT file (a
 * 24-hour 1 Hz recording is about 5 MB), an export JSON file (ten years of activities is a
 * few tens of MB) and a zip nested in an archive (written to a temporary file). Files and
 * zip entries above their cap are refused before they are read; a zip entry is also cut off
 * as soon as its data outgrows its declared size (yauzl validateEntrySizes).
 */
export const MAX_FIT_BYTES = 64 * 1024 * 1024;
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
export const MAX_NESTED_ZIP_BYTES = 2 * 1024 * 1024 * 1024;

function capOf(kind: InputKind | 'zip'): number {
  if (kind === 'zip') return MAX_NESTED_ZIP_BYTES;
  return kind === 'fit' ? MAX_FIT_BYTES : MAX_JSON_BYTES;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * Reads a regular file, at most `limit` bytes: checked on the open descriptor, so a device
 * (/dev/zero), a FIFO or a socket is refused instead of read forever or waited on, and a file
 * that grows while it is read stops at the cap.
 */
async function readRegularFile(path: string, limit: number): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputRefused('not a regular file (a device, FIFO or socket)');
    if (info.size > limit) throw new InputRefused(`file too large (${mib(info.size)}; the limit is ${mib(limit)})`);
    const buffer = Buffer.alloc(Math.min(info.size, limit) + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, size);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > limit || size === buffer.length) {
        if (size > limit) throw new InputRefused(`file too large (the limit is ${mib(limit)})`);
        break;
      }
    }
    return buffer.subarray(0, size);
  } finally {
    await handle.close();
  }
}

/** A named input refused before or while reading it (one line, like a corrupt file). */
class InputRefused extends Error {}

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
    if (!info.isFile()) {
      handlers.fail(path, 'not a regular file (a device, FIFO or socket)');
      continue;
    }
    const kind = classify(path);
    if (kind === 'zip') await walkZip(path, path, handlers);
    else {
      let bytes: Buffer;
      try {
        bytes = await readRegularFile(path, kind ? capOf(kind) : MAX_JSON_BYTES);
      } catch (error) {
        if (!(error instanceof InputRefused)) throw error;
        handlers.fail(path, error.message);
        continue;
      }
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
    if (kind === 'zip') {
      await walkZip(path, path, handlers);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readRegularFile(path, capOf(kind));
    } catch (error) {
      if (!(error instanceof InputRefused)) throw error;
      handlers.fail(path, error.message);
      continue;
    }
    await handlers.visit({ label: path, kind, bytes });
  }
  return found;
}

/** Passes at most `limit` bytes through, then fails the pipeline. */
function capped(limit: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) callback(new Error('entry too large'));
      else callback(null, chunk);
    },
  });
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
    const cap = capOf(kind);
    if (entry.uncompressedSize > cap) {
      handlers.fail(entryLabel, `entry too large (${mib(entry.uncompressedSize)}; the limit is ${mib(cap)})`);
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
        await pipeline(stream, capped(cap), createWriteStream(inner));
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
      bytes = await readStream(stream, cap);
    } catch (error) {
      handlers.fail(entryLabel, `broken zip entry (${(error as Error).message})`);
      return;
    }
    await handlers.visit({ label: entryLabel, kind, bytes });
  }
}
