/**
 * `clusterlab admin grant <email>` / `clusterlab admin list`: make and list classroom admins straight in the
 * database named by DATABASE_URL (security review H1). Whoever can run this already holds the database, so it
 * needs no password; sign-up itself never makes admins.
 */
import { Command } from "commander";
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
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AdminDatabaseError(
      `could not use the database ${redactDatabaseUrl(url)} (${why}). Check DATABASE_URL and that it is migrated (\`npx prisma migrate deploy\`), then try again.`,
    );
  } finally {
    await db.$disconnect().catch(() => undefined);
  }
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command("admin")
    .description("Classroom server administration (run where DATABASE_URL reaches the course database)");

  admin
    .command("grant")
    .description("Make an existing account an admin (the person signs up on the course site first)")
    .argument("<email>", "the account's email address")
    .action((email: string) =>
      runAction("admin grant", [EnvError, DatabaseConfigError, AdminDatabaseError], async () => {
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
      }),
    );

  admin
    .command("list")
    .description("List the admins of the course database")
    .action(() =>
      runAction("admin list", [EnvError, DatabaseConfigError, AdminDatabaseError], async () => {
        const admins = await withDb((db) => listAdmins(db));
        if (admins.length === 0)
          process.stdout.write(
            "No admin yet. Run `npm run clusterlab -- admin grant <email>` for an account that has signed up.\n",
          );
        for (const a of admins) process.stdout.write(`${a.email ?? "?"}\t${a.name}\n`);
        return EXIT_OK;
      }),
    );
}
