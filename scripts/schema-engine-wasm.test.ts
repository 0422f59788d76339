// The stand-in's own protocol surface, driven directly (no Prisma CLI): version line, one-shot `cli` commands,
// JSON-RPC requests and errors, and GAP 3 (a real SQLite reset). The migrate flows themselves are covered through
// the real CLI by lib/db.migrate*.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runProcess, type CliResult } from "@/tests/helpers/run-process";

const script = path.join(import.meta.dirname, "schema-engine-wasm.mjs");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-se-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], stdin = "", timeoutMs = 60_000): Promise<CliResult> {
  return runProcess(process.execPath, [script, ...args], {
    stdin,
    timeoutMs,
    describe: `schema-engine-wasm ${args.join(" ")}`,
  });
}

const rpcResponse = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.number(),
  result: z.unknown().optional(),
  error: z
    .object({ code: z.number(), message: z.string(), data: z.object({ message: z.string() }).passthrough().optional() })
    .optional(),
});

function responses(stdout: string): z.infer<typeof rpcResponse>[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => rpcResponse.parse(JSON.parse(l)));
}

function request(id: number, method: string, params?: unknown): string {
  return `${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`;
}

const enginesHash = z
  .object({ prisma: z.object({ enginesVersion: z.string() }) })
  .parse(
    JSON.parse(
      fs.readFileSync(
        path.join(import.meta.dirname, "..", "node_modules", "@prisma", "engines-version", "package.json"),
        "utf8",
      ),
    ),
  ).prisma.enginesVersion;

describe("schema-engine-wasm (stand-in for Prisma's schema-engine binary)", () => {
  it("prints the pinned engines hash for --version, as `prisma version` expects", async () => {
    const result = await run(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`schema-engine-cli ${enginesHash}`);
  });

  it("refuses unknown arguments with an ERROR log line the CLI can show", async () => {
    const result = await run(["--frobnicate"]);
    expect(result.code).toBe(1);
    const line = z
      .object({ level: z.literal("ERROR"), fields: z.object({ message: z.string() }) })
      .parse(JSON.parse(result.stderr.trim()));
    expect(line.fields.message).toContain('unsupported argument "--frobnicate"');
  });

  it("answers `cli can-connect-to-database` with P1003 for a missing SQLite file, and `create-database` creates it", async () => {
    const file = path.join(tmp, "sub", "new.db");
    const datasource = JSON.stringify({ url: `file:${file}` });
    const probe = await run(["--datasource", datasource, "cli", "can-connect-to-database"]);
    expect(probe.code).toBe(1);
    expect(probe.stderr).toContain('"error_code":"P1003"');
    expect(probe.stderr).toContain('"target":"schema_engine::logger"');
    const create = await run(["--datasource", datasource, "cli", "create-database"]);
    expect(create.code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    expect((await run(["--datasource", datasource, "cli", "can-connect-to-database"])).code).toBe(0);
  });

  it("serves JSON-RPC requests in order and reports unknown methods as errors", { timeout: 60_000 }, async () => {
    const file = path.join(tmp, "rpc.db");
    const result = await run(
      ["--datasource", JSON.stringify({ url: `file:${file}` })],
      request(1, "getDatabaseVersion") + request(2, "noSuchMethod", {}),
    );
    expect(result.code, result.stderr).toBe(0);
    const [version, unknown] = responses(result.stdout);
    expect(version?.id).toBe(1);
    expect(String(version?.result)).toMatch(/^3\.\d+\.\d+$/); // SQLite's version
    expect(unknown?.id).toBe(2);
    expect(unknown?.error?.code).toBe(-32601);
  });

  it("GAP 3: reset drops SQLite tables and views instead of only deleting rows", { timeout: 60_000 }, async () => {
    const file = path.join(tmp, "reset.db");
    const setup = new Database(file);
    setup.exec(`CREATE TABLE "User" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT); INSERT INTO "User" (name) VALUES ('a');
      CREATE VIEW "UserNames" AS SELECT name FROM "User";`);
    setup.close();
    const result = await run(
      ["--datasource", JSON.stringify({ url: `file:${file}` })],
      request(1, "reset", { filter: { externalTables: [], externalEnums: [] } }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(responses(result.stdout)[0]?.error).toBeUndefined();
    const check = new Database(file, { readonly: true });
    const names = check
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    check.close();
    expect(names).toEqual([{ name: "_prisma_migrations" }]);
  });

  it(
    "refuses a URL scheme it has no adapter for, naming the accepted ones without the password",
    { timeout: 60_000 },
    async () => {
      const result = await run(
        ["--datasource", JSON.stringify({ url: "mysql://root:hunter2@127.0.0.1/x" })],
        request(1, "getDatabaseVersion"),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("unsupported datasource URL");
      expect(result.stderr).toContain("mysql://root:***@127.0.0.1/x");
      expect(result.stderr).toContain("postgresql://");
      expect(result.stderr).not.toContain("hunter2");
    },
  );
});
