/**
 * Every classroom API route, in one table. app/api/** route files are one-line adapters onto these handlers
 * (a unit test checks the two agree), and the node:http harness (node-server.ts) serves the same table for
 * the authorisation-matrix, durability tests and the benchmark.
 */
import type { ApiContext, ApiHandler, RouteParams } from "./context";
import { apiError } from "./respond";
import { runHandler } from "./run-handler";
import { setRole } from "./handlers/admin";
import { login, logout, me, signup } from "./handlers/auth";
import { createCohort, joinCohort, listCohorts } from "./handlers/cohorts";
import { cohortAnalytics, cohortMatrix, exportCsv, exportXapi, learnerDrillDown } from "./handlers/instructor";
import { myProgress } from "./handlers/learner";
import { submitAttempt } from "./handlers/submissions";
import { createToken, listTokens, revokeToken } from "./handlers/tokens";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type ApiRoute = { method: HttpMethod; path: string; handler: ApiHandler };

export const apiRoutes: ReadonlyArray<ApiRoute> = [
  { method: "POST", path: "/api/auth/signup", handler: signup },
  { method: "POST", path: "/api/auth/login", handler: login },
  { method: "POST", path: "/api/auth/logout", handler: logout },
  { method: "GET", path: "/api/me", handler: me },
  { method: "GET", path: "/api/tokens", handler: listTokens },
  { method: "POST", path: "/api/tokens", handler: createToken },
  { method: "DELETE", path: "/api/tokens/[tokenId]", handler: revokeToken },
  { method: "GET", path: "/api/cohorts", handler: listCohorts },
  { method: "POST", path: "/api/cohorts", handler: createCohort },
  { method: "POST", path: "/api/cohorts/join", handler: joinCohort },
  { method: "GET", path: "/api/cohorts/[cohortId]/matrix", handler: cohortMatrix },
  { method: "GET", path: "/api/cohorts/[cohortId]/analytics", handler: cohortAnalytics },
  { method: "GET", path: "/api/cohorts/[cohortId]/learners/[userId]", handler: learnerDrillDown },
  { method: "GET", path: "/api/cohorts/[cohortId]/export/csv", handler: exportCsv },
  { method: "GET", path: "/api/cohorts/[cohortId]/export/xapi", handler: exportXapi },
  { method: "GET", path: "/api/progress", handler: myProgress },
  { method: "POST", path: "/api/submissions", handler: submitAttempt },
  { method: "PUT", path: "/api/admin/users/[userId]/role", handler: setRole },
];

export type RouteMatch =
  { route: ApiRoute; params: RouteParams } | { route: undefined; allowed: Array<HttpMethod> } | undefined;

/** Static segments win over [params] (so /api/cohorts/join is never read as a cohort id). */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const segments = pathname.replace(/\/+$/, "").split("/");
  const allowed: Array<HttpMethod> = [];
  let found: { route: ApiRoute; params: Record<string, string>; dynamic: number } | undefined;
  for (const route of apiRoutes) {
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let dynamic = 0;
    const ok = pattern.every((part, index) => {
      const segment = segments[index] ?? "";
      const name = /^\[(\w+)\]$/.exec(part)?.[1];
      if (name) {
        dynamic += 1;
        params[name] = safeDecode(segment);
        return segment !== "";
      }
      return part === segment;
    });
    if (!ok) continue;
    if (route.method !== method.toUpperCase()) {
      allowed.push(route.method);
      continue;
    }
    if (!found || dynamic < found.dynamic) found = { route, params, dynamic };
  }
  if (found) return { route: found.route, params: found.params };
  return allowed.length > 0 ? { route: undefined, allowed } : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Route a Request through the table: 404 for an unknown path, 405 (with Allow) for a known path and wrong method. */
export async function dispatchApiRequest(request: Request, ctx: ApiContext): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const match = matchRoute(request.method, pathname);
  if (!match) return apiError(404, `No API route ${pathname}.`);
  if (!match.route)
    return apiError(405, `${request.method} is not allowed here; use ${match.allowed.join(" or ")}.`, [], {
      allow: match.allowed.join(", "),
    });
  return runHandler(match.route.handler, request, ctx, match.params);
}
