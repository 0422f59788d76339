/**
 * A migrated, empty database for a classroom suite: a SQLite file in a temp folder, or a fresh PostgreSQL
 * database on the test server (created here, dropped on dispose). Migrations are the committed
 * migration.sql files, applied in order (the Prisma CLI path is tested by lib/db.migrate*.test.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { prismaPaths, type DatabaseProvider } from "@/lib/db-url";
import type { ClassroomDb } from "@/lib/progress/db-types";
import { createFreshDatabase, probePostgres } from "@/tests/helpers/postgres";
import { repoRoot } from "@/tests/helpers/prisma-cli";
import { createClassroomClient } from "./prisma-clients";

export type ClassroomTestDb = { provider: DatabaseProvider; url: string; db: ClassroomDb } & AsyncDisposable;

export function migrationScripts(provider: DatabaseProvider): Array<string> {
  const dir = path.join(repoRoot, prismaPaths[provider].migrations);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/** An empty migrated database (no client): for suites that start a server process on it. */
export async function createMigratedDatabase(
  provider: DatabaseProvider,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-${label}-`));
    const file = path.join(dir, "classroom.db");
    const sqlite = new Database(file);
    try {
      for (const script of migrationScripts("sqlite")) sqlite.exec(script);
    } finally {
      sqlite.close();
    }
    return { url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const probe = await probePostgres();
  if (!probe.ok) throw new Error(probe.reason);
  const fresh = await createFreshDatabase(probe.adminUrl, label);
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  try {
    for (const script of migrationScripts("postgresql")) await client.query(script);
  } finally {
    await client.end();
  }
  return { url: fresh.url, drop: fresh.drop };
}

export async function openClassroomDb(provider: DatabaseProvider, label: string): Promise<ClassroomTestDb> {
  const created = await createMigratedDatabase(provider, label);
  const db = await createClassroomClient(provider, created.url);
  return {
    provider,
    url: created.url,
    db,
    async [Symbol.asyncDispose]() {
      await db.$disconnect();
      await created.drop();
    },
  };
}

/**
 * The providers a suite runs against: SQLite always, PostgreSQL when a server answers. When
 * CLUSTERLAB_TEST_PG_URL is set (CI) an unreachable server is an error, never a silent skip.
 */
export async function availableProviders(): Promise<{
  providers: Array<DatabaseProvider>;
  skipped: string | undefined;
}> {
  const probe = await probePostgres();
  if (probe.ok) return { providers: ["sqlite", "postgresql"], skipped: undefined };
  if (getEnv().CLUSTERLAB_TEST_PG_URL) throw new Error(probe.reason);
  return { providers: ["sqlite"], skipped: probe.reason };
}
