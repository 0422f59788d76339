/**
 * The join-code guessing throttle's storage (policy: JOIN_POLICY in lib/auth/rate-limit.ts). Failed attempts
 * (unknown codes) are JoinAttempt rows, so every app instance counts the same failures. Record-first and
 * race-safe: see ./throttled-attempts.ts. Only failures matter here, so an attempt that was not one (the code
 * was right, or the lookup itself failed) leaves no row.
 */
import type { Prisma } from "@/generated/prisma/client";
import { JOIN_POLICY } from "@/lib/auth/rate-limit";
import type { ClassroomDb } from "./db-types";
import { beginThrottledAttempt, forgetAttempt, type AttemptTicket } from "./throttled-attempts";

export type JoinAttemptTicket = AttemptTicket;

/**
 * Record an attempt by `userId` from `address` ("" = unknown: only the per-user bucket applies) and decide
 * whether it may go ahead. Refused attempts are forgotten at once (they must not extend the lock-out); an
 * allowed one stays recorded as a failure until settleJoinAttempt says otherwise.
 */
export async function beginJoinAttempt(
  db: ClassroomDb,
  input: { userId: string; address: string; now: Date },
): Promise<JoinAttemptTicket> {
  const address = input.address.slice(0, 100);
  return beginThrottledAttempt<Prisma.JoinAttemptWhereInput>(
    {
      policy: JOIN_POLICY,
      rows: db.joinAttempt,
      record: async () =>
        (
          await db.joinAttempt.create({
            data: { userId: input.userId, address, createdAt: input.now },
            select: { id: true },
          })
        ).id,
      buckets: (selfId, since) => ({
        identity: { userId: input.userId, createdAt: { gt: since }, id: { not: selfId } },
        address: address ? { address, createdAt: { gt: since }, id: { not: selfId } } : undefined,
      }),
    },
    input.now,
  );
}

/** Keep the row when the code was unknown (a failure that counts); remove it otherwise. */
export async function settleJoinAttempt(db: ClassroomDb, attemptId: string, failed: boolean): Promise<void> {
  if (!failed) await forgetAttempt(db.joinAttempt, attemptId);
}
