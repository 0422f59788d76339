import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDriverAdapter,
  createPrismaClient,
  DatabaseConfigError,
  disconnectDb,
  getDb,
  userRoleSchema,
} from "@/lib/db";
import { repoRoot } from "@/tests/helpers/prisma-cli";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-db-"));
afterAll(async () => {
  await disconnectDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The provider generated/prisma was built for (it follows DATABASE_URL at `prisma generate` time). */
function generatedProvider(): string {
  const source = fs.readFileSync(path.join(repoRoot, "generated", "prisma", "internal", "class.ts"), "utf8");
  const match = /"activeProvider":\s*"(\w+)"/.exec(source);
  if (!match?.[1]) throw new Error("generated/prisma does not name its provider; run npx prisma generate");
  return match[1];
}

describe("createDriverAdapter", () => {
  it("uses better-sqlite3 for file: URLs and creates the database directory", () => {
    const dir = path.join(tmp, "not", "yet");
    const adapter = createDriverAdapter(`file:${path.join(dir, "x.db")}`);
    expect(adapter.provider).toBe("sqlite");
    expect(fs.existsSync(dir)).toBe(true);
  });

  it("uses pg for postgres:// and postgresql:// URLs without connecting", () => {
    expect(createDriverAdapter("postgresql://u:p@127.0.0.1:1/db").provider).toBe("postgres");
    expect(createDriverAdapter("postgres://u:p@127.0.0.1:1/db").provider).toBe("postgres");
  });

  it("refuses other URLs with the accepted forms", () => {
    expect(() => createDriverAdapter("mysql://u:secret@h/db")).toThrow(/file:<path> \(SQLite\) or postgresql:\/\//);
    expect(() => createDriverAdapter("mysql://u:secret@h/db")).not.toThrow(/secret/);
  });
});

describe("createPrismaClient", () => {
  it("explains how to fix a client generated for the other provider", () => {
    const otherUrl =
      generatedProvider() === "sqlite" ? "postgresql://u:secret@127.0.0.1:1/db" : `file:${path.join(tmp, "o.db")}`;
    expect(() => createPrismaClient(otherUrl)).toThrow(DatabaseConfigError);
    expect(() => createPrismaClient(otherUrl)).toThrow(/npx prisma generate/);
    expect(() => createPrismaClient(otherUrl)).not.toThrow(/secret/);
  });
});

describe("getDb", () => {
  it("returns one client per process until disconnectDb()", async () => {
    const first = getDb();
    expect(getDb()).toBe(first);
    await disconnectDb();
    const second = getDb();
    expect(second).not.toBe(first);
    await disconnectDb();
  });
});

describe("userRoleSchema", () => {
  it("accepts the three roles and nothing else", () => {
    for (const role of ["learner", "instructor", "admin"]) expect(userRoleSchema.parse(role)).toBe(role);
    expect(userRoleSchema.safeParse("root").success).toBe(false);
  });
});
