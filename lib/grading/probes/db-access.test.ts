import { expect, test } from "vitest";
import { inspectMariadbAccess, inspectPostgresAccess, postgresDatabaseOwners } from "./db-access";
import type { Exec } from "./sql";

const inspectMariadb = (exec: Exec, user: string, database: string) => inspectMariadbAccess(exec, "db", user, database);

/**
 * A stand-in db node: answers the grader's three questions (users, schemata, privileges) from the
 * given state, the way the mariadb client prints them in batch mode. Recording the statements keeps
 * the test honest about what was asked.
 */
function dbNode(state: {
  hosts?: Array<string>;
  databases?: Array<string>;
  privileges?: Array<string>;
  fail?: string;
}): { exec: Exec; asked: Array<string> } {
  const asked: Array<string> = [];
  const exec: Exec = async (_node, argv) => {
    const sql = (argv.at(-1) ?? "").replace(/^--execute=/, "");
    asked.push(sql);
    if (state.fail) return { exitCode: 1, stdout: "", stderr: state.fail };
    // The privilege question also names mysql.user (its grantee subquery): recognise it first.
    const lines = /_PRIVILEGES/.test(sql)
      ? (state.privileges ?? [])
      : /FROM mysql\.user/.test(sql)
        ? (state.hosts ?? [])
        : /SCHEMATA/.test(sql)
          ? (state.databases ?? [])
          : [];
    return { exitCode: 0, stdout: lines.map((l) => `${l}\n`).join(""), stderr: "" };
  };
  return { exec, asked };
}

test("the untouched starter: no user and no database", async () => {
  const { exec, asked } = dbNode({});
  expect(await inspectMariadb(exec, "wso2carbon", "shared_db")).toEqual({
    ok: true,
    usable: false,
    observed: "no user wso2carbon; no database shared_db",
  });
  // No privilege question without a user to ask about.
  expect(asked).toHaveLength(2);
});

test("the solution: a user for '%' with ALL PRIVILEGES on the database", async () => {
  const { exec, asked } = dbNode({
    hosts: ["%"],
    databases: ["shared_db"],
    privileges: ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "USAGE"],
  });
  const found = await inspectMariadb(exec, "wso2carbon", "shared_db");
  expect(found).toEqual({
    ok: true,
    usable: true,
    observed:
      "user wso2carbon exists for '%'; database shared_db exists (wso2carbon can create tables in it and write them)",
  });
  // The grantees come from mysql.user inside the same statement, not from the hosts read back.
  expect(asked[2]).toContain(
    "GRANTEE IN (SELECT CONCAT('''', User, '''@''', Host, '''') FROM mysql.user WHERE User = 'wso2carbon' AND Host NOT IN ('localhost', '127.0.0.1', '::1'))",
  );
  expect(asked[2]).toContain("'shared_db' LIKE TABLE_SCHEMA");
});

test("a user only for localhost cannot be reached by the nodes", async () => {
  const { exec } = dbNode({
    hosts: ["localhost"],
    databases: ["shared_db"],
    privileges: ["CREATE", "SELECT", "INSERT", "UPDATE"],
  });
  const found = await inspectMariadb(exec, "wso2carbon", "shared_db");
  expect(found).toMatchObject({ ok: true, usable: false });
  if (found.ok) expect(found.observed).toMatch(/exists only for localhost: .* create it for '%'/);
});

test("a user without the grant is named with the rights it lacks", async () => {
  const { exec } = dbNode({ hosts: ["%"], databases: ["shared_db"], privileges: ["USAGE", "SELECT"] });
  const found = await inspectMariadb(exec, "wso2carbon", "shared_db");
  expect(found).toEqual({
    ok: true,
    usable: false,
    observed:
      "user wso2carbon exists for '%'; database shared_db exists (wso2carbon lacks CREATE, INSERT, UPDATE on it (GRANT them))",
  });
});

test("the database missing while the user exists", async () => {
  const { exec } = dbNode({ hosts: ["%", "localhost"], databases: [] });
  expect(await inspectMariadb(exec, "wso2carbon", "shared_db")).toEqual({
    ok: true,
    usable: false,
    observed: "user wso2carbon exists for '%'; no database shared_db",
  });
});

