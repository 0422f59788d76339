/**
 * MariaDB for the shared-database lesson (labs/shared-db-mariadb): the grader asks mysql.user and
 * information_schema with the mariadb client inside the db node, as root over the local socket.
 */
import type { Exec } from "@/lib/grading/probes";
import { mysql, mysqlLiteral } from "@/lib/grading/probes/mysql";
import type { DbInspection, SharedDbEngine } from "@/labs/shared-db/checks";

/** What the training node does with its shared database: create its tables, then read and write rows. */
export const NEEDED_PRIVILEGES = ["CREATE", "SELECT", "INSERT", "UPDATE"] as const;

/** Hosts that only admit connections from inside the db container; the nodes connect from theirs. */
const LOCAL_ONLY_HOSTS = ["localhost", "127.0.0.1", "::1"] as const;

/**
 * The GRANTEE values (`'user'@'host'`, which information_schema writes raw, unescaped) of `user`'s
 * accounts the nodes can reach, as a subquery on mysql.user inside the grader's one statement: the host
 * names are the learner's (init.sql), so they never come back to the grader and go into SQL again,
 * where a crafted one could end a literal, break the query or fake a pass.
 */
function remoteGranteesSql(user: string): string {
  const local = LOCAL_ONLY_HOSTS.map(mysqlLiteral).join(", ");
  return `SELECT CONCAT('''', User, '''@''', Host, '''') FROM mysql.user WHERE User = ${mysqlLiteral(user)} AND Host NOT IN (${local})`;
}

/**
 * Does `user` exist for a host the nodes can connect from, and does it hold the rights the node needs
 * on `database`? Database grants match like LIKE patterns (`shared_db`, `shared\_db`, `shared%` all
 * cover shared_db), so the grant's schema is used as the pattern; global grants (`*.*`) count too.
 */
export async function inspectMariadb(exec: Exec, user: string, database: string): Promise<DbInspection> {
  const users = await mysql(exec, "db", `SELECT Host FROM mysql.user WHERE User = ${mysqlLiteral(user)} ORDER BY Host`);
  if (!users.ok) return { ok: false, error: users.error };
  const hosts = users.rows.map((r) => r[0] ?? "");
  const localOnly: ReadonlySet<string> = new Set(LOCAL_ONLY_HOSTS);
  const remote = hosts.filter((h) => !localOnly.has(h));
  const schemata = await mysql(exec, "db", `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${mysqlLiteral(database)}`);
  if (!schemata.ok) return { ok: false, error: schemata.error };
  const dbExists = schemata.rows.length > 0;

  const userSays =
    hosts.length === 0
      ? `no user ${user}`
      : remote.length === 0
        ? `user ${user} exists only for ${hosts.join(", ")}: the nodes connect from their own containers, so create it for '%'`
        : `user ${user} exists for ${remote.map((h) => `'${h}'`).join(", ")}`;
  if (!dbExists) return { ok: true, usable: false, observed: `${userSays}; no database ${database}` };
  if (remote.length === 0) return { ok: true, usable: false, observed: `${userSays}; database ${database} exists` };

  const grantees = remoteGranteesSql(user);
  const granted = await mysql(
    exec,
    "db",
    `SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE IN (${grantees}) AND ${mysqlLiteral(database)} LIKE TABLE_SCHEMA ` +
      `UNION SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE IN (${grantees})`,
  );
  if (!granted.ok) return { ok: false, error: granted.error };
  const has = new Set(granted.rows.map((r) => r[0] ?? ""));
  const missing = NEEDED_PRIVILEGES.filter((p) => !has.has(p));
  const rights = missing.length === 0 ? `${user} can create tables in it and write them` : `${user} lacks ${missing.join(", ")} on it (GRANT them)`;
  return { ok: true, usable: missing.length === 0, observed: `${userSays}; database ${database} exists (${rights})` };
}

export const mariadbEngine: SharedDbEngine = {
  lab: "shared-db-mariadb",
  product: "MariaDB",
  accounts: "users",
  port: 3306,
  datasourceType: "mariadb",
  // The training node speaks the MySQL protocol (mysql2) to MariaDB and names it so in its datasource description.
  reportedKind: "mysql",
  initSqlFix:
    "`CREATE DATABASE shared_db;`, `CREATE USER 'wso2carbon'@'%' IDENTIFIED BY 'wso2carbon';` and `GRANT ALL PRIVILEGES ON shared_db.* TO 'wso2carbon'@'%';`",
  expectedDatabase: "a user wso2carbon the nodes can log in as from their containers, and a database shared_db it can create tables in and write",
  inspect: inspectMariadb,
};
