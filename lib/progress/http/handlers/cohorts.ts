/** Cohorts: list mine, create one (instructors/admins), join one by code (anyone signed in; wrong codes are throttled). */
import { normaliseJoinCode } from "@/lib/auth/join-code";
import { describeWait, JOIN_POLICY } from "@/lib/auth/rate-limit";
import { isStaff } from "@/lib/auth/roles";
import {
  createCohort as createCohortRow,
  joinCohort as joinCohortRow,
  listCohortsFor,
  type JoinOutcome,
} from "../../cohorts";
import { beginJoinAttempt, settleJoinAttempt } from "../../join-attempts";
import { sweepOpportunistically } from "../../sweep";
import { settleAfterOutcome } from "../../throttled-attempts";
import { parseJsonBody } from "@/lib/http/body";
import type { ApiHandler } from "../context";
import { createCohortSchema, joinCohortSchema } from "../inputs";
import { clientAddress, requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { HttpError, json } from "../respond";

export const listCohorts: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  return json(200, { cohorts: await listCohortsFor(ctx.db, user) });
};

export const createCohort: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  if (!isStaff(user.role))
    throw new HttpError(403, "Only instructors and admins can create cohorts. Ask an admin to make you an instructor.");
  const input = await parseJsonBody(request, createCohortSchema);
  return json(201, { cohort: await createCohortRow(ctx.db, user.id, input.name) });
};

export const joinCohort: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const input = await parseJsonBody(request, joinCohortSchema);
  const code = normaliseJoinCode(input.code);
  if (!code)
    throw new HttpError(
      400,
      "A join code is 8 letters and digits, e.g. K7QX-3MPA. Check what your instructor gave you.",
      ["code: not a join code"],
    );
  // Codes are guessable secrets: at most JOIN_POLICY failures per user and per address per window (./rate-limit).
  const now = ctx.now();
  const ticket = await beginJoinAttempt(ctx.db, { userId: user.id, address: clientAddress(request, ctx), now });
  if (!ticket.verdict.allowed) {
    const wait = ticket.verdict.retryAfterSeconds;
    throw new HttpError(
      429,
      `Too many wrong join codes from your account or your network in the last ${JOIN_POLICY.windowMs / 60_000} minutes, so joining is paused. Wait ${describeWait(wait)} and try again, with the code checked against what your instructor gave you.`,
      [],
      { "retry-after": String(wait) },
    );
  }
  let outcome: JoinOutcome;
  try {
    outcome = await joinCohortRow(ctx.db, user.id, code);
  } catch (error) {
    // Not the learner's failure (e.g. the database went away): it must not count against them.
    await settleJoinAttempt(ctx.db, ticket.attemptId, false).catch(() => undefined);
    throw error;
  }
  // The outcome is known: a failing settle is logged, never turned into a 500 for a successful join.
  await settleAfterOutcome("a cohort join", () =>
    settleJoinAttempt(ctx.db, ticket.attemptId, outcome.status === "unknown-code"),
  );
  if (outcome.status === "unknown-code") {
    // Not awaited, as in login: the sweep logs its own failures and never throws; the 404 need not wait for it.
    void sweepOpportunistically(ctx.db, now);
    throw new HttpError(
      404,
      `No cohort has this join code. Check it with your instructor (after ${JOIN_POLICY.maxPerIdentity} wrong codes, joining pauses for ${JOIN_POLICY.windowMs / 60_000} minutes).`,
    );
  }
  return json(outcome.status === "joined" ? 201 : 200, outcome);
};