test("when the grader cannot query MariaDB, that is an error with the client's message, not a verdict", async () => {
  const { exec } = dbNode({
    fail: "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)",
  });
  const found = await inspectMariadb(exec, "wso2carbon", "shared_db");
  expect(found).toEqual({
    ok: false,
    error:
      "mariadb on db: ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)",
  });
});

test("learner-chosen hosts ending in a backslash or holding a quote never reach the grader's SQL", async () => {
  // What the client prints in batch mode for the hosts `%\` and `a'b`: the backslash arrives escaped.
  const { exec, asked } = dbNode({
    hosts: ["%\\\\", "a'b"],
    databases: ["shared_db"],
    privileges: ["CREATE", "SELECT", "INSERT", "UPDATE"],
  });
  const found = await inspectMariadb(exec, "wso2carbon", "shared_db");
  expect(found).toEqual({
    ok: true,
    usable: true,
    observed:
      "user wso2carbon exists for '%\\', 'a'b'; database shared_db exists (wso2carbon can create tables in it and write them)",
  });
  expect(asked).toHaveLength(3);
  // Neither host appears in the privilege question: a host ending in \ cannot swallow a closing quote
  // (ERROR 1064) and a crafted one cannot close the literal and add its own UNION.
  expect(asked[2]).not.toContain("%\\");
  expect(asked[2]).not.toContain("a'b");
  expect(asked[2]).not.toContain("a''b");
});

test("the user and database names go in as MariaDB literals (backslash and quote escaped)", async () => {
  const { exec, asked } = dbNode({ hosts: ["%"], databases: ["db"], privileges: [] });
  await inspectMariadb(exec, "o'k\\", "d\\b");
  expect(asked[0]).toContain("WHERE User = 'o''k\\\\' ORDER BY Host");
  expect(asked[1]).toContain("SCHEMA_NAME = 'd\\\\b'");
  expect(asked[2]).toContain("User = 'o''k\\\\' AND Host NOT IN");
  expect(asked[2]).toContain("'d\\\\b' LIKE TABLE_SCHEMA");
});

/** A stand-in PostgreSQL node answering `psql -tA -F '\t'` from fixed rows per question. */
function pgNode(answer: (sql: string) => string): Exec {
  return async (_node, argv) => ({ exitCode: 0, stdout: answer(argv.at(-1) ?? ""), stderr: "" });
}

test("postgres: no role means no privilege question, and the verdict names both halves", async () => {
  const asked: Array<string> = [];
  const exec = pgNode((sql) => {
    asked.push(sql);
    return /pg_roles/.test(sql) ? "" : "";
  });
  expect(await inspectPostgresAccess(exec, "db", "wso2carbon", "shared_db")).toEqual({
    ok: true,
    usable: false,
    observed: "no login role wso2carbon; no database shared_db",
  });
  expect(asked[1]).toContain("SELECT pg_get_userbyid(datdba), false FROM pg_database");
});

test("postgres: a login role that can connect and create is usable; owners of several databases are read in one query", async () => {
  const exec = pgNode((sql) =>
    /pg_roles/.test(sql)
      ? "t\n"
      : /has_database_privilege/.test(sql)
        ? "wso2carbon\tt\n"
        : "identity_db\twso2carbon\nshared_db\tpostgres\n",
  );
  expect(await inspectPostgresAccess(exec, "db", "wso2carbon", "shared_db")).toEqual({
    ok: true,
    usable: true,
    observed:
      "role wso2carbon exists and can log in; database shared_db exists (owner wso2carbon; wso2carbon can connect and create tables)",
  });
  const owners = await postgresDatabaseOwners(exec, "db", ["shared_db", "identity_db"]);
  expect(owners.ok && [...owners.owners]).toEqual([
    ["identity_db", "wso2carbon"],
    ["shared_db", "postgres"],
  ]);
});

test("postgres: a psql failure is an inspection error, not a verdict", async () => {
  const exec: Exec = async () => ({ exitCode: 2, stdout: "", stderr: "psql: error: connection to server failed" });
  expect(await inspectPostgresAccess(exec, "db", "u", "d")).toEqual({
    ok: false,
    error: "psql: error: connection to server failed",
  });
});
