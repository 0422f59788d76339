/**
 * The database: one PrismaClient per process, kept on globalThis so that Next.js dev reloads (which re-evaluate
 * modules) do not open a new connection pool each time. The driver adapter follows DATABASE_URL (lib/env.ts):
 * `file:` -> better-sqlite3 (local mode), `postgres(ql)://` -> pg (classroom mode).
 *
 * The generated client (generated/prisma, from `prisma generate`) is built for ONE provider: the one DATABASE_URL
 * named when it was generated (see prisma.config.ts). `npm start` regenerates it with the same environment it runs
 * with; a mismatch is reported with the command that fixes it.
 *
 * Only this module, lib/progress and prisma/seed import Prisma.
 */
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseProvider, redactDatabaseUrl, sqliteFilePath } from "@/lib/db-url";
import { getEnv } from "@/lib/env";

export { PrismaClient };
export type { LessonProgress, QuizAttempt, User } from "@/generated/prisma/client";

/** User.role is a plain string column (same on both providers); these are its only valid values. */
export const userRoles = ["learner", "instructor", "admin"] as const;
export const userRoleSchema = z.enum(userRoles);
export type UserRole = z.infer<typeof userRoleSchema>;

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

export type DriverAdapterFactory = PrismaBetterSqlite3 | PrismaPg;

/** The driver adapter for `url`. SQLite: the file's directory is created, since SQLite cannot create it. */
export function createDriverAdapter(url: string): DriverAdapterFactory {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSqlite3({ url: `file:${file}` });
  }
  return new PrismaPg({ connectionString: url });
}

/** A new client for `url` (tests and scripts; the app uses getDb()). */
export function createPrismaClient(url: string): PrismaClient {
  const adapter = createDriverAdapter(url);
  try {
    return new PrismaClient({ adapter });
  } catch (error) {
    if (error instanceof Error && /is not compatible with the provider/.test(error.message)) {
      throw new DatabaseConfigError(
        `The generated Prisma client was built for another database than DATABASE_URL "${redactDatabaseUrl(url)}" ` +
          `(${databaseProvider(url)}). Regenerate it with the same DATABASE_URL: \`npx prisma generate\` (npm start does this).`,
      );
    }
    throw error;
  }
}

type DbHolder = { url: string; client: PrismaClient };
const holderKey = Symbol.for("clusterlab.prisma");
const globalWithDb = globalThis as typeof globalThis & { [holderKey]?: DbHolder };

/** The process-wide client for getEnv().DATABASE_URL, created on first use (so importing this module is free). */
export function getDb(): PrismaClient {
  const holder = globalWithDb[holderKey];
  if (holder) return holder.client;
  const url = getEnv().DATABASE_URL;
  const client = createPrismaClient(url);
  globalWithDb[holderKey] = { url, client };
  return client;
}

/** Close the process-wide client, if any (tests, CLI commands, graceful shutdown). */
export async function disconnectDb(): Promise<void> {
  const holder = globalWithDb[holderKey];
  if (!holder) return;
  delete globalWithDb[holderKey];
  await holder.client.$disconnect();
}
