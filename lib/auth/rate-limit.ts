/**
 * Login throttling policy. The counts come from the LoginAttempt table (see lib/progress/login-attempts.ts),
 * not from memory, so the limit holds when several app instances sit behind one load balancer.
 * Two buckets: per account (stops guessing one password) and per client address (stops spraying many).
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export type ThrottleInput = {
  accountFailures: number;
  addressFailures: number;
  /** Oldest failure inside the window for whichever bucket is full; decides Retry-After. */
  oldestCountedFailureAt: Date | undefined;
  now: Date;
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideLoginThrottle(input: ThrottleInput): ThrottleVerdict {
  const full = input.accountFailures >= MAX_FAILURES_PER_ACCOUNT || input.addressFailures >= MAX_FAILURES_PER_ADDRESS;
  if (!full) return { allowed: true };
  const oldest = input.oldestCountedFailureAt ?? input.now;
  const reopensAt = oldest.getTime() + LOGIN_WINDOW_MS;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((reopensAt - input.now.getTime()) / 1000)) };
}

export function loginWindowStart(now: Date): Date {
  return new Date(now.getTime() - LOGIN_WINDOW_MS);
}
