import type { Command } from 'commander';

const HELP = `
The analysis runs in-process: load data -> three experts in parallel (load, sessions,
recovery) -> questions for you (in a terminal, when the config has hitl on) -> synthesis ->
season outline -> next 7 days -> report. Without a model provider key it uses the built-in
offline coach (rules and templates, no language model).

Providers (first configured wins, or --provider): ANTHROPIC_API_KEY, OPENAI_API_KEY,
GOOGLE_API_KEY, OLLAMA_BASE_URL (+ OLLAMA_MODEL). Keys may live in .env. Base URLs
(gateways, proxies): OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GOOGLE_BASE_URL (https, or http
on localhost). --model picks models by role: experts, synthesis, planners (or a node name).

Without a terminal (cron) questions are recorded, not asked, and the run completes.
Exit codes: 0 done, 1 failed (resumable with --resume ID), 75 another analysis of this
athlete is running, 130 interrupted (resumable).

Examples:
  $ coach analyze
  $ coach analyze --provider offline --json | jq .analysis.weeklyPlan
  $ coach analyze --model experts=gpt-5-nano --model synthesis=gpt-5
  $ OPENAI_BASE_URL=http://localhost:4000/v1 coach analyze --provider openai --model llama-3.1-8b
  $ coach analyze --resume 3f2c...`;

/** `coach analyze`: run the coaching workflow for the current athlete. */
export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('analyse your training and plan the next 7 days')
    .option('--config <name>', 'training config (default: the active one)')
    .option('--mode <mode>', 'model choice: development | standard | cost_effective (default: the config\'s ai_mode)')
    .option('--no-hitl', 'do not ask questions, even in a terminal')
    .option('--no-plots', 'do not draw plots')
    .option('--skip-synthesis', 'skip the head-coach synthesis step')
    .option('--provider <name>', 'offline | anthropic | openai | google | ollama (default: the first configured, else offline)')
    .option('--model <role=name>', 'model for a role (experts | synthesis | planners) or, without role=, for all; repeatable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--resume <analysisId>', 'continue a paused, failed or interrupted analysis from its checkpoint')
    .option('--enqueue', 'queue the analysis for `coach worker` instead of running it here (prints the job id)')
    .option('--note <text>', 'a note for the planners, as if answering the coach (e.g. "left knee sore"); repeatable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print the result as JSON')
    .addHelpText('after', HELP)
    .action(async (options) => (await import('./analyze.actions.js')).analyzeAction(options));
}
