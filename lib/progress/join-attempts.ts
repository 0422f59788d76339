/**
 * The join-code guessing throttle's storage (policy: JOIN_POLICY in lib/auth/rate-limit.ts). Failed attempts
 * (unknown codes) are JoinAttempt rows, so every app instance counts the same failures.
 *
 * Race-safe by construction: an attempt is recorded BEFORE the code is looked up and then counts every OTHER
 * recorded attempt it can see. Of any two concurrent attempts the one recorded second sees the first, so N
 * requests sent at once cannot all slip past the limit between "count" and "record". (Ordering by timestamp
 * instead is not safe: a request can take its timestamp first and insert second, and then neither sees the
 * other. Tested: 25 at once let 15 through.) The price: a burst larger than the limit may be refused whole.
 * The row is removed again when the attempt turns out not to be a failure: the code was right, or the attempt
 * was refused (refusals must not extend a lock-out, and a refused burst leaves nothing behind).
 */
import type { Prisma } from "@/generated/prisma/client";
import { decideThrottle, JOIN_POLICY, reopeningOffset, windowStart, type BucketCount, type ThrottleVerdict } from "@/lib/auth/rate-limit";
import type { ClassroomDb } from "./db-types";

export type JoinAttemptTicket = { attemptId: string; verdict: ThrottleVerdict };

/**
 * Record an attempt by `userId` from `address` ("" = unknown: only the per-user bucket applies) and decide
 * whether it may go ahead. Refused attempts are forgotten at once (they must not extend the lock-out); an
 * allowed one stays recorded as a failure until settleJoinAttempt says otherwise.
 */
export async function beginJoinAttempt(db: ClassroomDb, input: { userId: string; address: string; now: Date }): Promise<JoinAttemptTicket> {
  const address = input.address.slice(0, 100);
  const row = await db.joinAttempt.create({ data: { userId: input.userId, address, createdAt: input.now }, select: { id: true } });
  const since = windowStart(JOIN_POLICY, input.now);
  const [identity, byAddress] = await Promise.all([
    joinBucket(db, { userId: input.userId, createdAt: { gt: since } }, row.id, JOIN_POLICY.maxPerIdentity),
    address ? joinBucket(db, { address, createdAt: { gt: since } }, row.id, JOIN_POLICY.maxPerAddress) : Promise.resolve(undefined),
  ]);
  const verdict = decideThrottle(JOIN_POLICY, { identity, address: byAddress, now: input.now });
  if (!verdict.allowed) await forgetJoinAttempt(db, row.id);
  return { attemptId: row.id, verdict };
}

/** Keep the row when the code was unknown (a failure that counts); remove it otherwise. */
export async function settleJoinAttempt(db: ClassroomDb, attemptId: string, failed: boolean): Promise<void> {
  if (!failed) await forgetJoinAttempt(db, attemptId);
}

async function forgetJoinAttempt(db: ClassroomDb, attemptId: string): Promise<void> {
  await db.joinAttempt.deleteMany({ where: { id: attemptId } });
}

/**
 * Failures in a bucket other than the attempt being decided (in flight or done) and, for a full bucket, the
 * failure whose expiry reopens it.
 */
async function joinBucket(db: ClassroomDb, where: Prisma.JoinAttemptWhereInput, selfId: string, limit: number): Promise<BucketCount> {
  const others: Prisma.JoinAttemptWhereInput = { AND: [where, { id: { not: selfId } }] };
  const failures = await db.joinAttempt.count({ where: others });
  if (failures < limit) return { failures, reopeningFailureAt: undefined };
  const reopening = await db.joinAttempt.findFirst({ where: others, orderBy: { createdAt: "asc" }, skip: reopeningOffset(failures, limit), select: { createdAt: true } });
  return { failures, reopeningFailureAt: reopening?.createdAt };
}
