/**
 * Small concurrency helpers for the sync: fetch from Garmin with a bounded number of requests
 * in flight, write to the database one at a time (PGlite is one connection; on a server the
 * per-day transactions stay short and ordered).
 */

/**
 * Runs `fn` over `items` with at most `limit` running at once. After the first failure no new
 * item starts; the ones in flight finish (their writes complete), then that failure is thrown.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

/** A queue that runs the tasks given to it one after another, whatever order they arrive in. */
export function serialQueue(): <R>(task: () => Promise<R>) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
