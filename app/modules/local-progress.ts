/** The local learner's progress for server-rendered pages; a storage failure becomes a message, not a crashed page. */
import { getDb } from "@/lib/db";
import { getLearnerProgress, getLocalLearner, type LearnerProgress } from "@/lib/progress/lessons";

export type LoadedProgress = { ok: true; value: LearnerProgress } | { ok: false; error: string };

export async function loadLocalProgress(): Promise<LoadedProgress> {
  try {
    const db = getDb();
    const learner = await getLocalLearner(db);
    return { ok: true, value: await getLearnerProgress(db, learner.id) };
  } catch (error) {
    console.error("[lessons] reading progress failed:", error instanceof Error ? error.message : error);
    return {
      ok: false,
      error: "Your progress could not be loaded. Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then reload.",
    };
  }
}
