/**
 * The progress of whoever is looking (app/modules/lesson-learner.ts) for server-rendered pages; a storage failure
 * becomes a message, not a crashed page. A signed-out classroom visitor gets a sign-in hint instead.
 */
import { getDb } from "@/lib/db";
import { getLearnerProgress, type LearnerProgress } from "@/lib/progress/lessons";
import { getEnv } from "@/lib/env";
import { LOCAL_ADDRESS_ONLY, resolveLessonLearner } from "./lesson-learner";

export type LoadedProgress = { ok: true; value: LearnerProgress } | { ok: false; error: string; signedOut?: true };

export async function loadLearnerProgress(): Promise<LoadedProgress> {
  try {
    const learner = await resolveLessonLearner();
    if (learner.kind === "signed-out") {
      const error =
        getEnv().CLUSTERLAB_MODE === "local"
          ? LOCAL_ADDRESS_ONLY
          : "Sign in (/login) to see and record your progress on this course server.";
      return { ok: false, signedOut: true, error };
    }
    return { ok: true, value: await getLearnerProgress(getDb(), learner.id) };
  } catch (error) {
    console.error("[lessons] reading progress failed:", error instanceof Error ? error.message : error);
    return {
      ok: false,
      error:
        "Your progress could not be loaded. Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then reload.",
    };
  }
}
