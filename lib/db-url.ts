/**
 * What a DATABASE_URL means for Prisma: which provider (and so which schema, migrations directory and driver
 * adapter) it needs. Shared by prisma.config.ts (CLI) and lib/db.ts (runtime) so the two can never disagree.
 */
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

/** `file:` -> sqlite, `postgres://` or `postgresql://` -> postgresql; anything else is refused with a fix. */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new DatabaseUrlError(
    `DATABASE_URL "${redactDatabaseUrl(url)}" is not supported: use file:<path> (SQLite) or postgresql://user:password@host:port/db (PostgreSQL).`,
  );
}

/** The file a `file:` URL names (query string dropped), resolved against `cwd` like better-sqlite3 does. */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(cwd, file);
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

/** Where each provider's schema and migration history live, relative to the repository root. */
export const prismaPaths: Record<DatabaseProvider, { schema: string; migrations: string }> = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  postgresql: { schema: "prisma/postgres/schema.prisma", migrations: "prisma/migrations-postgres" },
};
