// The job queue on the Postgres server: 200 athletes with a year of data each (activity and
// daily_metric rows inserted directly: a year of FIT import per athlete would take hours),
// offline coach, one job per athlete run by `coach worker` processes.
// - Throughput with 1, 2 and 4 worker processes (--concurrency 1 each), wall time from the
//   workers' start to the last one's exit (`--until-idle`), start-up included.
//   Targets: 1 worker >= 5 analyses/s; 2 workers >= 1.7 x 1 worker.
// - Fault run: 2 workers, one of them killed with kill -9 every 4 s and replaced, until the 200
//   jobs are done (at most 40 kills, then the rest finishes): every athlete exactly one completed analysis for the day, no node executed
//   twice (analysisresult rows per analysis and node), no job dead.
// - Queue overhead per job in the worker (fetch + complete), p50 / p99, from the workers' JSON lines.
// - CPU per job of the worker processes and of their Postgres backends (from /proc, sampled
//   while they run), and the SQL statements per job of one worker run in this process
//   (counted on pg's Client.query, which Kysely and pg-boss both go through), by kind.
// BENCH_JOB_ONLY=profile runs only the in-process count (quick, for iterating); =throughput
// skips the fault run; BENCH_JOB_CURVE=1,2 picks the worker counts (default 1,2,4);
// BENCH_JOB_SQL_LOG=FILE appends each counted statement's kind and text to FILE.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coach, COACH_BIN, coachEnv, loadAverage, percentile, withServerDatabase } from '../lib.mjs';

export const name = 'job-queue';

const ATHLETES = Number(process.env.BENCH_JOB_ATHLETES ?? 200);
const TODAY = '2026-01-04';
const DAYS = 365;
const KILL_EVERY_S = Number(process.env.BENCH_KILL_EVERY_S ?? 4);
const MAX_KILLS = Number(process.env.BENCH_MAX_KILLS ?? 40);
/** Slots per worker process (`coach worker --concurrency`). */
const CONCURRENCY = Number(process.env.BENCH_JOB_CONCURRENCY ?? 1);
const ONLY = process.env.BENCH_JOB_ONLY ?? '';
const say = (text) => process.stderr.write(`bench: job-queue: ${text}\n`);

function dayOf(offset) {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** One athlete-year of summarised rows (what an import stores), for the template athlete. */
function yearRows(userId) {
  const activities = [];
  const metrics = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = -DAYS + 1; i <= 0; i++) {
    const date = dayOf(i);
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    const build = 1 + 0.3 * Math.sin(((i + DAYS) / DAYS) * Math.PI * 2);
    const sessions = [
      ['swimming', 40, false], ['running', 50, false], ['cycling', 75, true], ['running', 45, false],
      ['cycling', 60, true], ['cycling', 150, true], ['running', 80, false],
    ];
    const [sport, baseMinutes, power] = sessions[weekday];
    const minutes = Math.round(baseMinutes * build);
    const z = (share) => Math.round(minutes * 60 * share);
    activities.push({
      user_id: userId, source: 'fit', source_id: `bench-${date}`, content_hash: `h-${date}`, sport, name: `${sport} ${date}`,
      start_time: `${date}T07:00:00Z`, elapsed_time_s: minutes * 60 + 120, moving_time_s: minutes * 60,
      distance_m: minutes * 60 * (sport === 'cycling' ? 8.5 : sport === 'running' ? 3.1 : 0.9),
      avg_hr: 135 + Math.round(rand() * 20), max_hr: 165 + Math.round(rand() * 15),
      avg_power: power ? 180 + Math.round(rand() * 30) : null, normalized_power: power ? 195 + Math.round(rand() * 30) : null,
      avg_speed_mps: sport === 'cycling' ? 8.5 : sport === 'running' ? 3.1 : 0.9,
      hr_time_in_zones: JSON.stringify({ basis: 'hr', zones: [
        { name: 'Z1', min: 0, max: 130, seconds: z(0.3) }, { name: 'Z2', min: 130, max: 150, seconds: z(0.5) },
        { name: 'Z3', min: 150, max: 165, seconds: z(0.12) }, { name: 'Z4', min: 165, max: 178, seconds: z(0.06) },
        { name: 'Z5', min: 178, max: 220, seconds: z(0.02) },
      ] }),
    });
    metrics.push({
      user_id: userId, date, resting_hr: 46 + Math.round(rand() * 6), hrv_nightly_avg: 55 + Math.round(rand() * 15),
      sleep_duration_s: 7 * 3600 + Math.round(rand() * 3600), sleep_score: 70 + Math.round(rand() * 20),
    });
  }
  return { activities, metrics };
}

