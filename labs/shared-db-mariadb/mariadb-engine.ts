/**
 * MariaDB for the shared-database lesson (labs/shared-db-mariadb): the grader asks mysql.user and
 * information_schema with the mariadb client inside the db node, as root over the local socket
 * (lib/grading/probes inspectMariadbAccess).
 */
import { inspectMariadbAccess } from "@/lib/grading/probes";
import type { SharedDbEngine } from "@/labs/shared-db/checks";

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
  expectedDatabase:
    "a user wso2carbon the nodes can log in as from their containers, and a database shared_db it can create tables in and write",
  inspect: (exec, user, database) => inspectMariadbAccess(exec, "db", user, database),
};
