import type { Command } from 'commander';

const WORKER_HELP = `
A long-lived process that takes analysis jobs (scheduled with \`coach schedule add\`, or
\`coach analyze --enqueue\`) from the job queue in the database and runs them here. Start any
number of workers on any number of machines with the same DATABASE_URL; each job runs once.
On the embedded database run one worker (it holds the database while it runs).

Stops on SIGTERM / SIGINT: takes no new job, lets running analyses finish for --grace-seconds,
then interrupts them (their checkpoint is kept and the job goes back to the queue).
Exit codes: 0 stopped, 1 could not start (bad option, database not migrated), 70 internal error.

Settings (environment, the same for every worker): COACH_JOB_ATTEMPTS (3),
COACH_JOB_TIMEOUT_S (900), COACH_JOB_RETRY_DELAY_S (30), COACH_RATE_LIMIT_<PROVIDER>
("requests/minute,tokens/minute", e.g. COACH_RATE_LIMIT_ANTHROPIC=50,40000).

Examples:
  $ coach worker --concurrency 2
  $ coach worker --json | jq -c 'select(.status=="dead")'`;

/** `coach schedule ...`, `coach worker`, `coach jobs ...`: analyses on the job queue. */
export function registerJobCommands(program: Command): void {
  const actions = () => import('./jobs.actions.js');

  const schedule = program.command('schedule').description('scheduled analyses (run by `coach worker`)');
  schedule
    .command('add')
    .description('analyse one athlete, or all, on a cron schedule')
    .requiredOption('--cron <expression>', 'five cron fields, e.g. "0 3 * * *" (03:00 every day)')
    .option('--athlete <email>', 'the athlete (default: the current user)')
    .option('--all', 'every athlete that has a training config')
    .option('--config <name>', 'training config (default: each athlete\'s active one)')
    .option('--tz <zone>', 'IANA time zone of the cron (default: this machine\'s)')
    .option('--json', 'print the schedule as JSON')
    .action(async (options) => (await actions()).scheduleAddAction(options));
  schedule
    .command('list')
    .description('list schedules with their next run')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).scheduleListAction(options));
  schedule
    .command('remove')
    .description('remove a schedule (queued jobs stay)')
    .argument('<id>', 'schedule id (or its first 8 characters)')
    .action(async (id) => (await actions()).scheduleRemoveAction(id));

  program
    .command('worker')
    .description('run queued and scheduled analyses until stopped')
    .option('--concurrency <n>', 'analyses at once (1-64)', '1')
    .option('--grace-seconds <n>', 'on SIGTERM, how long running analyses may finish', '30')
    .option('--until-idle', 'stop when no job is left (scripts, tests)')
    .option('--json', 'one JSON line per job on stdout')
    .addHelpText('after', WORKER_HELP)
    .action(async (options) => (await actions()).workerAction(options));

  const jobs = program.command('jobs').description('the analysis job queue');
  jobs
    .command('list')
    .description('list jobs, newest first')
    .option('--status <status>', 'all | queued | active | completed | dead', 'all')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (options) => (await actions()).jobsListAction(options));
  jobs
    .command('show')
    .description('one job: attempts, analysis, error')
    .argument('<id>', 'job id (or its first 8 characters)')
    .option('--json', 'print JSON')
    .action(async (id, options) => (await actions()).jobsShowAction(id, options));
  jobs
    .command('retry')
    .description('put a dead job back on the queue with one more attempt')
    .argument('<id>', 'job id (or its first 8 characters)')
    .option('--json', 'print the job as JSON')
    .action(async (id, options) => (await actions()).jobsRetryAction(id, options));
}
