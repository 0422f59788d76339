import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseProvider, DatabaseUrlError, prismaPaths, redactDatabaseUrl, sqliteFilePath } from "@/lib/db-url";
import { parseEnv } from "@/lib/env";

describe("databaseProvider", () => {
  it("maps file: to sqlite and postgres(ql):// to postgresql", () => {
    expect(databaseProvider("file:./.data/clusterlab.db")).toBe("sqlite");
    expect(databaseProvider("postgresql://a:b@h:5432/d")).toBe("postgresql");
    expect(databaseProvider("postgres://a:b@h/d")).toBe("postgresql");
  });

  it("refuses anything else without echoing the password", () => {
    expect(() => databaseProvider("mysql://root:hunter2@h/d")).toThrow(DatabaseUrlError);
    expect(() => databaseProvider("mysql://root:hunter2@h/d")).toThrow(/mysql:\/\/root:\*\*\*@h\/d/);
  });

  it("accepts the lib/env.ts default", () => {
    expect(databaseProvider(parseEnv({ NODE_ENV: "test" }).DATABASE_URL)).toBe("sqlite");
  });
});

describe("sqliteFilePath", () => {
  it("resolves relative paths against the working directory and drops the query string", () => {
    expect(sqliteFilePath("file:./.data/clusterlab.db?connection_limit=1", "/repo")).toBe(
      path.resolve("/repo/.data/clusterlab.db"),
    );
    expect(sqliteFilePath("file:/abs/x.db", "/repo")).toBe("/abs/x.db");
  });

  it("agrees with the lib/env.ts default (<cwd>/.data/clusterlab.db)", () => {
    expect(sqliteFilePath(parseEnv({ NODE_ENV: "test" }).DATABASE_URL)).toBe(
      path.join(process.cwd(), ".data", "clusterlab.db"),
    );
    expect(sqliteFilePath("file:./.data/clusterlab.db")).toBe(path.join(process.cwd(), ".data", "clusterlab.db"));
  });
});

describe("redactDatabaseUrl", () => {
  it("hides the password only", () => {
    expect(redactDatabaseUrl("postgresql://clusterlab:s3cret@127.0.0.1:5432/db")).toBe(
      "postgresql://clusterlab:***@127.0.0.1:5432/db",
    );
    expect(redactDatabaseUrl("file:/x.db")).toBe("file:/x.db");
  });
});

describe("prismaPaths", () => {
  it("keeps one schema and one migration history per provider", () => {
    expect(prismaPaths.sqlite.migrations).not.toBe(prismaPaths.postgresql.migrations);
    expect(prismaPaths.sqlite.schema).not.toBe(prismaPaths.postgresql.schema);
  });
});
