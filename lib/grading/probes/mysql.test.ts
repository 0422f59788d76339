import { expect, test } from "vitest";
import { MARIADB_DEFAULT_ROOT_PASSWORD, mysql, mysqlArgv, mysqlLiteral, parseMysqlBatch } from "./mysql";
import type { Exec } from "./sql";

function answering(out: { exitCode: number; stdout?: string; stderr?: string }): Exec {
  return async () => ({ exitCode: out.exitCode, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
}

test("batch output: one row a line, tab-separated, escapes undone, NULL kept as the word", () => {
  expect(parseMysqlBatch("shared_db\twso2carbon\nidentity_db\tNULL\n")).toEqual([
    ["shared_db", "wso2carbon"],
    ["identity_db", "NULL"],
  ]);
  // A value holding a tab, a newline and a backslash arrives escaped on one line.
  expect(parseMysqlBatch("a\\tb\\nc\\\\d\t\\0\n")).toEqual([["a\tb\nc\\d", "\0"]]);
  expect(parseMysqlBatch("")).toEqual([]);
  // An empty value is an empty field, not a missing one.
  expect(parseMysqlBatch("\tx\n")).toEqual([["", "x"]]);
});

test("batch output: a row whose only value is '' is a row, not a blank line to drop", () => {
  expect(parseMysqlBatch("\n")).toEqual([[""]]);
  expect(parseMysqlBatch("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
  expect(parseMysqlBatch("\n\n")).toEqual([[""], [""]]);
  // Output without the final newline loses no row.
  expect(parseMysqlBatch("a\nb")).toEqual([["a"], ["b"]]);
});

test("mysqlLiteral: a backslash, a quote or NUL cannot end the literal early", () => {
  expect(mysqlLiteral("shared_db")).toBe("'shared_db'");
  expect(mysqlLiteral("%\\")).toBe("'%\\\\'");
  expect(mysqlLiteral("it's")).toBe("'it''s'");
  expect(mysqlLiteral("a\0b")).toBe("'a\\0b'");
  // The classic break-out, a backslash before a quote: both are escaped, so the quote stays inside.
  expect(mysqlLiteral("x\\' OR 1=1 -- ")).toBe("'x\\\\'' OR 1=1 -- '");
});

test("argv: the mariadb client as root over the image's socket, batch without headers, the statement as one argument", () => {
  const argv = mysqlArgv("SELECT 'it''s'; SELECT 2", { database: "shared_db" });
  expect(argv[0]).toBe("mariadb");
  expect(argv).toEqual(
    expect.arrayContaining([
      "--socket=/run/mysqld/mysqld.sock",
      "--user=root",
      `--password=${MARIADB_DEFAULT_ROOT_PASSWORD}`,
      "--batch",
      "--skip-column-names",
      "--database=shared_db",
    ]),
  );
  expect(argv.at(-1)).toBe("--execute=SELECT 'it''s'; SELECT 2");
  expect(mysqlArgv("SELECT 1", { client: "mysql", user: "u", password: "p" }).slice(0, 4)).toEqual([
    "mysql",
    "--socket=/run/mysqld/mysqld.sock",
    "--user=u",
    "--password=p",
  ]);
  expect(mysqlArgv("SELECT 1").some((a) => a.startsWith("--database"))).toBe(false);
});

test("rows on success; the client's message on a failing statement", async () => {
  let seen: Array<string> = [];
  const ok = await mysql(
    async (node, argv) => ((seen = [node, ...argv]), { exitCode: 0, stdout: "1\tyes\n", stderr: "" }),
    "db",
    "SELECT 1, 'yes'",
  );
  expect(ok).toEqual({ ok: true, rows: [["1", "yes"]] });
  expect(seen[0]).toBe("db");
  const bad = await mysql(
    answering({ exitCode: 1, stderr: "ERROR 1146 (42S02) at line 1: Table 'x.y' doesn't exist\n" }),
    "db",
    "SELECT * FROM x.y",
  );
  expect(bad).toEqual({ ok: false, error: "mariadb on db: ERROR 1146 (42S02) at line 1: Table 'x.y' doesn't exist" });
});

test("a missing client, a silent failure and a failed exec are clear errors, not exceptions", async () => {
  const missing = await mysql(answering({ exitCode: 127, stderr: "exec: mariadb: not found" }), "db", "SELECT 1");
  expect(missing.ok).toBe(false);
  if (!missing.ok) expect(missing.error).toMatch(/no mariadb client could run on node db .*MariaDB\/MySQL node/);
  const silent = await mysql(answering({ exitCode: 2 }), "db", "SELECT 1");
  expect(silent).toEqual({ ok: false, error: "mariadb on db exited 2 without a message" });
  const thrown = await mysql(async () => Promise.reject(new Error("container is not running")), "db", "SELECT 1", {
    client: "mysql",
  });
  expect(thrown).toEqual({ ok: false, error: "could not run mysql on node db: container is not running" });
});
