/**
 * Classroom accounts and sessions, stored in the database (sessions must be visible to every app instance
 * behind the load balancer). The login throttle's attempts: ./login-attempts.ts.
 */
import { hashPassword } from "@/lib/auth/password";
import { roleSchema, type Role } from "@/lib/auth/roles";
import { generateSessionSecret, hashSecret } from "@/lib/auth/secrets";
import { SESSION_TTL_MS } from "@/lib/auth/cookies";
import type { ClassroomDb } from "./db-types";

export type AccountUser = { id: string; email: string | null; name: string; role: Role };

const userSelect = { id: true, email: true, name: true, role: true } as const;

/**
 * A stored user row as an AccountUser. Only the account columns are copied, so a wider row (a token joined to its
 * user, a row with the password hash) never leaks its other columns into the account.
 */
export function toAccountUser(row: { id: string; email: string | null; name: string; role: string }): AccountUser {
  // An unknown role string in the DB is treated as the least privileged one rather than crashing a page.
  const role = roleSchema.safeParse(row.role);
  return { id: row.id, email: row.email, name: row.name, role: role.success ? role.data : "learner" };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(
  db: ClassroomDb,
  email: string,
): Promise<(AccountUser & { passwordHash: string | null }) | undefined> {
  const row = await db.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { ...userSelect, passwordHash: true },
  });
  return row ? { ...toAccountUser(row), passwordHash: row.passwordHash } : undefined;
}

export async function findUserById(db: ClassroomDb, id: string): Promise<AccountUser | undefined> {
  const row = await db.user.findUnique({ where: { id }, select: userSelect });
  return row ? toAccountUser(row) : undefined;
}

/** Throws a unique violation (see isUniqueViolation) when the email is taken. */
export async function createAccount(
  db: ClassroomDb,
  input: { email: string; name: string; passwordHash: string; role: Role },
): Promise<AccountUser> {
  const row = await db.user.create({
    data: { email: normaliseEmail(input.email), name: input.name, passwordHash: input.passwordHash, role: input.role },
    select: userSelect,
  });
  return toAccountUser(row);
}

export async function setUserRole(db: ClassroomDb, userId: string, role: Role): Promise<AccountUser | undefined> {
  const updated = await db.user.updateMany({ where: { id: userId }, data: { role } });
  return updated.count === 0 ? undefined : findUserById(db, userId);
}

/**
 * Re-hash a password that was verified against a hash with older parameters. Best effort: a failure is logged and the
 * sign-in still succeeds (the old hash keeps working and is upgraded next time).
 */
export async function upgradePasswordHash(db: ClassroomDb, userId: string, password: string): Promise<void> {
  try {
    await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  } catch (error) {
    console.error(
      "[accounts] upgrading a password hash failed; it is retried at the next sign-in:",
      error instanceof Error ? error.message : error,
    );
  }
}

export type NewSession = { secret: string; expiresAt: Date };

export async function createSession(db: ClassroomDb, userId: string, now: Date): Promise<NewSession> {
  const secret = generateSessionSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { tokenHash: hashSecret(secret), userId, expiresAt } });
  return { secret, expiresAt };
}

export async function findSessionUser(db: ClassroomDb, secret: string, now: Date): Promise<AccountUser | undefined> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashSecret(secret) },
    select: { expiresAt: true, user: { select: userSelect } },
  });
  if (!session || session.expiresAt.getTime() <= now.getTime()) return undefined;
  return toAccountUser(session.user);
}

export async function deleteSession(db: ClassroomDb, secret: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSecret(secret) } });
}
