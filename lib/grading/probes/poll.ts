/**
 * Bounded polling for graders. Clusters converge over time (heartbeats, joins, failure detection), so a
 * check asks "until when may this take?" and polls with a deadline, never a fixed sleep. The last value
 * is returned either way: when the deadline passes, it is the evidence of what the cluster showed.
 */
import { sleep } from "@/lib/carbon-node/data-store";
export type PollResult<T> = { satisfied: boolean; value: T; elapsedMs: number; attempts: number };

export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<PollResult<T>> {
  const started = Date.now();
  const interval = options.intervalMs ?? 250;
  let attempts = 0;
  for (;;) {
    attempts++;
    const value = await read();
    const elapsedMs = Date.now() - started;
    if (done(value)) return { satisfied: true, value, elapsedMs, attempts };
    if (elapsedMs + interval > options.timeoutMs || options.signal?.aborted)
      return { satisfied: false, value, elapsedMs, attempts };
    await sleep(interval, options.signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts: the training node's sleep, one copy for both sides. */
export { sleep };
