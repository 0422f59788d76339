/** The start-up warning of a classroom server without an admin (called from instrumentation.ts). Never throws. */
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { adminBootstrapWarning } from "./admins";

export async function warnAboutMissingAdmin(): Promise<void> {
  try {
    const env = getEnv();
    if (env.CLUSTERLAB_MODE !== "classroom") return;
    if (env.CLUSTERLAB_ADMIN_EMAILS) {
      console.warn(
        "[clusterlab] CLUSTERLAB_ADMIN_EMAILS no longer makes admins at sign-up (anyone could claim a listed address). Use `npm run clusterlab -- admin grant <email>` instead.",
      );
    }
    const warning = await adminBootstrapWarning(getDb());
    if (warning) console.warn(`[clusterlab] WARNING: ${warning}`);
  } catch (error) {
    // A start-up hint must not stop the server; the database problem shows up on the first request anyway.
    console.warn("[clusterlab] could not check for an admin at start:", error instanceof Error ? error.message : error);
  }
}
