/**
 * Prisma CLI configuration. The database URL, and with it the provider, come from lib/env.ts (DATABASE_URL,
 * default file:<cwd>/.data/clusterlab.db — the same value lib/db.ts uses at run time). The provider picks the
 * schema and the migration history: SQLite -> prisma/schema.prisma + prisma/migrations, PostgreSQL ->
 * prisma/postgres/schema.prisma + prisma/migrations-postgres (see docs/decisions/0002-offline-prisma-wasm-schema-engine.md).
 */
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseProvider, prismaPaths, sqliteFilePath } from "./lib/db-url";
import { parseEnv } from "./lib/env";

// No native schema engine can be downloaded here: use the wasm stand-in unless one is configured explicitly.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts", "schema-engine-wasm.mjs");

const { DATABASE_URL } = parseEnv();
const provider = databaseProvider(DATABASE_URL);
// SQLite: resolve a relative file against the working directory here, exactly as lib/db.ts does, so the CLI, the
// engine process and the app all open the same file; and create its directory, which SQLite cannot do.
const url = provider === "sqlite" ? `file:${sqliteFilePath(DATABASE_URL)}` : DATABASE_URL;
if (provider === "sqlite") fs.mkdirSync(path.dirname(sqliteFilePath(DATABASE_URL)), { recursive: true });

export default defineConfig({
  schema: prismaPaths[provider].schema,
  migrations: { path: prismaPaths[provider].migrations },
  datasource: { url },
});
