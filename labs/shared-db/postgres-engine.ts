/**
 * PostgreSQL for the shared-database lesson (labs/shared-db): the grader asks pg_roles and pg_database
 * with psql inside the db node.
 */
import { psql, sqlLiteral, type Exec } from "@/lib/grading/probes";
import type { DbInspection, SharedDbEngine } from "./checks";

/** Does `user` exist as a login role, and can it connect to and create tables in `database`? */
async function inspectPostgres(exec: Exec, user: string, database: string): Promise<DbInspection> {
  const role = await psql(exec, "db", `SELECT rolcanlogin FROM pg_roles WHERE rolname = ${sqlLiteral(user)}`);
  if (!role.ok) return { ok: false, error: role.error };
  const hasRole = role.rows[0]?.[0] === "t";
  // has_database_privilege() fails for a role that does not exist: ask it only when the role does.
  const privilege = hasRole ? `has_database_privilege(${sqlLiteral(user)}, datname, 'CONNECT,CREATE')` : "false";
  const db = await psql(exec, "db", `SELECT pg_get_userbyid(datdba), ${privilege} FROM pg_database WHERE datname = ${sqlLiteral(database)}`);
  if (!db.ok) return { ok: false, error: db.error };
  const dbRow = db.rows[0];
  const usable = dbRow?.[1] === "t";
  const observed = [
    hasRole ? `role ${user} exists and can log in` : `no login role ${user}`,
    dbRow ? `database ${database} exists (owner ${dbRow[0]}; ${user} ${usable ? "can" : "cannot"} connect and create tables)` : `no database ${database}`,
  ];
  return { ok: true, usable: hasRole && usable, observed: observed.join("; ") };
}

export const postgresEngine: SharedDbEngine = {
  lab: "shared-db",
  product: "PostgreSQL",
  accounts: "roles",
  port: 5432,
  datasourceType: "postgre",
  reportedKind: "postgresql",
  initSqlFix: "`CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';` and `CREATE DATABASE shared_db OWNER wso2carbon;`",
  expectedDatabase: "a login role wso2carbon and a database shared_db it can connect to and create tables in",
  inspect: inspectPostgres,
};
