/**
 * The shared-db lab: two nodes and a real PostgreSQL. The learner creates the database and its user,
 * points [database.shared_db] of both nodes at it, and turns clustering on. Checks look in the database
 * itself (SQL inside the db node), write on one node and read on the other, race increments through
 * both nodes (with and without transactions), and show the registry cache going stale without
 * clustering and being invalidated with it; the local registry must stay local. The checks are shared
 * with the MariaDB variant (labs/shared-db-mariadb) through ./checks.ts.
 */
import { defineLab } from "@/lib/labs";
import { sharedDbChecks } from "./checks";
import { postgresEngine } from "./postgres-engine";

export const sharedDbLab = defineLab({
  id: "shared-db",
  title: "Two nodes on a shared database",
  technique: "shared database",
  summary:
    "Create the database and user, share it between two nodes, race increments, and see why clustering matters for registry caches.",
  lessons: [{ title: "Module 06: shared databases and registry mounting", href: "/labs/shared-db" }],
  topology: {
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      { name: "node1", role: "carbon", memoryMb: 256 },
      { name: "node2", role: "carbon", memoryMb: 256 },
    ],
  },
  runtimes: ["docker"],
  // Clustering comes in step 4 (registry-cache-invalidated grades it with the stale read as evidence).
  lint: { ignore: ["clustering-disabled"] },
  checks: sharedDbChecks(postgresEngine),
});