async function insertRows(client, table, rows) {
  const columns = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = [];
    const tuples = chunk.map((row) => `(${columns.map((c) => { values.push(row[c]); return `$${values.length}`; }).join(', ')})`);
    await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, values);
  }
}

/** 200 athletes: a template athlete's year, copied row for row to the others in SQL. */
export async function seed(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const users = [];
    for (let n = 0; n < ATHLETES; n++) {
      const { rows } = await client.query(
        `insert into "user" (email, full_name, hashed_password) values ($1, $2, 'x') returning id`, [`athlete${n}@example.com`, `Athlete ${n}`]);
      users.push(rows[0].id);
    }
    await client.query(`insert into trainingconfig (user_id, name, is_active, activities_days, metrics_days, hitl_enabled, enable_plotting)
      select id, 'main', true, 42, 28, false, false from "user"`);
    await client.query(`insert into competition (training_config_id, name, date, race_type, priority, target_time)
      select id, 'Spring Marathon', '2026-04-12', 'Marathon', 'A', '03:15:00' from trainingconfig`);
    const { activities, metrics } = yearRows(users[0]);
    await insertRows(client, 'activity', activities);
    await insertRows(client, 'daily_metric', metrics);
    const copy = async (table) => {
      const { rows } = await client.query(`select column_name from information_schema.columns
        where table_schema = 'public' and table_name = $1 and column_name not in ('id', 'user_id', 'created_at', 'updated_at')`, [table]);
      const cols = rows.map((r) => `"${r.column_name}"`).join(', ');
      await client.query(`insert into ${table} (user_id, ${cols}) select u.id, ${cols} from ${table} t cross join "user" u
        where t.user_id = $1 and u.id <> $1`, [users[0]]);
    };
    await copy('activity');
    await copy('daily_metric');
    await client.query('analyze');
    return { users, activitiesPerAthlete: activities.length };
  } finally {
    await client.end();
  }
}

/** Empties the queue and the analyses, then enqueues one job per athlete (in-process, through coach's enqueue). */
export async function enqueueAll(url, round) {
  const { openDatabase } = await import('../../dist/src/db/connection.js');
  const { openQueue } = await import('../../dist/src/jobs/queue.js');
  const { enqueueAnalysis } = await import('../../dist/src/jobs/enqueue.js');
  const { sql } = await import('kysely');
  const handle = await openDatabase({ url });
  try {
    await sql`delete from pgboss.job`.execute(handle.db);
    await sql`delete from analysis_job`.execute(handle.db);
    await sql`delete from analysis`.execute(handle.db);
    const users = await handle.db.selectFrom('user').select(['id', 'email']).execute();
    const queue = await openQueue(handle);
    for (const u of users) {
      await enqueueAnalysis(handle, queue, { key: `bench:${round}:${u.id}`, userId: u.id, email: u.email, configName: null, runDate: TODAY, scheduleId: null });
    }
    await queue.stop({ graceful: false, close: false });
  } finally {
    await handle.close();
  }
}

/** CPU time (user + system) of a process so far, in ms, from /proc; undefined once it is gone. */
function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

/**
 * Samples the CPU time of some processes and of the database's server backends every 100 ms
 * (a process's last sample before it exits counts; at most 100 ms of each is missed).
 * stop() -> { processesMs, backendsMs }.
 */
