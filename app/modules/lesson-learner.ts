/**
 * Whose lesson progress a page or lesson action reads and writes (security review M2, walkthrough D1). Local mode:
 * the implicit learner of this machine (on a loopback Host only, L7). Classroom mode: the signed-in account, by
 * session cookie only; a signed-out visitor has no progress and records none (never the shared local-learner row).
 */
import { getPageUser } from "@/app/api/_shared/page-user";
import { getEnv } from "@/lib/env";

export type LessonLearner = { kind: "learner"; id: string } | { kind: "signed-out" };

export const SIGN_IN_FOR_PROGRESS =
  "Sign in (/login) to check your answers and record your progress: on this course server, progress belongs to your account.";

/** Local mode: the request reached us under a name that is not this machine's (security review L7). */
export const LOCAL_ADDRESS_ONLY =
  "Local mode records progress only when ClusterLab is opened at this machine's own address: use http://127.0.0.1:<port> (or localhost).";

export async function resolveLessonLearner(): Promise<LessonLearner> {
  // Both modes go through the page principal: local mode checks the Host there, classroom mode the session cookie.
  const principal = await getPageUser();
  return principal.kind === "user" ? { kind: "learner", id: principal.user.id } : { kind: "signed-out" };
}

/** What a signed-out caller of a lesson action is told, by mode. */
export function signedOutMessage(): string {
  return getEnv().CLUSTERLAB_MODE === "local" ? LOCAL_ADDRESS_ONLY : SIGN_IN_FOR_PROGRESS;
}
