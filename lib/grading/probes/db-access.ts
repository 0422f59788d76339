/**
 * Database inspection probes: from inside the lab's database node (its own SQL client, via exec), can
 * a user use a database, and who owns which database? Labs word the verdicts; these only look.
 */
import { mysql, mysqlLiteral } from "./mysql";
import { psql, sqlLiteral, type Exec } from "./sql";

/** What the grader found inside the database: verdict material, or why it could not look. */
export type DbInspection = { ok: true; usable: boolean; observed: string } | { ok: false; error: string };

/** PostgreSQL: does `user` exist as a login role, and can it connect to and create tables in `database`? */
export async function inspectPostgresAccess(
  exec: Exec,
  node: string,
  user: string,
  database: string,
): Promise<DbInspection> {
  const role = await psql(exec, node, `SELECT rolcanlogin FROM pg_roles WHERE rolname = ${sqlLiteral(user)}`);
  if (!role.ok) return { ok: false, error: role.error };
  const hasRole = role.rows[0]?.[0] === "t";
  // has_database_privilege() fails for a role that does not exist: ask it only when the role does.
  const privilege = hasRole ? `has_database_privilege(${sqlLiteral(user)}, datname, 'CONNECT,CREATE')` : "false";
  const db = await psql(
    exec,
    node,
    `SELECT pg_get_userbyid(datdba), ${privilege} FROM pg_database WHERE datname = ${sqlLiteral(database)}`,
  );
  if (!db.ok) return { ok: false, error: db.error };
  const dbRow = db.rows[0];
  const usable = dbRow?.[1] === "t";
  const observed = [
    hasRole ? `role ${user} exists and can log in` : `no login role ${user}`,
    dbRow
      ? `database ${database} exists (owner ${dbRow[0]}; ${user} ${usable ? "can" : "cannot"} connect and create tables)`
      : `no database ${database}`,
  ];
  return { ok: true, usable: hasRole && usable, observed: observed.join("; ") };
}

/** PostgreSQL: the owner of each of `databases` that exists (a missing database is absent from the map). */
export async function postgresDatabaseOwners(
  exec: Exec,
  node: string,
  databases: ReadonlyArray<string>,
): Promise<{ ok: true; owners: Map<string, string> } | { ok: false; error: string }> {
  const res = await psql(
    exec,
    node,
    `SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN (${databases.map(sqlLiteral).join(", ")}) ORDER BY datname`,
  );
  if (!res.ok) return { ok: false, error: res.error };
  return { ok: true, owners: new Map(res.rows.map((r) => [r[0] ?? "", r[1] ?? ""])) };
}

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
 * MariaDB: does `user` exist for a host the nodes can connect from, and does it hold the rights the node
 * needs on `database`? Database grants match like LIKE patterns (`shared_db`, `shared\_db`, `shared%` all
 * cover shared_db), so the grant's schema is used as the pattern; global grants (`*.*`) count too.
 */
export async function inspectMariadbAccess(
  exec: Exec,
  node: string,
  user: string,
  database: string,
): Promise<DbInspection> {
  const users = await mysql(exec, node, `SELECT Host FROM mysql.user WHERE User = ${mysqlLiteral(user)} ORDER BY Host`);
  if (!users.ok) return { ok: false, error: users.error };
  const hosts = users.rows.map((r) => r[0] ?? "");
  const localOnly: ReadonlySet<string> = new Set(LOCAL_ONLY_HOSTS);
  const remote = hosts.filter((h) => !localOnly.has(h));
  const schemata = await mysql(
    exec,
    node,
    `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${mysqlLiteral(database)}`,
  );
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
    node,
    `SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE IN (${grantees}) AND ${mysqlLiteral(database)} LIKE TABLE_SCHEMA ` +
      `UNION SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE IN (${grantees})`,
  );
  if (!granted.ok) return { ok: false, error: granted.error };
  const has = new Set(granted.rows.map((r) => r[0] ?? ""));
  const missing = NEEDED_PRIVILEGES.filter((p) => !has.has(p));
  const rights =
    missing.length === 0
      ? `${user} can create tables in it and write them`
      : `${user} lacks ${missing.join(", ")} on it (GRANT them)`;
  return { ok: true, usable: missing.length === 0, observed: `${userSays}; database ${database} exists (${rights})` };
}