async function cpuSampler(url, pids) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  client.uncounted = true; // not one of the worker's statements (profileInProcess)
  await client.connect();
  const ownPid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
  const baseline = new Map();
  const last = new Map();
  const sample = async () => {
    const { rows } = await client.query('select pid from pg_stat_activity where datname = current_database() and pid <> $1', [ownPid]);
    for (const [kind, pid] of [...pids().map((p) => ['process', p]), ...rows.map((r) => ['backend', r.pid])]) {
      const ms = procCpuMs(pid);
      if (ms !== undefined) last.set(pid, { kind, ms });
    }
  };
  await sample();
  for (const [pid, v] of last) baseline.set(pid, v.ms);
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      await sample();
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.end();
    const sum = (kind) => [...last].filter(([, v]) => v.kind === kind).reduce((a, [pid, v]) => a + v.ms - (baseline.get(pid) ?? 0), 0);
    return { processesMs: sum('process'), backendsMs: sum('backend') };
  };
}

/** What kind of statement a SQL text is, for the per-job counts. */
function statementKind(text) {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/pgboss\./.test(t)) return 'pg-boss';
  if (/coach_workflow"?\."?checkpoint_write/.test(t)) return 'checkpoint writes';
  if (/coach_workflow"?\."?checkpoint/.test(t)) return 'checkpoints';
  if (/^update "analysis"/.test(t)) return 'analysis progress/status';
  if (/pg_advisory|pg_try_advisory/.test(t)) return 'lock';
  if (/^(begin|commit|rollback)/.test(t)) return 'transaction';
  if (/"analysisresult"|"analysis_file"|"analysis_plan"|insert into "analysis"/.test(t)) return 'results/report';
  if (/"analysis_job"|"model_call"|"provider_rate/.test(t)) return 'job/model bookkeeping';
  if (/^select/.test(t)) return 'other selects (data, config)';
  return 'other';
}

/**
 * One worker (one slot) in this process over `jobs` jobs: pg's Client.prototype.query is
 * wrapped to count every statement (Kysely's and pg-boss's), process.cpuUsage() gives the
 * worker's CPU and /proc the CPU of its server backends. Returns per-job figures.
 */
export async function profileInProcess(url, round) {
  await enqueueAll(url, round);
  const { default: pg } = await import('pg');
  const { openDatabase } = await import('../../dist/src/db/connection.js');
  const { runWorker } = await import('../../dist/src/jobs/worker.js');
  const counts = new Map();
  let counting = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    if (counting && !this.uncounted) {
      const text = typeof config === 'string' ? config : config?.text ?? '';
      const kind = statementKind(text);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (process.env.BENCH_JOB_SQL_LOG) appendFileSync(process.env.BENCH_JOB_SQL_LOG, `${kind}\t${text.replace(/\s+/g, ' ').slice(0, 300)}\n`);
    }
    return original.call(this, config, ...rest);
  };
  const handle = await openDatabase({ url, poolMax: 2 * CONCURRENCY + 3 });
  const events = [];
  try {
    const stop = await cpuSampler(url, () => []);
    const load = [loadAverage()];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    counting = true;
    await runWorker({ handle, concurrency: CONCURRENCY, signal: new AbortController().signal, untilIdle: true, log: (e) => events.push(e),
      analysis: { provider: 'offline' } });
    counting = false;
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const { backendsMs } = await stop();
    load.push(loadAverage());
    const n = events.filter((e) => e.status === 'completed').length;
    const perJob = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / n) * 10) / 10]));
    const statements = [...counts.values()].reduce((a, b) => a + b, 0) / n;
    return { jobs: n, wallMs, workerCpuMs: (cpu.user + cpu.system) / 1000 / n, backendCpuMs: backendsMs / n, statements, perJob, load, events };
  } finally {
    counting = false;
    pg.Client.prototype.query = original;
    await handle.close();
  }
}

/** Starts a `coach worker --json` process; resolves with its JSON lines when it exits. */
function startWorker(env, args = []) {
  const child = spawn(process.execPath, [COACH_BIN, 'worker', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (err += c));
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr: err,
    events: out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) })));
  return { child, done };
}

async function throughput(url, env, workers, round) {
  await enqueueAll(url, round);
  say('enqueued');
  const load = [loadAverage()];
  const started = performance.now();
  const children = Array.from({ length: workers }, () => startWorker(env, ['--until-idle', '--concurrency', String(CONCURRENCY)]));
  const stop = await cpuSampler(url, () => children.map((c) => c.child.pid));
  const results = await Promise.all(children.map((c) => c.done));
  const wallMs = performance.now() - started;
  const cpu = await stop();
  load.push(loadAverage());
  const failed = results.find((r) => r.code !== 0);
  if (failed) throw new Error(`a worker exited ${failed.code}: ${failed.stderr.trim().split('\n').pop()}`);
  const events = results.flatMap((r) => r.events);
  const completed = events.filter((e) => e.status === 'completed').length;
  return { wallMs, completed, events, load, workerCpuMs: cpu.processesMs / completed, backendCpuMs: cpu.backendsMs / completed };
}

