/**
 * `clusterlab admin grant <email>` / `clusterlab admin list`: make and list classroom admins straight in the
 * database named by DATABASE_URL (security review H1). Whoever can run this already holds the database, so it
 * needs no password; sign-up itself never makes admins. The actions load lazily (./admin-actions).
 */
import { Command } from "commander";

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command("admin")
    .description("Classroom server administration (run where DATABASE_URL reaches the course database)");

  admin
    .command("grant")
    .description("Make an existing account an admin (the person signs up on the course site first)")
    .argument("<email>", "the account's email address")
    .action(async (email: string) => (await import("./admin-actions")).runAdminGrant(email));

  admin
    .command("list")
    .description("List the admins of the course database")
    .action(async () => (await import("./admin-actions")).runAdminList());
}
