/** Sign up, sign in, sign out, and "who am I" (classroom mode). */
import { serializeClearedSessionCookie, serializeSessionCookie } from "@/lib/auth/cookies";
import { getDecoyHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { describeWait } from "@/lib/auth/rate-limit";
import { checkLoginThrottle, createAccount, createSession, deleteSession, findUserByEmail, normaliseEmail, recordLoginAttempt } from "../../accounts";
import { listCohortsFor } from "../../cohorts";
import { isUniqueViolation } from "../../db-types";
import { sweepOpportunistically } from "../../sweep";
import { parseJsonBody } from "../body";
import type { ApiHandler } from "../context";
import { loginSchema, signupSchema } from "../inputs";
import { clientAddress, requireClassroom, requireSameOrigin, resolvePrincipal } from "../principal";
import { json, HttpError } from "../respond";

export const signup: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  requireSameOrigin(request, ctx);
  const input = await parseJsonBody(request, signupSchema);
  const role = ctx.adminEmails.has(normaliseEmail(input.email)) ? "admin" : "learner";
  let user;
  try {
    user = await createAccount(ctx.db, { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), role });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, "An account with this email already exists. Sign in instead (/login).");
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
  const throttle = await checkLoginThrottle(ctx.db, input.email, address, now);
  if (!throttle.allowed) {
    throw new HttpError(429, `Too many failed sign-ins. Wait ${describeWait(throttle.retryAfterSeconds)} and try again.`, [], { "retry-after": String(throttle.retryAfterSeconds) });
  }
  const user = await findUserByEmail(ctx.db, input.email);
  // Same work whether or not the account exists, so timing does not reveal which emails have accounts.
  const valid = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  const succeeded = valid && user !== undefined && user.passwordHash !== null;
  await recordLoginAttempt(ctx.db, { email: input.email, address, succeeded, now });
  // Logins create sessions and attempt rows: the natural moment to delete expired ones (bounded, once a minute).
  await sweepOpportunistically(ctx.db, now);
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
