// The committed SQLite migration history against the real Prisma CLI (through the wasm schema-engine stand-in):
// deploys on an empty file, leaves `migrate status` clean, matches the schema exactly, and the generated client
// works on the result. PostgreSQL: lib/db.migrate-postgres.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { prismaPaths } from "@/lib/db-url";
import { describeRun, runPrisma } from "@/tests/helpers/prisma-cli";

const slow = 180_000;

describe("SQLite migrations (prisma CLI + wasm schema engine)", () => {
  let dir: string;
  let url: string;
  let db: PrismaClient | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-migrate-"));
    // A directory that does not exist yet: deploy must create it and the database file.
    url = `file:${path.join(dir, "nested", "test.db")}`;
  });

  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("applies the whole history to an empty database, then reports it up to date", { timeout: slow }, async () => {
    const deployArgs = ["migrate", "deploy"];
    const deploy = await runPrisma(deployArgs, url);
    expect(deploy.code, describeRun(deployArgs, deploy)).toBe(0);
    expect(deploy.stdout).toMatch(/All migrations have been successfully applied|applied/);

    const statusArgs = ["migrate", "status"];
    const status = await runPrisma(statusArgs, url);
    expect(status.code, describeRun(statusArgs, status)).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date!");
  });

  it("inserts and reads rows through the generated client on the migrated file", { timeout: slow }, async () => {
    db = createPrismaClient(url);
    const user = await db.user.create({ data: { name: "Ada", email: "ada@example.test" } });
    expect(user.role).toBe("learner");
    await db.lessonProgress.create({ data: { userId: user.id, lessonSlug: "hazelcast-basics" } });
    // unique(userId, lessonSlug): a second completion of the same lesson is refused by the database.
    await expect(
      db.lessonProgress.create({ data: { userId: user.id, lessonSlug: "hazelcast-basics" } }),
    ).rejects.toThrow();
    await db.quizAttempt.create({
      data: {
        userId: user.id,
        lessonSlug: "hazelcast-basics",
        quizId: "q1",
        score: 2,
        maxScore: 3,
        answers: { a1: ["b"], a2: ["c", "d"] },
      },
    });
    const read = await db.user.findUniqueOrThrow({
      where: { email: "ada@example.test" },
      include: { lessonProgress: true, quizAttempts: true },
    });
    expect(read.lessonProgress.map((p) => p.lessonSlug)).toEqual(["hazelcast-basics"]);
    expect(read.quizAttempts[0]?.answers).toEqual({ a1: ["b"], a2: ["c", "d"] });
    // Cascade: deleting the user removes their progress and attempts.
    await db.user.delete({ where: { id: user.id } });
    expect(await db.lessonProgress.count()).toBe(0);
    expect(await db.quizAttempt.count()).toBe(0);
  });

  it("has no drift: the committed migrations produce exactly prisma/schema.prisma", { timeout: slow }, async () => {
    const { schema, migrations } = prismaPaths.sqlite;
    const args = ["migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--exit-code"];
    const diff = await runPrisma(args, url);
    expect(diff.code, describeRun(args, diff)).toBe(0);
    expect(diff.stdout).toContain("No difference detected.");
    // The same check does fail when there IS a difference (exit code 2), so the assertion above means something.
    const emptyArgs = ["migrate", "diff", "--from-empty", "--to-schema", schema, "--exit-code"];
    const fromEmpty = await runPrisma(emptyArgs, url);
    expect(fromEmpty.code, describeRun(emptyArgs, fromEmpty)).toBe(2);
  });
});
