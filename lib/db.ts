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
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import pg from "pg";
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

export type DriverAdapterFactory = SqlMigrationAwareDriverAdapterFactory | PrismaPg;

/**
 * Every SQLite connection (Prisma's and the raw ones below) runs this first. WAL: a commit is one append and one
 * fsync instead of rollback-journal + database + directory fsyncs, and readers do not block the writer.
 * synchronous = FULL is stated explicitly because this better-sqlite3 build defaults WAL connections to NORMAL,
 * which may lose the last commits on power loss: an acknowledged submission must survive that too.
 * busy_timeout: the Prisma connection and the raw one share the file and wait for each other's write lock.
 */
export const SQLITE_CONNECTION_SETUP =
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

/** Prisma's better-sqlite3 adapter with SQLITE_CONNECTION_SETUP run on each connection it opens. */
class DurableSqliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly #inner: PrismaBetterSqlite3;

  constructor(inner: PrismaBetterSqlite3) {
    this.#inner = inner;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.#inner.connect();
    await adapter.executeScript(SQLITE_CONNECTION_SETUP);
    return adapter;
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#inner.connectToShadowDb();
  }
}

/**
 * PostgreSQL time limits (security review L14): a database that drops packets instead of refusing must not pile
 * requests up in memory for ever. A connection that takes longer than 10 s, or a statement longer than 30 s, fails,
 * and the API answers 503 (lib/progress/http/run-handler.ts). Migrations do not go through these clients.
 */
export const PG_TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  query_timeout: 35_000,
} as const;

/** The driver adapter for `url`. SQLite: the file's directory is created, since SQLite cannot create it. */
export function createDriverAdapter(url: string): DriverAdapterFactory {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new DurableSqliteAdapterFactory(new PrismaBetterSqlite3({ url: `file:${file}` }));
  }
  return new PrismaPg({ connectionString: url, ...PG_TIMEOUTS });
}

/**
 * A raw connection to the same database as createDriverAdapter(url), for hot paths where Prisma's per-query
 * overhead dominates (lib/progress/submission-store.ts). Same file or connection string, same SQLite setup.
 */
export type RawConnection = { provider: "sqlite"; db: Database.Database } | { provider: "postgresql"; pool: pg.Pool };

export function openRawConnection(url: string): RawConnection {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec(SQLITE_CONNECTION_SETUP);
    return { provider: "sqlite", db };
  }
  return { provider: "postgresql", pool: new pg.Pool({ connectionString: url, max: 10, ...PG_TIMEOUTS }) };
}

export async function closeRawConnection(connection: RawConnection): Promise<void> {
  if (connection.provider === "sqlite") connection.db.close();
  else await connection.pool.end();
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
