/**
 * The login throttle's storage (policy: LOGIN_POLICY in lib/auth/rate-limit.ts): LoginAttempt rows, so every app
 * instance counts the same failures. Record-first and race-safe: see ./throttled-attempts.ts. A row is inserted
 * with succeeded = false before the password is checked, so an attempt in flight counts as a failure for the
 * attempts that run beside it; a sign-in that works flips it to succeeded = true (no longer counted).
 */
import type { Prisma } from "@/generated/prisma/client";
import { LOGIN_POLICY } from "@/lib/auth/rate-limit";
import { normaliseEmail } from "./accounts";
import type { ClassroomDb } from "./db-types";
import { beginThrottledAttempt, forgetAttempt, type AttemptTicket } from "./throttled-attempts";

export type LoginAttemptTicket = AttemptTicket;

/**
 * How an allowed attempt ended: the password was right, it was wrong (or the account does not exist), or there
 * was no answer (the check itself failed, e.g. the database went away: not the user's failure, so not counted).
 */
export type LoginOutcome = "succeeded" | "failed" | "unanswered";

/**
 * Record a sign-in attempt for `email` from `address` ("" = unknown: only the per-account bucket applies) and
 * decide whether the password may be checked. Refused attempts are forgotten at once (they must not extend the
 * lock-out); an allowed one counts as a failure until settleLoginAttempt says otherwise.
 */
export async function beginLoginAttempt(
  db: ClassroomDb,
  input: { email: string; address: string; now: Date },
): Promise<LoginAttemptTicket> {
  const email = normaliseEmail(input.email).slice(0, 320);
  const address = input.address.slice(0, 100);
  return beginThrottledAttempt<Prisma.LoginAttemptWhereInput>(
    {
      policy: LOGIN_POLICY,
      rows: db.loginAttempt,
      record: async () =>
        (
          await db.loginAttempt.create({
            data: { email, address, succeeded: false, createdAt: input.now },
            select: { id: true },
          })
        ).id,
      buckets: (selfId, since) => ({
        identity: { email, succeeded: false, createdAt: { gt: since }, id: { not: selfId } },
        address: address ? { address, succeeded: false, createdAt: { gt: since }, id: { not: selfId } } : undefined,
      }),
    },
    input.now,
  );
}

/** A failure keeps its row; a success is kept as one (succeeded = true); an unanswered attempt leaves no row. */
export async function settleLoginAttempt(db: ClassroomDb, attemptId: string, outcome: LoginOutcome): Promise<void> {
  if (outcome === "succeeded")
    await db.loginAttempt.updateMany({ where: { id: attemptId }, data: { succeeded: true } });
  if (outcome === "unanswered") await forgetAttempt(db.loginAttempt, attemptId);
}
