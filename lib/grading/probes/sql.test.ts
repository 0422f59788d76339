import { expect, test } from "vitest";
import { psql, sqlLiteral } from "./sql";

test("rows come back split on tabs; a failing statement is data with psql's message", async () => {
  const ok = await psql(
    async () => ({ exitCode: 0, stdout: "shared_db\twso2carbon\nidentity_db\twso2carbon\n", stderr: "" }),
    "db",
    "SELECT 1",
  );
  expect(ok).toEqual({
    ok: true,
    rows: [
      ["shared_db", "wso2carbon"],
      ["identity_db", "wso2carbon"],
    ],
  });
  const bad = await psql(
    async () => ({ exitCode: 1, stdout: "", stderr: 'ERROR:  relation "x" does not exist\n' }),
    "db",
    "SELECT * FROM x",
  );
  expect(bad).toEqual({ ok: false, error: 'ERROR:  relation "x" does not exist' });
});

test("runs psql over the socket as the superuser unless told otherwise", async () => {
  let argv: Array<string> = [];
  await psql(async (_node, a) => ((argv = a), { exitCode: 0, stdout: "", stderr: "" }), "db", "SELECT 1", {
    database: "shared_db",
  });
  expect(argv.slice(0, 6)).toEqual(["psql", "-h", "/tmp", "-U", "postgres", "-d"]);
  expect(argv).toContain("shared_db");
  expect(sqlLiteral("it's")).toBe("'it''s'");
});

test("an empty one-value row is a row (only the trailing newline is dropped)", async () => {
  const { parsePsqlRows } = await import("./sql");
  expect(parsePsqlRows("")).toEqual([]);
  expect(parsePsqlRows("\n")).toEqual([[""]]);
  expect(parsePsqlRows("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
  expect(parsePsqlRows("a\tb")).toEqual([["a", "b"]]);
});
