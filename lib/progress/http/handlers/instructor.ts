/**
 * Instructor views of one cohort: the matrix, per-check analytics, a learner drill-down, CSV and xAPI
 * exports. Allowed for admins and for instructors enrolled as instructor in THIS cohort.
 */
import { analyseChecks, buildCohortMatrix, type CohortMatrix } from "../../analytics";
import type { AttemptRecord } from "../../attempt-types";
import {
  canInstructCohort,
  getCohort,
  isCohortLearner,
  lessonsDoneByLearners,
  listCohortLearners,
} from "../../cohorts";
import { listAssessmentAttemptsOfUsers } from "../../assessments";
import {
  assessmentsToCsv,
  assessmentToXapi,
  toAssessmentRecords,
  withAssessments,
  type AssessmentRecord,
} from "../../exports/assessments";
import { attemptsToCsv, matrixToCsv } from "../../exports/csv";
import { attemptsToXapi } from "../../exports/xapi";
import { listAttemptReportsOfUser, listAttemptsOfUsers, type CheckTitles } from "../../lab-attempts";
import type { LabCatalog } from "../../lab-catalog";
import type { ApiContext, ApiHandler, RouteParams } from "../context";
import { csvKindSchema, idParamSchema, readPageParam } from "../inputs";
import { requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { baseHeaders, HttpError, json } from "../respond";

async function requireCohortInstructor(
  request: Request,
  ctx: ApiContext,
  params: RouteParams,
): Promise<{ cohortId: string; cohortName: string }> {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const id = idParamSchema.safeParse(params.cohortId);
  if (!id.success) throw new HttpError(400, "The cohort id in the URL is malformed.", ["cohortId: is not an id"]);
  if (!(await canInstructCohort(ctx.db, user, id.data))) {
    throw new HttpError(
      user.role === "admin" ? 404 : 403,
      user.role === "admin" ? "No cohort has this id." : "You are not an instructor of this cohort.",
    );
  }
  const cohort = await getCohort(ctx.db, id.data);
  if (!cohort) throw new HttpError(404, "No cohort has this id.");
  return { cohortId: cohort.id, cohortName: cohort.name };
}

export function checkTitles(labs: LabCatalog): CheckTitles {
  return new Map(
    labs.list().flatMap((lab) => lab.checks.map((check) => [`${lab.id}\u0000${check.id}`, check.title] as const)),
  );
}

/** The cohort's matrix (with module assessment columns) and all its learners' attempts (also used by the /instructor page). */
export async function loadCohort(
  ctx: ApiContext,
  cohortId: string,
): Promise<{ matrix: CohortMatrix; attempts: Array<AttemptRecord>; assessments: Array<AssessmentRecord> }> {
  const learners = await listCohortLearners(ctx.db, cohortId);
  const ids = learners.map((l) => l.id);
  const [attempts, lessonsDone, assessmentRows] = await Promise.all([
    listAttemptsOfUsers(ctx.db, ids, checkTitles(ctx.labs)),
    lessonsDoneByLearners(ctx.db, ids),
    listAssessmentAttemptsOfUsers(ctx.db, ids),
  ]);
  const lessonIds = [...new Set([...lessonsDone.values()].flatMap((set) => [...set]))].sort();
  const labMatrix = buildCohortMatrix({
    learners,
    attempts,
    labIds: ctx.labs.list().map((lab) => lab.id),
    lessonIds,
    lessonsDoneByLearner: lessonsDone,
  });
  // Only modules someone attempted get a column: the course catalogue is not part of the API context.
  const matrix = withAssessments(labMatrix, assessmentRows, []);
  return { matrix, attempts, assessments: toAssessmentRecords(assessmentRows, learners) };
}

/** Maps and Sets do not survive JSON.stringify: spell the matrix out. */
export function matrixToJson(matrix: CohortMatrix) {
  return {
    labIds: matrix.labIds,
    lessonIds: matrix.lessonIds,
    rows: matrix.rows.map((row) => ({
      learner: row.learner,
      lessonsDone: [...row.lessonsDone].sort(),
      labs: Object.fromEntries(
        [...row.labs.entries()].map(([labId, s]) => [labId, { ...s, lastAttemptAt: s.lastAttemptAt.toISOString() }]),
      ),
      assessments: Object.fromEntries(
        [...(row.assessments ?? new Map()).entries()].map(([moduleId, s]) => [
          moduleId,
          {
            ...s,
            last: { ...s.last, at: s.last.at.toISOString() },
            firstPassedAt: s.firstPassedAt?.toISOString() ?? null,
          },
        ]),
      ),
    })),
    assessmentModuleIds: matrix.assessmentModuleIds ?? [],
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
  const page = await listAttemptReportsOfUser(
    ctx.db,
    learnerId.data,
    readPageParam(new URL(request.url).searchParams.get("page")),
  );
  return json(200, { attempts: page.attempts, page: page.page, pageSize: page.pageSize, hasMore: page.hasMore });
};

export const exportCsv: ApiHandler = async (request, ctx, params) => {
  const cohort = await requireCohortInstructor(request, ctx, params);
  const kind = csvKindSchema.safeParse(new URL(request.url).searchParams.get("kind") ?? "matrix");
  if (!kind.success)
    throw new HttpError(400, "Choose ?kind=matrix, ?kind=attempts or ?kind=assessments.", [
      "kind: must be matrix, attempts or assessments",
    ]);
  const { matrix, attempts, assessments } = await loadCohort(ctx, cohort.cohortId);
  const body =
    kind.data === "matrix"
      ? matrixToCsv(matrix)
      : kind.data === "attempts"
        ? attemptsToCsv(attempts)
        : assessmentsToCsv(assessments);
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
  const { attempts, assessments } = await loadCohort(ctx, cohort.cohortId);
  const base = ctx.publicOrigin ?? new URL(request.url).origin;
  const statements = [...attemptsToXapi(attempts, base), ...assessments.map((a) => assessmentToXapi(a, base))];
  return json(200, statements, { "content-disposition": `attachment; filename="cohort-${cohort.cohortId}-xapi.json"` });
};
