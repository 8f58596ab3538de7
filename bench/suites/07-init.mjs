// `coach init` on the embedded database: creating the data directory is the most memory a
// coach process takes (PGlite's initdb). Peak RSS of the process (GNU time), median of 3
// fresh homes, with its wall and CPU time. Target: peak RSS under 300 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COACH_BIN, coachEnv, loadAverage, percentile, runOnce } from '../lib.mjs';

export const name = 'init';

const RUNS = 3;

export async function run() {
  const load = [loadAverage()];
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const home = mkdtempSync(join(tmpdir(), 'coach-bench-init-'));
    try {
      samples.push(runOnce(process.execPath, [COACH_BIN, 'init', '--email', 'bench@example.com', '--name', 'Bench Athlete', '--password-stdin'], {
        env: coachEnv(home), input: 'bench-password-123\n',
      }));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  load.push(loadAverage());
  const med = (pick) => percentile(samples.map(pick), 50);
  return [
    { metric: `coach init, new PGlite database (median of ${RUNS})`, wallMs: med((s) => s.wallMs), cpuMs: med((s) => s.cpuMs), load },
    { metric: 'coach init peak RSS', value: med((s) => s.maxRssMb), unit: 'MB', load, target: { max: 300 } },
  ];
}
