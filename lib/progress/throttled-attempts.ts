/**
 * Record-first throttling of guessable secrets, shared by login (./login-attempts.ts, LoginAttempt) and cohort
 * join codes (./join-attempts.ts, JoinAttempt). Policies and the verdict: lib/auth/rate-limit.ts.
 *
 * Race-safe by construction: an attempt is recorded BEFORE the secret is checked, counting as a failure while in
 * flight, and then counts every OTHER recorded failure it can see. Of any two concurrent attempts the one recorded
 * second sees the first, so N requests sent at once cannot all slip past the limit between "count" and "record".
 * (Ordering by timestamp instead is not safe: a request can take its timestamp first and insert second, and then
 * neither sees the other. Tested: 25 wrong join codes at once let 15 through.) The price: a burst larger than the
 * limit may be refused whole. A refused attempt's row is removed at once: refusals must not extend a lock-out, and
 * a refused burst leaves nothing behind. How an allowed attempt is settled (kept as a failure, removed, marked as a
 * success) is the caller's business.
 */
import {
  decideThrottle,
  reopeningOffset,
  windowStart,
  type BucketCount,
  type ThrottlePolicy,
  type ThrottleVerdict,
} from "@/lib/auth/rate-limit";

export type AttemptTicket = { attemptId: string; verdict: ThrottleVerdict };

/**
 * The part of a Prisma model delegate (db.loginAttempt, db.joinAttempt) the throttle reads and deletes through.
 * `Where` is that model's WhereInput.
 */
export type AttemptRows<Where> = {
  count(args: { where: Where }): PromiseLike<number>;
  findFirst(args: {
    where: Where;
    orderBy: { createdAt: "asc" };
    skip: number;
    select: { createdAt: true };
  }): PromiseLike<{ createdAt: Date } | null>;
  deleteMany(args: { where: { id: string } }): PromiseLike<unknown>;
};

/** One kind of throttled attempt: its table, its policy, how to record one, and which rows fill its buckets. */
export type ThrottledAttempt<Where> = {
  policy: ThrottlePolicy;
  rows: AttemptRows<Where>;
  /** Insert the attempt as a failure (the state it counts as until settled) and return its id. */
  record(): Promise<string>;
  /**
   * The failures inside the window (createdAt > since) in each bucket, excluding `selfId`. An address bucket of
   * `undefined` means the client address is unknown: then only the identity bucket applies, otherwise every
   * such client would share one bucket and one attacker could lock everybody out.
   */
  buckets(selfId: string, since: Date): { identity: Where; address: Where | undefined };
};

/** Record an attempt, then decide on the failures it can see; a refused attempt is forgotten before returning. */
export async function beginThrottledAttempt<Where>(
  attempt: ThrottledAttempt<Where>,
  now: Date,
): Promise<AttemptTicket> {
  const attemptId = await attempt.record();
  const where = attempt.buckets(attemptId, windowStart(attempt.policy, now));
  const [identity, address] = await Promise.all([
    bucketCount(attempt.rows, where.identity, attempt.policy.maxPerIdentity),
    where.address === undefined
      ? Promise.resolve(undefined)
      : bucketCount(attempt.rows, where.address, attempt.policy.maxPerAddress),
  ]);
  const verdict = decideThrottle(attempt.policy, { identity, address, now });
  if (!verdict.allowed) await forgetAttempt(attempt.rows, attemptId);
  return { attemptId, verdict };
}

/** Remove an attempt's row: it was refused, it turned out not to be a failure, or it never got an answer. */
export async function forgetAttempt<Where>(rows: AttemptRows<Where>, attemptId: string): Promise<void> {
  await rows.deleteMany({ where: { id: attemptId } });
}

/** A bucket's failure count and, only when it is full, the failure whose expiry reopens it. */
async function bucketCount<Where>(rows: AttemptRows<Where>, where: Where, limit: number): Promise<BucketCount> {
  const failures = await rows.count({ where });
  if (failures < limit) return { failures, reopeningFailureAt: undefined };
  const reopening = await rows.findFirst({
    where,
    orderBy: { createdAt: "asc" },
    skip: reopeningOffset(failures, limit),
    select: { createdAt: true },
  });
  return { failures, reopeningFailureAt: reopening?.createdAt };
}

/**
 * Record an attempt's outcome once the answer is already known (the password was right, the learner joined, the
 * code was wrong). A failure here (the database hiccuped) must not turn that answer into a 500: it is logged, and
 * the row simply stays what it was recorded as, a failure, until its window ends or a sweep deletes it.
 */
export async function settleAfterOutcome(what: string, settle: () => Promise<void>): Promise<void> {
  try {
    await settle();
  } catch (error) {
    console.error(
      `[throttle] recording the outcome of ${what} failed; it stays counted as a failure until its window ends:`,
      error instanceof Error ? error.message : error,
    );
  }
}
