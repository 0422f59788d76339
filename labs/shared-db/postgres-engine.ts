/**
 * PostgreSQL for the shared-database lesson (labs/shared-db): the grader asks pg_roles and pg_database
 * with psql inside the db node (lib/grading/probes inspectPostgresAccess).
 */
import { inspectPostgresAccess } from "@/lib/grading/probes";
import type { SharedDbEngine } from "./checks";

export const postgresEngine: SharedDbEngine = {
  lab: "shared-db",
  product: "PostgreSQL",
  accounts: "roles",
  port: 5432,
  datasourceType: "postgre",
  reportedKind: "postgresql",
  initSqlFix: "`CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';` and `CREATE DATABASE shared_db OWNER wso2carbon;`",
  expectedDatabase: "a login role wso2carbon and a database shared_db it can connect to and create tables in",
  inspect: (exec, user, database) => inspectPostgresAccess(exec, "db", user, database),
};
