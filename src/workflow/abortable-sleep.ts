/**
 * Waits `ms`, or less when `signal` aborts: then it rejects with the signal's reason (not a
 * generic AbortError), so callers see why the run stopped. Shared by the model call's
 * backoff and the workers' shared rate limits.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
