/**
 * Next.js calls register() once when a server process starts. A classroom server says so loudly while it has no
 * admin (security review H1: sign-up never makes admins, so the first one is granted from the command line).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { warnAboutMissingAdmin } = await import("@/lib/progress/admin-startup");
  await warnAboutMissingAdmin();
}
