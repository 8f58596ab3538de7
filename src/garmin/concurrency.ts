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

/**
 * Writes items in batches: an item added while a batch is being written waits for the next
 * one, which takes every item that arrived meanwhile. With N fetches in flight this turns N
 * commits into about one (a commit is most of a small write's cost on PGlite) while each
 * item is still written as soon as the writer is free. `add` resolves once its batch is
 * written and rejects with that batch's error.
 */
export function batchingWriter<T>(flush: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let pending: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await flush(batch.map((p) => p.item));
        batch.forEach((p) => p.resolve());
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
