/**
 * Making admins (security review H1). Sign-up never raises a role: whoever can reach the server could claim a
 * listed address without owning it. The first admin is made by someone with database access, through
 * `clusterlab admin grant <email>` (cli/commands/admin.ts); admins then promote others on the site.
 */
import { normaliseEmail, toAccountUser, type AccountUser } from "./accounts";
import type { ClassroomDb } from "./db-types";

export type GrantResult = { ok: true; user: AccountUser; already: boolean } | { ok: false; error: string };

/** Raise an existing account (matched case-insensitively by email) to admin. */
export async function grantAdmin(db: ClassroomDb, email: string): Promise<GrantResult> {
  const address = normaliseEmail(email);
  const row = await db.user.findUnique({
    where: { email: address },
    select: { id: true, email: true, name: true, role: true, passwordHash: true },
  });
  // The local-mode learner row has no password: nobody can sign in as it, so making it admin would achieve nothing.
  if (!row || row.passwordHash === null) {
    return {
      ok: false,
      error: `No account with the email ${address} exists on this database. Ask the person to sign up on the course site (/signup) first, then run this again.`,
    };
  }
  if (row.role === "admin") return { ok: true, user: toAccountUser(row), already: true };
  const updated = await db.user.update({
    where: { id: row.id },
    data: { role: "admin" },
    select: { id: true, email: true, name: true, role: true },
  });
  return { ok: true, user: toAccountUser(updated), already: false };
}

export async function listAdmins(db: ClassroomDb): Promise<Array<AccountUser>> {
  const rows = await db.user.findMany({
    where: { role: "admin" },
    select: { id: true, email: true, name: true, role: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toAccountUser);
}

/** What a classroom server prints at start while nobody can administer it; undefined once an admin exists. */
export async function adminBootstrapWarning(db: ClassroomDb): Promise<string | undefined> {
  const admins = await db.user.count({ where: { role: "admin" } });
  if (admins > 0) return undefined;
  return (
    "This classroom server has no admin yet, so nobody can make instructors. Sign up on the course site, then, on a machine " +
    "with access to this database (same DATABASE_URL), run `npm run clusterlab -- admin grant <your email>`."
  );
}
