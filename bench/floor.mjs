#!/usr/bin/env node
// The floors: the least a process can do for the same job, without coach. A row's ratio to
// its floor (same run, interleaved) is the figure a target is set on, so the machine's speed
// and load cancel out. Run as a child process by bench/lib.mjs:
//   node bench/floor.mjs pglite DIR SQL    open an on-disk PGlite (coach's settings) + one query
//   node bench/floor.mjs pg URL SQL        connect to a Postgres server with `pg` + one query
//   node bench/floor.mjs fit-decode DIR    decode every .fit file under DIR with the FIT SDK
// (`node -e 0` needs no script.) Prints one JSON line: what the child measured in-process.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

/** The V8 setting bin/coach.js starts every coach process with (a larger budget before TurboFan). */
const COACH_V8_FLAGS = '--interrupt-budget=540672';

/** The same Postgres settings coach starts PGlite with (src/db/connection.ts). */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=1MB'];

export function fitFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.toLowerCase().endsWith('.fit')).sort().map((p) => join(dir, p));
}

async function pglite(dir, sql) {
  setFlagsFromString(COACH_V8_FLAGS);
  setFlagsFromString('--liftoff-only');
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  const { rows } = await db.query(sql);
  await db.close();
  return { rows: rows.length };
}

async function pg(url, sql) {
  setFlagsFromString(COACH_V8_FLAGS);
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(sql);
  await client.end();
  return { rows: rows.length };
}

async function fitDecode(dir) {
  setFlagsFromString(COACH_V8_FLAGS);
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  // The read options coach decodes with, so the floor does the same decoding work.
  const { FIT_READ_OPTIONS: options } = await import(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'src', 'garmin', 'fit-import.js')).href);
  const files = fitFiles(dir);
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let records = 0;
  for (const file of files) {
    const { messages } = new Decoder(Stream.fromBuffer(readFileSync(file))).read(options);
    records += messages.recordMesgs?.length ?? 0;
  }
  const used = process.cpuUsage(cpu0);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1000,
    files: files.length, records, maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [mode, a, b] = process.argv.slice(2);
  const result = mode === 'pglite' ? await pglite(a, b) : mode === 'pg' ? await pg(a, b) : mode === 'fit-decode' ? await fitDecode(a) : null;
  if (!result) throw new Error(`floor: unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}
