/**
 * The shared-db lesson on MariaDB: two nodes and a real MariaDB. The learner creates the database,
 * the user and its grant, points [database.shared_db] of both nodes at it (type = "mariadb", port
 * 3306), and turns clustering on. The checks are labs/shared-db's (./checks.ts there), with the
 * MariaDB probe, port and datasource type.
 */
import { defineLab } from "@/lib/labs";
import { sharedDbChecks } from "@/labs/shared-db/checks";
import { mariadbEngine } from "./mariadb-engine";

export const sharedDbMariadbLab = defineLab({
  id: "shared-db-mariadb",
  title: "Two nodes on a shared database (MariaDB)",
  technique: "shared database",
  summary:
    "The shared-database lab on MariaDB: create the database, user and grant, share it between two nodes, race increments, and see why clustering matters for registry caches.",
  lessons: [{ title: "Module 06: shared databases and registry mounting", href: "/labs/shared-db-mariadb" }],
  topology: {
    nodes: [
      // MariaDB's first start installs its system tables and runs db/init.sql before it listens: allow it time.
      { name: "db", role: "mariadb", memoryMb: 384, readyTimeoutMs: 90_000 },
      { name: "node1", role: "carbon", memoryMb: 256 },
      { name: "node2", role: "carbon", memoryMb: 256 },
    ],
  },
  runtimes: ["docker"],
  // Clustering comes in step 4 (registry-cache-invalidated grades it with the stale read as evidence).
  lint: { ignore: ["clustering-disabled"] },
  checks: sharedDbChecks(mariadbEngine),
});
