/**
 * The sign-up throttle's storage (policy: SIGNUP_POLICY in lib/auth/rate-limit.ts): SignupAttempt rows, so every app
 * instance counts the same sign-ups. Record-first and race-safe (./throttled-attempts.ts). Every sign-up counts,
 * whatever its outcome: the bucket limits the work and the accounts, not wrong guesses. The "identity" bucket is the
 * whole server; the address bucket is the client's.
 */
import type { Prisma } from "@/generated/prisma/client";
import { SIGNUP_POLICY } from "@/lib/auth/rate-limit";
import type { ClassroomDb } from "./db-types";
import { beginThrottledAttempt, type AttemptTicket } from "./throttled-attempts";

export async function beginSignupAttempt(
  db: ClassroomDb,
  input: { address: string; now: Date },
): Promise<AttemptTicket> {
  const address = input.address.slice(0, 100);
  return beginThrottledAttempt<Prisma.SignupAttemptWhereInput>(
    {
      policy: SIGNUP_POLICY,
      rows: db.signupAttempt,
      record: async () =>
        (await db.signupAttempt.create({ data: { address, createdAt: input.now }, select: { id: true } })).id,
      buckets: (selfId, since) => ({
        identity: { createdAt: { gt: since }, id: { not: selfId } },
        address: address ? { address, createdAt: { gt: since }, id: { not: selfId } } : undefined,
      }),
    },
    input.now,
  );
}