async function check(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (text) => (await client.query(text)).rows;
    const [perAthlete] = await q(`select count(*) filter (where n = 1)::int as exactly_one, count(*) filter (where n > 1)::int as more,
        (select count(*)::int from "user") - count(*)::int as none
      from (select user_id, count(*) as n from analysis where status = 'completed' group by user_id) t`);
    const [dupNodes] = await q(`select count(*)::int as n from (select analysis_id, node_name from analysisresult group by 1, 2 having count(*) > 1) t`);
    const [dead] = await q(`select count(*)::int as n from pgboss.job where state in ('failed', 'cancelled')`);
    const [resumed] = await q(`select count(*)::int as n from analysis_job where attempts > 1`);
    const [orphans] = await q(`select count(*)::int as n from analysis a where status <> 'completed'`);
    return { ...perAthlete, duplicateNodes: dupNodes.n, dead: dead.n, retriedJobs: resumed.n, unfinishedAnalyses: orphans.n };
  } finally {
    await client.end();
  }
}

async function faultRun(url, env) {
  // Timeout and attempts are the jobs' own (set when enqueued): a killed worker's job is
  // taken again 4 s after it started, by pg-boss's supervisor in a surviving worker.
  const faultEnv = { ...env, COACH_JOB_TIMEOUT_S: '4', COACH_JOB_ATTEMPTS: '20', COACH_JOB_RETRY_DELAY_S: '0' };
  const saved = { ...process.env };
  Object.assign(process.env, { COACH_JOB_TIMEOUT_S: '4', COACH_JOB_ATTEMPTS: '20', COACH_JOB_RETRY_DELAY_S: '0' });
  try {
    await enqueueAll(url, 'fault');
  } finally {
    process.env = saved;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const workers = [startWorker(faultEnv), startWorker(faultEnv)];
  let kills = 0;
  const started = performance.now();
  const completed = async () => (await client.query(`select count(*)::int as n from pgboss.job where state = 'completed'`)).rows[0].n;
  try {
    // Kill phase: one of the two (in turn) every KILL_EVERY_S, at most MAX_KILLS times.
    while (kills < MAX_KILLS && (await completed()) < ATHLETES) {
      await new Promise((r) => setTimeout(r, KILL_EVERY_S * 1000));
      if (process.env.BENCH_DEBUG) say(JSON.stringify((await client.query(`select state, count(*)::int from pgboss.job group by 1`)).rows));
      const victim = kills % 2;
      workers[victim].child.kill('SIGKILL');
      await workers[victim].done;
      kills++;
      workers[victim] = startWorker(faultEnv);
    }
    // Then the two finish the rest (jobs of killed workers come back after COACH_JOB_TIMEOUT_S).
    while ((await completed()) < ATHLETES && performance.now() - started < 900_000) await new Promise((r) => setTimeout(r, 1000));
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.done));
    await client.end();
  }
  return { kills, wallMs: performance.now() - started, ...(await check(url)) };
}

