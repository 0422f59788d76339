/**
 * Who may see what on the server-rendered pages, decided in one place so the authorisation-matrix suite can check
 * the pages' rules as well as the API's (security review M1). The pages call these and render the verdict.
 */
import { isStaff } from "@/lib/auth/roles";
import { canInstructCohort, isCohortLearner, listCohortsFor } from "../cohorts";
import type { ApiContext } from "./context";
import { idParamSchema } from "./inputs";
import type { PagePrincipal } from "./page-principal";

type SignedIn = Extract<PagePrincipal, { kind: "user" }>;

export type ProgressPageAccess = { kind: "sign-in" } | { kind: "ok"; principal: SignedIn };

export function progressPageAccess(principal: PagePrincipal): ProgressPageAccess {
  return principal.kind === "anonymous" ? { kind: "sign-in" } : { kind: "ok", principal };
}

export type InstructorPageAccess =
  | { kind: "local-mode" }
  | { kind: "sign-in" }
  | { kind: "not-staff" }
  /** `cohortId`: the cohort shown (requested and instructed, else the first instructed); `learnerId`: the drill-down, only for a learner of that cohort. */
  | {
      kind: "ok";
      principal: SignedIn;
      cohorts: Awaited<ReturnType<typeof listCohortsFor>>;
      cohortId: string | undefined;
      refusedCohort: boolean;
      learnerId: string | undefined;
    };

export async function instructorPageAccess(
  principal: PagePrincipal,
  ctx: ApiContext,
  query: { cohort?: string; learner?: string },
): Promise<InstructorPageAccess> {
  if (ctx.mode !== "classroom") return { kind: "local-mode" };
  if (principal.kind === "anonymous") return { kind: "sign-in" };
  if (!isStaff(principal.user.role)) return { kind: "not-staff" };
  const cohorts = (await listCohortsFor(ctx.db, principal.user)).filter((c) => c.role !== "learner");
  const requested = idParamSchema.safeParse(query.cohort ?? cohorts[0]?.id);
  const cohortId =
    requested.success && (await canInstructCohort(ctx.db, principal.user, requested.data)) ? requested.data : undefined;
  const learner = idParamSchema.safeParse(query.learner);
  const learnerId =
    cohortId && learner.success && (await isCohortLearner(ctx.db, cohortId, learner.data)) ? learner.data : undefined;
  return {
    kind: "ok",
    principal,
    cohorts,
    cohortId,
    refusedCohort: query.cohort !== undefined && cohortId === undefined,
    learnerId,
  };
}
