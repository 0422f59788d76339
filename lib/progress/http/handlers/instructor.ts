/**
 * Instructor views of one cohort: the matrix, per-check analytics, a learner drill-down, CSV and xAPI
 * exports. Allowed for admins and for instructors enrolled as instructor in THIS cohort.
 */
import { analyseChecks, buildCohortMatrix, type CohortMatrix } from "../../analytics";
import type { AttemptRecord } from "../../attempt-types";
import { canInstructCohort, getCohort, isCohortLearner, lessonsDoneByLearners, listCohortLearners } from "../../cohorts";
import { attemptsToCsv, matrixToCsv } from "../../exports/csv";
import { attemptsToXapi } from "../../exports/xapi";
import { listAttemptReportsOfUser, listAttemptsOfUsers, type CheckTitles } from "../../lab-attempts";
import type { LabCatalog } from "../../lab-catalog";
import type { ApiContext, ApiHandler, RouteParams } from "../context";
import { csvKindSchema, idParamSchema, readPageParam } from "../inputs";
import { requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { baseHeaders, HttpError, json } from "../respond";

async function requireCohortInstructor(request: Request, ctx: ApiContext, params: RouteParams): Promise<{ cohortId: string; cohortName: string }> {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const id = idParamSchema.safeParse(params.cohortId);
  if (!id.success) throw new HttpError(400, "The cohort id in the URL is malformed.", ["cohortId: is not an id"]);
  if (!(await canInstructCohort(ctx.db, user, id.data))) {
    throw new HttpError(user.role === "admin" ? 404 : 403, user.role === "admin" ? "No cohort has this id." : "You are not an instructor of this cohort.");
  }
  const cohort = await getCohort(ctx.db, id.data);
  if (!cohort) throw new HttpError(404, "No cohort has this id.");
  return { cohortId: cohort.id, cohortName: cohort.name };
}

export function checkTitles(labs: LabCatalog): CheckTitles {
  return new Map(labs.list().flatMap((lab) => lab.checks.map((check) => [`${lab.id}\u0000${check.id}`, check.title] as const)));
}

/** The cohort's matrix and all its learners' attempts (also used by the /instructor page). */
export async function loadCohort(ctx: ApiContext, cohortId: string): Promise<{ matrix: CohortMatrix; attempts: Array<AttemptRecord> }> {
  const learners = await listCohortLearners(ctx.db, cohortId);
  const ids = learners.map((l) => l.id);
  const [attempts, lessonsDone] = await Promise.all([listAttemptsOfUsers(ctx.db, ids, checkTitles(ctx.labs)), lessonsDoneByLearners(ctx.db, ids)]);
  const lessonIds = [...new Set([...lessonsDone.values()].flatMap((set) => [...set]))].sort();
  const matrix = buildCohortMatrix({ learners, attempts, labIds: ctx.labs.list().map((lab) => lab.id), lessonIds, lessonsDoneByLearner: lessonsDone });
  return { matrix, attempts };
}

/** Maps and Sets do not survive JSON.stringify: spell the matrix out. */
export function matrixToJson(matrix: CohortMatrix) {
  return {
    labIds: matrix.labIds,
    lessonIds: matrix.lessonIds,
    rows: matrix.rows.map((row) => ({
      learner: row.learner,
      lessonsDone: [...row.lessonsDone].sort(),
      labs: Object.fromEntries([...row.labs.entries()].map(([labId, s]) => [labId, { ...s, lastAttemptAt: s.lastAttemptAt.toISOString() }])),
    })),
  };
}

export const cohortMatrix: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const { matrix } = await loadCohort(ctx, cohort.cohortId);
  return json(200, { cohort: { id: cohort.cohortId, name: cohort.cohortName }, matrix: matrixToJson(matrix) });
};

export const cohortAnalytics: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const { attempts } = await loadCohort(ctx, cohort.cohortId);
  return json(200, { cohort: { id: cohort.cohortId, name: cohort.cohortName }, checks: analyseChecks(attempts) });
};

export const learnerDrillDown: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const learnerId = idParamSchema.safeParse(params.userId);
  if (!learnerId.success || !(await isCohortLearner(ctx.db, cohort.cohortId, learnerId.data))) {
    throw new HttpError(404, "This cohort has no learner with this id.");
  }
  const page = await listAttemptReportsOfUser(ctx.db, learnerId.data, readPageParam(new URL(request.url).searchParams.get("page")));
  return json(200, { attempts: page.attempts, page: page.page, pageSize: page.pageSize, hasMore: page.hasMore });
};

export const exportCsv: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const kind = csvKindSchema.safeParse(new URL(request.url).searchParams.get("kind") ?? "matrix");
  if (!kind.success) throw new HttpError(400, "Choose ?kind=matrix or ?kind=attempts.", ["kind: must be matrix or attempts"]);
  const { matrix, attempts } = await loadCohort(ctx, cohort.cohortId);
  const body = kind.data === "matrix" ? matrixToCsv(matrix) : attemptsToCsv(attempts);
  return new Response(body, {
    status: 200,
    headers: {
      ...baseHeaders,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="cohort-${cohort.cohortId}-${kind.data}.csv"`,
    },
  });
};

export const exportXapi: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const { attempts } = await loadCohort(ctx, cohort.cohortId);
  const base = ctx.publicOrigin ?? new URL(request.url).origin;
  return json(200, attemptsToXapi(attempts, base), { "content-disposition": `attachment; filename="cohort-${cohort.cohortId}-xapi.json"` });
};