export async function run() {
  const home = mkdtempSync(join(tmpdir(), 'coach-bench-jobs-'));
  try {
    const result = await withServerDatabase('coach_bench_jobs', async (url) => {
      const env = coachEnv(home, { databaseUrl: url, COACH_TODAY: TODAY });
      coach(['db', 'migrate'], env);
      say(`seeding ${ATHLETES} athletes`);
      const { activitiesPerAthlete } = await seed(url);
      const rows = [];
      const curve = {};
      say('statements and CPU per job, one worker in this process');
      const savedEnv = { ...process.env };
      Object.assign(process.env, env);
      let profile;
      try {
        profile = await profileInProcess(url, 'profile');
      } finally {
        process.env = savedEnv;
      }
      say(`profile: ${JSON.stringify({ ...profile, events: undefined })}`);
      rows.push({ metric: `SQL statements per job, one in-process worker (${profile.jobs} jobs): ${Object.entries(profile.perJob).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        value: Math.round(profile.statements * 10) / 10, unit: 'statements' });
      rows.push({ metric: 'CPU per job, one in-process worker: worker / its server backends', value: `${Math.round(profile.workerCpuMs)} / ${Math.round(profile.backendCpuMs)}`, unit: 'ms', load: profile.load });
      rows.push({ metric: 'one in-process worker, analyses/s', value: Math.round((profile.jobs / profile.wallMs) * 100000) / 100, unit: 'analyses/s', load: profile.load });
      if (ONLY === 'profile') return rows;
      for (const workers of (process.env.BENCH_JOB_CURVE ?? '1,2,4').split(',').map(Number)) {
        say(`${workers} worker(s)`);
        const r = await throughput(url, env, workers, `w${workers}`);
        const perSecond = (r.completed / r.wallMs) * 1000;
        curve[workers] = perSecond;
        say(`${workers} worker(s): ${r.completed} in ${(r.wallMs / 1000).toFixed(1)} s, load ${r.load.map((l) => l.toFixed(1)).join('-')}`);
        rows.push({
          metric: `${ATHLETES} athletes x ${activitiesPerAthlete} activities, offline: ${workers} worker process(es) x ${CONCURRENCY} slot(s), analyses/s end to end (${r.completed} done in ${(r.wallMs / 1000).toFixed(1)} s)`,
          value: Math.round(perSecond * 100) / 100, unit: 'analyses/s', load: r.load,
          target: workers === 1 ? { min: 5 } : undefined,
        });
        rows.push({ metric: `${workers} worker process(es): CPU per job, worker processes / server backends`, value: `${Math.round(r.workerCpuMs)} / ${Math.round(r.backendCpuMs)}`, unit: 'ms', load: r.load });
        if (workers === 2) {
          rows.push({ metric: '2 worker processes vs 1 (throughput ratio)', value: Math.round((curve[2] / curve[1]) * 100) / 100, unit: 'x', target: { min: 1.7 } });
        }
        if (workers === 1) {
          const queueMs = r.events.map((e) => e.queueMs);
          const runMs = r.events.map((e) => e.runMs);
          rows.push({ metric: 'queue overhead per job in the worker (fetch + complete), p50', value: percentile(queueMs, 50), unit: 'ms' });
          rows.push({ metric: 'queue overhead per job in the worker (fetch + complete), p99', value: percentile(queueMs, 99), unit: 'ms' });
          rows.push({ metric: 'analysis in the worker (runAnalysis), p50 / p99', value: `${percentile(runMs, 50)} / ${percentile(runMs, 99)}`, unit: 'ms' });
        }
      }
      if (ONLY === 'throughput') return rows;
      say('fault run');
      const fault = await faultRun(url, env);
      say(`fault run: ${JSON.stringify(fault)}`);
      rows.push({ metric: `fault run: 2 workers, one killed (kill -9) every ${KILL_EVERY_S} s (${fault.kills} kills, ${(fault.wallMs / 1000).toFixed(0)} s): athletes with exactly one completed analysis`, value: fault.exactly_one, unit: `of ${ATHLETES}`, target: { min: ATHLETES } });
      rows.push({ metric: 'fault run: athletes with more than one completed analysis', value: fault.more, unit: '', target: { max: 0 } });
      rows.push({ metric: 'fault run: finished nodes executed twice (analysisresult rows per analysis and node > 1)', value: fault.duplicateNodes, unit: '', target: { max: 0 } });
      rows.push({ metric: 'fault run: dead jobs', value: fault.dead, unit: '', target: { max: 0 } });
      rows.push({ metric: 'fault run: jobs that needed another attempt (resumed or re-run)', value: fault.retriedJobs, unit: '' });
      rows.push({ metric: 'fault run: analyses left unfinished (started by a killed attempt before the job recorded them)', value: fault.unfinishedAnalyses, unit: '' });
      return rows;
    });
    if (result.skipped) return [{ metric: 'job queue on the Postgres server', value: `skipped: ${result.skipped}`, unit: '' }];
    return result.value;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
