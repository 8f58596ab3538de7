import { withUser } from './context.js';
import { print, printJson, say } from './output.js';

interface PushFlags { dryRun?: boolean; remove?: boolean; config?: string; json?: boolean }

/** `coach garmin push`: thin; the work is in src/garmin/workout-push-service.ts. */
export async function push(flags: PushFlags): Promise<void> {
  const { pushPlanToGarmin } = await import('../garmin/workout-push-service.js');
  const result = await withUser(
    ({ db, user }) => pushPlanToGarmin(db, user.id, {
      configName: flags.config, dryRun: flags.dryRun, remove: flags.remove,
    }),
    'coach garmin push',
  );
  if (flags.json) {
    printJson({ ...result });
    return;
  }
  const verb = result.dryRun ? { create: 'would create', update: 'would update', remove: 'would remove' } : { create: 'created', update: 'updated', remove: 'removed' };
  for (const change of result.changes) {
    print(`${verb[change.action]}  ${change.date ?? '          '}  ${change.title ?? change.sessionId}`);
  }
  const count = (action: string) => result.changes.filter((c) => c.action === action).length;
  const summary = `${count('create')} created, ${count('update')} updated, ${count('remove')} removed`;
  if (result.changes.length === 0) say('nothing to push: no plan sessions and no workouts pushed before');
  else if (result.dryRun) say(`dry run: ${summary.replace(/created|updated|removed/g, (w) => `to be ${w}`)}; nothing was sent to Garmin Connect`);
  else say(`Garmin Connect: ${summary}${result.weekStart ? ` (the week from ${result.weekStart})` : ''}; they sync to the watch with Garmin's app`);
}
