/**
 * A bound on expensive work running at once (security review M5): every sign-in and sign-up costs an argon2 hash of
 * 19 MiB, so a flood of them must not queue without limit, eat memory and starve every other request. Up to
 * `concurrency` jobs run; up to `queue` more wait; beyond that the caller is told at once to come back later.
 */
export class WorkSaturatedError extends Error {
  override name = "WorkSaturatedError";
  constructor(readonly retryAfterSeconds: number) {
    super("The server is busy checking other passwords right now.");
  }
}

export type WorkLimiter = {
  run<T>(job: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
};

export function createWorkLimiter(options: {
  concurrency: number;
  queue: number;
  retryAfterSeconds: number;
}): WorkLimiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (active >= options.concurrency) {
        if (waiting.length >= options.queue) throw new WorkSaturatedError(options.retryAfterSeconds);
        // The slot is handed over by release(), so `active` stays counted while the next job starts.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        active += 1;
      }
      try {
        return await job();
      } finally {
        release();
      }
    },
  };
}
