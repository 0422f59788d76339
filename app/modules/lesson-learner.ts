/**
 * Whose lesson progress a page or lesson action reads and writes (security review M2, walkthrough D1). Local mode:
 * the implicit learner of this machine. Classroom mode: the signed-in account, by session cookie only; a
 * signed-out visitor has no progress and records none (never the shared local-learner row).
 */
import { getPageUser } from "@/app/api/_shared/page-user";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getLocalLearner } from "@/lib/progress/lessons";

export type LessonLearner = { kind: "learner"; id: string } | { kind: "signed-out" };

export const SIGN_IN_FOR_PROGRESS = "Sign in (/login) to check your answers and record your progress: on this course server, progress belongs to your account.";

export async function resolveLessonLearner(): Promise<LessonLearner> {
  if (getEnv().CLUSTERLAB_MODE === "local") return { kind: "learner", id: (await getLocalLearner(getDb())).id };
  const principal = await getPageUser();
  return principal.kind === "user" ? { kind: "learner", id: principal.user.id } : { kind: "signed-out" };
}
