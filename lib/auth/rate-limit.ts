/**
 * Throttling policies for guessable secrets: passwords (login) and cohort join codes. The counts come from the
 * database (LoginAttempt, JoinAttempt; see lib/progress/login-attempts.ts and lib/progress/join-attempts.ts), not from
 * memory, so a limit holds when several app instances sit behind one load balancer.
 * Each policy has two buckets of failures inside a sliding window: one per identity (stops guessing one password,
 * or one learner trying codes) and one per client address (stops spraying from one machine).
 */
export type ThrottlePolicy = {
  windowMs: number;
  /** Failures per identity (an account's email for login, a user for join codes) inside the window. */
  maxPerIdentity: number;
  /** Failures per client address inside the window. */
  maxPerAddress: number;
};

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export const LOGIN_POLICY: ThrottlePolicy = {
  windowMs: LOGIN_WINDOW_MS,
  maxPerIdentity: MAX_FAILURES_PER_ACCOUNT,
  maxPerAddress: MAX_FAILURES_PER_ADDRESS,
};

/**
 * Join codes: 8 characters from 31 (≈ 40 bits). A learner mistyping a code a few times must not be locked out, so
 * the per-user limit is higher than login's; 10 guesses per user and 60 per address per 15 minutes make finding
 * one of even thousands of live codes a matter of centuries.
 */
export const JOIN_POLICY: ThrottlePolicy = { windowMs: 15 * 60 * 1000, maxPerIdentity: 10, maxPerAddress: 60 };

/**
 * Sign-ups (security review M5): every one counts, successful or not, since each costs an argon2 hash and may create
 * an account. The "identity" bucket is the whole server (a class signs up once, a few hundred people an hour at most);
 * the address bucket allows a classroom behind one NAT to sign up together (60 an hour) but not a script.
 */
export const SIGNUP_POLICY: ThrottlePolicy = { windowMs: 60 * 60 * 1000, maxPerIdentity: 600, maxPerAddress: 60 };

/**
 * One bucket's state: how many failures are inside the window, and when the failure whose expiry reopens the
 * bucket was made (the (failures - limit + 1)-th oldest; the caller reads it only for a full bucket).
 */
export type BucketCount = { failures: number; reopeningFailureAt: Date | undefined };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The counts a policy decides on. An address bucket of `undefined` means the address is unknown: not counted. */
export type ThrottleCounts = { identity: BucketCount; address: BucketCount | undefined; now: Date };

export function decideThrottle(policy: ThrottlePolicy, counts: ThrottleCounts): ThrottleVerdict {
  const full: Array<BucketCount> = [];
  if (counts.identity.failures >= policy.maxPerIdentity) full.push(counts.identity);
  if (counts.address && counts.address.failures >= policy.maxPerAddress) full.push(counts.address);
  if (full.length === 0) return { allowed: true };
  // Blocked until EVERY full bucket has reopened: the latest reopening time wins.
  const reopensAt = Math.max(
    ...full.map((bucket) => (bucket.reopeningFailureAt ?? counts.now).getTime() + policy.windowMs),
  );
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((reopensAt - counts.now.getTime()) / 1000)) };
}

/** How many of the oldest failures to skip to reach the one whose expiry reopens a full bucket (0 when not over). */
export function reopeningOffset(failures: number, limit: number): number {
  return Math.max(0, failures - limit);
}

export function windowStart(policy: ThrottlePolicy, now: Date): Date {
  return new Date(now.getTime() - policy.windowMs);
}

/** "Wait 3 minute(s)" for a Retry-After in seconds: what a person reads, rounded up so it is never too early. */
export function describeWait(retryAfterSeconds: number): string {
  if (retryAfterSeconds < 60) return `${retryAfterSeconds} second(s)`;
  return `${Math.ceil(retryAfterSeconds / 60)} minute(s)`;
}
