/** Cohorts: list mine, create one (instructors/admins), join one by code (anyone signed in). */
import { normaliseJoinCode } from "@/lib/auth/join-code";
import { isStaff } from "@/lib/auth/roles";
import { createCohort as createCohortRow, joinCohort as joinCohortRow, listCohortsFor } from "../../cohorts";
import { parseJsonBody } from "../body";
import type { ApiHandler } from "../context";
import { createCohortSchema, joinCohortSchema } from "../inputs";
import { requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { HttpError, json } from "../respond";

export const listCohorts: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  return json(200, { cohorts: await listCohortsFor(ctx.db, user) });
};

export const createCohort: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  if (!isStaff(user.role)) throw new HttpError(403, "Only instructors and admins can create cohorts. Ask an admin to make you an instructor.");
  const input = await parseJsonBody(request, createCohortSchema);
  return json(201, { cohort: await createCohortRow(ctx.db, user.id, input.name) });
};

export const joinCohort: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const input = await parseJsonBody(request, joinCohortSchema);
  const code = normaliseJoinCode(input.code);
  if (!code) throw new HttpError(400, "A join code is 8 letters and digits, e.g. K7QX-3MPA. Check what your instructor gave you.", ["code: not a join code"]);
  const outcome = await joinCohortRow(ctx.db, user.id, code);
  if (outcome.status === "unknown-code") throw new HttpError(404, "No cohort has this join code. Check it with your instructor.");
  return json(outcome.status === "joined" ? 201 : 200, outcome);
};
