/**
 * Connect's "original file" download (`/download-service/files/activity/{id}`): a zip
 * holding the FIT file the device uploaded. Everything is checked in memory before the FIT
 * file reaches the decoder: an HTML page (a login or error page served with 200), a body that
 * is neither zip nor FIT, a zip entry named with `../` or an absolute path, a truncated or
 * damaged archive, an entry too large. Nothing is ever written to disk, so a hostile entry
 * name is refused rather than "sanitised".
 */
import type { Entry, ZipFile } from 'yauzl';
import { looksLikeFit } from './fit-import.js';

/** One line for the user: why this activity's original file was not used. */
export class BadDownloadError extends Error {}

/** A FIT activity of many hours is a few MB; anything far larger is not what we asked for. */
const MAX_FIT_BYTES = 64 * 1024 * 1024;

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<');
}

/** An entry name that would leave the folder it was unpacked in (we never unpack, but such a zip is not Garmin's). */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name) || name.split(/[\\/]/).includes('..');
}

/** The FIT file inside a download; throws BadDownloadError with the reason. */
export async function fitFromDownload(body: Uint8Array): Promise<Buffer> {
  if (body.length === 0) throw new BadDownloadError('the download was empty');
  if (looksLikeFit(body)) return Buffer.from(body); // some activities come as a bare FIT file
  if (!isZip(body)) {
    throw new BadDownloadError(looksLikeHtml(body) ? 'Garmin sent an HTML page instead of the FIT file' : 'the download is neither a zip nor a FIT file');
  }
  const yauzl = (await import('yauzl')).default;
  let zip: ZipFile;
  try {
    // Names are checked by us (below) so that a `../` entry gets our message, not yauzl's.
    zip = await yauzl.fromBufferPromise(Buffer.from(body), { lazyEntries: true, validateEntrySizes: true, decodeStrings: false } as never);
  } catch (error) {
    throw new BadDownloadError(`the downloaded zip is damaged or truncated (${(error as Error).message})`);
  }
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      let found = false;
      zip.on('error', (error: Error) => reject(new BadDownloadError(`the downloaded zip is damaged or truncated (${error.message})`)));
      zip.on('end', () => {
        if (!found) reject(new BadDownloadError('the downloaded zip holds no FIT file'));
      });
      zip.on('entry', (entry: Entry) => {
        const name = Buffer.isBuffer(entry.fileName) ? (entry.fileName as Buffer).toString('utf8') : String(entry.fileName);
        if (unsafeEntryName(name)) {
          reject(new BadDownloadError(`the downloaded zip has an unsafe entry name (${JSON.stringify(name.slice(0, 80))})`));
          return;
        }
        if (!name.toLowerCase().endsWith('.fit')) {
          zip.readEntry();
          return;
        }
        found = true;
        if (entry.uncompressedSize > MAX_FIT_BYTES) {
          reject(new BadDownloadError('the FIT file in the download is too large'));
          return;
        }
        readEntry(zip, entry).then(resolve, (error: Error) =>
          reject(new BadDownloadError(`the downloaded zip is damaged or truncated (${error.message})`)),
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_FIT_BYTES) {
      stream.destroy();
      throw new Error('entry too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
