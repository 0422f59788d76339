/**
 * `clusterlab admin grant|list` (security review H1), run for real through tsx against a migrated temporary SQLite
 * database: an unknown address is refused with what to do (exit 2), a signed-up account becomes admin (exit 0).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { createAccount } from "@/lib/progress/accounts";
import { runClusterlab } from "@/tests/helpers/clusterlab-cli";
import { migratedSqlite } from "@/tests/helpers/prisma-cli";

let url: string;
let remove: () => void;

beforeAll(async () => {
  ({ url, remove } = await migratedSqlite("admin-cli"));
  const db = createPrismaClient(url);
  await createAccount(db, {
    email: "teacher@school.example",
    name: "Teacher",
    passwordHash: "unused",
    role: "learner",
  });
  await db.$disconnect();
}, 180_000);

afterAll(() => remove());

it("grants admin to a signed-up account and lists it; refuses an unknown address with what to do", async () => {
  const env = { DATABASE_URL: url };
  const unknown = await runClusterlab(["admin", "grant", "nobody@school.example"], { env, timeoutMs: 90_000 });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/No account with the email nobody@school\.example .*sign up .*first/);
  expect((await runClusterlab(["admin", "list"], { env, timeoutMs: 90_000 })).stdout).toMatch(/No admin yet/);
  const granted = await runClusterlab(["admin", "grant", "Teacher@School.example"], { env, timeoutMs: 90_000 });
  expect(granted.code, granted.stderr).toBe(0);
  expect(granted.stdout).toMatch(/Teacher <teacher@school\.example> is now an admin/);
  expect((await runClusterlab(["admin", "list"], { env, timeoutMs: 90_000 })).stdout).toMatch(
    /teacher@school\.example\tTeacher/,
  );
}, 300_000);
