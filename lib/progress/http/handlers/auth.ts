/** Sign up, sign in, sign out, and "who am I" (classroom mode). */
import { serializeClearedSessionCookie, serializeSessionCookie } from "@/lib/auth/cookies";
import { getDecoyHash, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { describeWait } from "@/lib/auth/rate-limit";
import { createAccount, createSession, deleteSession, findUserByEmail, upgradePasswordHash } from "../../accounts";
import { listCohortsFor } from "../../cohorts";
import { isUniqueViolation } from "../../db-types";
import { beginLoginAttempt, settleLoginAttempt } from "../../login-attempts";
import { sweepOpportunistically } from "../../sweep";
import { beginSignupAttempt } from "../../signup-attempts";
import { settleAfterOutcome } from "../../throttled-attempts";
import { parseJsonBody } from "@/lib/http/body";
import type { ApiHandler } from "../context";
import { loginSchema, signupSchema } from "../inputs";
import { clientAddress, requireClassroom, requireSameOrigin, resolvePrincipal } from "../principal";
import { json, HttpError } from "../respond";

export const signup: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  requireSameOrigin(request, ctx);
  const input = await parseJsonBody(request, signupSchema);
  // Counted before any work (security review M5): per client address and for the whole server.
  const ticket = await beginSignupAttempt(ctx.db, { address: clientAddress(request, ctx), now: ctx.now() });
  if (!ticket.verdict.allowed) {
    const wait = ticket.verdict.retryAfterSeconds;
    throw new HttpError(
      429,
      `Too many sign-ups from your network or on this server in the last hour. Wait ${describeWait(wait)} and try again, or ask your instructor.`,
      [],
      { "retry-after": String(wait) },
    );
  }
  // Never a raised role here (security review H1): sign-up proves nothing about who owns the address.
  // Admins are made with `clusterlab admin grant <email>` (lib/progress/admins.ts).
  let user;
  try {
    user = await createAccount(ctx.db, {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      role: "learner",
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpError(409, "An account with this email already exists. Sign in instead (/login).");
    throw error;
  }
  const session = await createSession(ctx.db, user.id, ctx.now());
  return json(201, { user }, { "set-cookie": serializeSessionCookie(session.secret, session.expiresAt) });
};

export const login: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  // Login CSRF: a foreign page must not sign the browser into an attacker's account.
  requireSameOrigin(request, ctx);
  const input = await parseJsonBody(request, loginSchema);
  const now = ctx.now();
  const address = clientAddress(request, ctx);
  // Recorded before the password is checked, so a burst of simultaneous guesses cannot overshoot the limit
  // (lib/progress/throttled-attempts.ts). Once blocked, the right password is refused too.
  const ticket = await beginLoginAttempt(ctx.db, { email: input.email, address, now });
  if (!ticket.verdict.allowed) {
    const wait = ticket.verdict.retryAfterSeconds;
    throw new HttpError(429, `Too many failed sign-ins. Wait ${describeWait(wait)} and try again.`, [], {
      "retry-after": String(wait),
    });
  }
  let user: Awaited<ReturnType<typeof findUserByEmail>>;
  let valid: boolean;
  try {
    user = await findUserByEmail(ctx.db, input.email);
    // Same work whether or not the account exists, so timing does not reveal which emails have accounts.
    valid = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  } catch (error) {
    // Not the user's failure (e.g. the database went away): it must not count against them.
    await settleLoginAttempt(ctx.db, ticket.attemptId, "unanswered").catch(() => undefined);
    throw error;
  }
  const succeeded = valid && user !== undefined && user.passwordHash !== null;
  // Hashes made with older parameters are upgraded while the password is at hand (security review M7).
  if (succeeded && user?.passwordHash && needsRehash(user.passwordHash))
    await upgradePasswordHash(ctx.db, user.id, input.password);
  // The outcome is known: a failing settle is logged, never turned into a 500 for a right password.
  await settleAfterOutcome("a sign-in", () =>
    settleLoginAttempt(ctx.db, ticket.attemptId, succeeded ? "succeeded" : "failed"),
  );
  // Logins create sessions and attempt rows: the natural moment to delete expired ones (bounded, once a minute).
  // Not awaited: the sweep logs its own failures and never throws, and the answer need not wait for it.
  void sweepOpportunistically(ctx.db, now);
  if (!succeeded || !user) throw new HttpError(401, "The email or password is wrong.");
  const session = await createSession(ctx.db, user.id, now);
  const { passwordHash: _hash, ...account } = user;
  return json(200, { user: account }, { "set-cookie": serializeSessionCookie(session.secret, session.expiresAt) });
};

export const logout: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const principal = await resolvePrincipal(request, ctx);
  if (principal.kind === "user" && principal.sessionSecret) await deleteSession(ctx.db, principal.sessionSecret);
  return json(200, { signedOut: true }, { "set-cookie": serializeClearedSessionCookie() });
};

/** Also used by `clusterlab login` to check a token: answers for token, session and local callers. */
export const me: ApiHandler = async (request, ctx) => {
  const principal = await resolvePrincipal(request, ctx);
  if (principal.kind === "anonymous") throw new HttpError(401, "Not signed in.");
  const cohorts = principal.via === "token" ? [] : await listCohortsFor(ctx.db, principal.user);
  return json(200, { mode: ctx.mode, via: principal.via, user: principal.user, cohorts });
};
