/**
 * What `clusterlab admin grant|list` do (registered in ./admin.ts). A module of its own, imported when an admin
 * command runs: it loads Prisma, the database drivers and argon2, which every other command (`lab list`) must not pay for.
 */
import { createPrismaClient, DatabaseConfigError } from "@/lib/db";
import { getEnv, EnvError } from "@/lib/env";
import { redactDatabaseUrl } from "@/lib/db-url";
import { grantAdmin, listAdmins } from "@/lib/progress/admins";
import { EXIT_OK, EXIT_USAGE, runAction } from "../exit";

/** A database failure is the operator's to fix (wrong URL, server down, not migrated): said plainly, no stack. */
class AdminDatabaseError extends Error {
  override name = "AdminDatabaseError";
}

async function withDb<T>(work: (db: ReturnType<typeof createPrismaClient>) => Promise<T>): Promise<T> {
  const url = getEnv().DATABASE_URL;
  const db = createPrismaClient(url);
  try {
    return await work(db);
  } catch (error) {
    // Prisma's messages name the call first and the cause last ("The table `main.User` does not exist ..."): say the cause.
    const why =
      error instanceof Error
        ? (error.message
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line.length > 0)
            .at(-1) ?? error.name)
        : String(error);
    throw new AdminDatabaseError(
      `could not use the database ${redactDatabaseUrl(url)} (${why}). Check DATABASE_URL and that it is migrated (\`npx prisma migrate deploy\`), then try again.`,
    );
  } finally {
    await db.$disconnect().catch(() => undefined);
  }
}

export function runAdminGrant(email: string): Promise<void> {
  return runAction("admin grant", [EnvError, DatabaseConfigError, AdminDatabaseError], async () => {
    const result = await withDb((db) => grantAdmin(db, email));
    const where = redactDatabaseUrl(getEnv().DATABASE_URL);
    if (!result.ok) {
      process.stderr.write(`clusterlab admin grant: ${result.error} (database: ${where})\n`);
      return EXIT_USAGE;
    }
    const who = `${result.user.name} <${result.user.email ?? "?"}>`;
    process.stdout.write(
      result.already
        ? `${who} is already an admin (database: ${where}).\n`
        : `${who} is now an admin (database: ${where}). They can make instructors on the course site.\n`,
    );
    return EXIT_OK;
  });
}

export function runAdminList(): Promise<void> {
  return runAction("admin list", [EnvError, DatabaseConfigError, AdminDatabaseError], async () => {
    const admins = await withDb((db) => listAdmins(db));
    if (admins.length === 0)
      process.stdout.write(
        "No admin yet. Run `npm run clusterlab -- admin grant <email>` for an account that has signed up.\n",
      );
    for (const a of admins) process.stdout.write(`${a.email ?? "?"}\t${a.name}\n`);
    return EXIT_OK;
  });
}
