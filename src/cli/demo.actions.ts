import { analyzeAs } from './analyze.actions.js';
import { withDatabase } from './context.js';
import { summaryLine } from './garmin-ingest.actions.js';
import { say } from './output.js';

export interface DemoFlags {
  plots?: boolean;
  json?: boolean;
}

export async function demoAction(flags: DemoFlags): Promise<void> {
  await withDatabase(async (handle) => {
    const [{ setUpDemoAthlete }, { localToday }, { readCurrentUser, writeCurrentUser }, { findUserById }] = await Promise.all([
      import('../demo/demo-athlete.js'),
      import('../workflow/run-analysis.js'),
      import('../config/current-user.js'),
      import('../db/users.repository.js'),
    ]);
    say('coach demo: writing a year of synthetic training data and importing it ...');
    const demo = await setUpDemoAthlete(handle.db, { today: localToday() });
    say(`${demo.created ? 'created' : 'updated'} the demo athlete ${demo.email}: ${summaryLine(demo.import)}`);
    if (!readCurrentUser()) {
      writeCurrentUser({ userId: demo.userId, email: demo.email });
      say(`${demo.email} is now the current user (\`coach init\` or \`coach login\` switches to you)`);
    }
    const user = (await findUserById(handle.db, demo.userId))!;
    await analyzeAs({ handle, db: handle.db, user }, { provider: 'offline', hitl: false, plots: flags.plots, json: flags.json });
  }, 'coach demo');
}
