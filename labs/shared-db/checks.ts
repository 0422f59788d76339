/**
 * The checks of the shared-database lesson, for any database engine the training node speaks. The lesson
 * is the same on PostgreSQL (labs/shared-db) and MariaDB (labs/shared-db-mariadb): create the database
 * and its user, point [database.shared_db] of both nodes at it, race increments through both nodes
 * (with and without transactions), see the registry cache go stale without clustering and be
 * invalidated with it, and keep the local registry local. What differs per engine is only how the
 * grader looks inside the database (its SQL probe), the port, the toml `type`, and the lab's own id
 * and README: a `SharedDbEngine`.
 */
import type { z } from "zod";
import { error, fail, pass, verdict, type CheckDefinition } from "@/lib/grading";
import {
  describeView,
  findLogLines,
  nodeApi,
  nodeClient,
  pollUntil,
  readViews,
  runTag,
  viewsAgree,
  type DbInspection,
  type Exec,
} from "@/lib/grading/probes";
import { defineLabCheck, type LabCheckContext } from "@/lib/labs";

export const SHARED_DB_NODES = ["node1", "node2"] as const;
export const SHARED_DB_USER = "wso2carbon";
export const SHARED_DB_NAME = "shared_db";
const INCREMENTS = 40;
const WORKERS = 8;

export type { DbInspection };

type RegistryRead = z.infer<typeof nodeApi.registryRead>;

export type SharedDbEngine = {
  /** The lab's id: its README, the `lab down/up` commands in hints, and the registry paths the checks write. */
  lab: string;
  /** The product name learners see ("PostgreSQL", "MariaDB"). */
  product: string;
  /** What the database calls its accounts, for the nudge ("roles", "users"). */
  accounts: string;
  port: number;
  /** The deployment.toml `type` the lesson teaches for [database.shared_db]. */
  datasourceType: string;
  /** How the training node names the engine in its datasource description (`WSO2_SHARED_DB (<kind> db:port/name)`). */
  reportedKind: string;
  /** The db/init.sql statements of the fix, as learners type them. */
  initSqlFix: string;
  /** What `db-user-and-database` expects, in words. */
  expectedDatabase: string;
  /** Look inside the db node with the engine's SQL client: does `user` exist and can it use `database`? */
  inspect(exec: Exec, user: string, database: string): Promise<DbInspection>;
};

/** Write a registry resource on `node`: null when stored, else what the node said. */
async function registryPut(ctx: LabCheckContext, node: string, path: string, content: string): Promise<string | null> {
  const res = await nodeClient(ctx, node).registry.put(path, content);
  return res.ok ? null : `${res.said} (PUT ${path})`;
}

/** Read a registry resource on `node`, with a sentence for the evidence either way. */
async function registryGet(
  ctx: LabCheckContext,
  node: string,
  path: string,
): Promise<{ read: RegistryRead | null; said: string }> {
  const res = await nodeClient(ctx, node).registry.get(path);
  if (!res.ok) return { read: null, said: res.said };
  const read = res.value;
  return { read, said: `${node} reads "${read.content}" (cache ${read.cache}, from ${read.storedIn})` };
}

/** The six checks of the shared-database lesson (10 points; one is a 0-point demonstration), worded and probed for `engine`. */
export function sharedDbChecks(engine: SharedDbEngine): Array<CheckDefinition<LabCheckContext>> {
  const readme = `labs/${engine.lab}/README.mdx`;
  const nodes = SHARED_DB_NODES;
  const target = `db:${engine.port}/${SHARED_DB_NAME}`;

  const dbPrepared = defineLabCheck({
    id: "db-user-and-database",
    title: `${engine.product} has the user ${SHARED_DB_USER} and the database ${SHARED_DB_NAME} it can use`,
    points: 2,
    hint: {
      nudge: `Which ${engine.accounts} and databases does ${engine.product} on db have? db/init.sql is what runs on its first start.`,
      lesson: `${readme}, step 1: WSO2 does not create its databases; you create the database and the user, and the product creates its tables.`,
      fix: `In db/init.sql: ${engine.initSqlFix}, then \`lab down ${engine.lab}\` and \`lab up ${engine.lab}\` (init.sql runs on a fresh database only).`,
    },
    async run(ctx) {
      const found = await engine.inspect(ctx.exec, SHARED_DB_USER, SHARED_DB_NAME);
      if (!found.ok) return error(`the grader can query ${engine.product} on db`, found.error);
      return verdict(found.usable, engine.expectedDatabase, found.observed);
    },
  });

  const sharedDatasource = defineLabCheck({
    id: "shared-datasource",
    title: `Both nodes' WSO2_SHARED_DB is the ${engine.product} database on db`,
    points: 2,
    hint: {
      nudge: "Which database does each node use for shared data? Its /api/counter answer names it.",
      lesson: `${readme}, step 2: [database.shared_db] becomes WSO2_SHARED_DB (jdbc/SHARED_DB), behind the user store and the config and governance registry (facts §7).`,
      fix: `On both nodes add [database.shared_db] with type = "${engine.datasourceType}", hostname = "db", port = ${engine.port}, name = "${SHARED_DB_NAME}", username = "${SHARED_DB_USER}", password = "${SHARED_DB_USER}".`,
    },
    async run(ctx) {
      const observed: Array<string> = [];
      let ok = 0;
      for (const node of nodes) {
        const res = await nodeClient(ctx, node).counter.read("shared-db-probe");
        if (res.ok && res.value.datasource.includes("WSO2_SHARED_DB") && res.value.datasource.includes(target)) ok++;
        observed.push(res.ok ? `${node}: ${res.value.datasource}` : res.said);
      }
      const expected = `both nodes use WSO2_SHARED_DB on ${engine.reportedKind} ${target}`;
      if (ok === nodes.length) return pass(expected, observed.join("; "));
      return fail(
        expected,
        observed.join("; "),
        (await findLogLines(ctx.logTail, "node1", /datasource|WSO2_SHARED_DB|password|database/i)).slice(-3),
      );
    },
  });

  const writeReadAcross = defineLabCheck({
    id: "write-one-read-other",
    title: "A governance registry resource written on node1 is read on node2",
    points: 2,
    requires: ["shared-datasource"],
    hint: {
      nudge: "A resource under /_system/governance goes to the mounted, shared registry.",
      lesson: `${readme}, step 3: config and governance are mounted on the shared database; the local registry is not.`,
      fix: "Make sure both nodes' [database.shared_db] point at the same database (same hostname, port and name).",
    },
    async run(ctx) {
      const path = `/_system/governance/labs/${engine.lab}/${runTag()}`;
      const problem = await registryPut(ctx, "node1", path, "written-on-node1");
      if (problem) return fail("node1 stores the resource", problem);
      const { read, said } = await registryGet(ctx, "node2", path);
      const expected = `node2 reads "written-on-node1" at ${path}, from the shared database`;
      return verdict(read?.content === "written-on-node1" && read.shared, expected, said);
    },
  });

  const transactions = defineLabCheck({
    id: "concurrent-increments",
    title: "Demonstration: concurrent increments through both nodes lose nothing with transactions (and do without)",
    // A demonstration, worth nothing: the grader chooses ?tx=1 and the node does the locking, so no
    // learner decision is graded here (content review §4c).
    points: 0,
    requires: ["shared-datasource"],
    timeoutMs: 90_000,
    hint: {
      nudge: "Both nodes update one row of the shared database at the same time.",
      lesson: `${readme}, step 3: read-then-write without a transaction loses updates; SELECT … FOR UPDATE in a transaction does not.`,
      fix: "Keep both nodes on the same shared database and its pool settings at their defaults (maxActive 50); the check sends ?tx=1 for the transactional run.",
    },
    async run(ctx) {
      async function race(tx: boolean): Promise<{ value: number | null; failures: Array<string> }> {
        const name = `shared-db-race-${tx ? "tx" : "plain"}-${runTag()}`;
        const failures: Array<string> = [];
        let next = 0;
        async function worker(w: number): Promise<void> {
          while (next < INCREMENTS && !ctx.signal.aborted) {
            next++;
            const node = nodes[w % nodes.length] ?? "node1";
            const res = await nodeClient(ctx, node).counter.increment(name, { tx, timeoutMs: 15_000 });
            if (!res.ok) failures.push(res.status === null ? res.said : `${node}: HTTP ${res.status}`);
          }
        }
        await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
        const read = await nodeClient(ctx, "node1").counter.read(name);
        return { value: read.ok ? read.value.value : null, failures };
      }
      const plain = await race(false);
      const withTx = await race(true);
      const observed = `${INCREMENTS} increments by ${WORKERS} clients over node1 and node2: without a transaction the counter ends at ${plain.value ?? "?"}, with ?tx=1 at ${withTx.value ?? "?"}${withTx.failures.length ? `; ${withTx.failures.length} transactional requests failed (${[...new Set(withTx.failures)].slice(0, 3).join(", ")})` : ""}`;
      const expected = `with transactions the counter ends at exactly ${INCREMENTS}`;
      return verdict(withTx.value === INCREMENTS && withTx.failures.length === 0, expected, observed);
    },
  });

  const cacheInvalidation = defineLabCheck({
    id: "registry-cache-invalidated",
    title: "A registry update on node1 is not served stale from node2's cache",
    points: 3,
    requires: ["write-one-read-other"],
    timeoutMs: 60_000,
    hint: {
      nudge:
        "node2 caches what it read from the registry (Carbon keeps it 15 minutes). Who tells node2 that node1 changed it?",
      lesson: `${readme}, step 4: without clustering each node's registry cache only expires; with clustering a write invalidates the copy on every member.`,
      fix: `Add a [clustering] section to both nodes (membership_scheme = "wka", local_member_host = "nodeN", members = ["node1:4000", "node2:4000"]) plus the [hazelcast] lines of the README, then \`lab down ${engine.lab}\` and \`lab up ${engine.lab}\`.`,
    },
    async run(ctx) {
      // With clustering on, give the two nodes time to find each other first (≤ 20 s).
      const views = await pollUntil(
        () => readViews(ctx, nodes),
        (v) => viewsAgree(v, nodes) || v.every((x) => "view" in x && !x.view.clusteringEnabled),
        {
          timeoutMs: 20_000,
          intervalMs: 500,
          signal: ctx.signal,
        },
      );
      const path = `/_system/config/labs/${engine.lab}/${runTag()}`;
      const steps: Array<string> = [`cluster: ${views.value.map(describeView).join("; ")}`];
      const first = await registryPut(ctx, "node1", path, "version-1");
      if (first) return fail("node1 stores version-1", first);
      steps.push((await registryGet(ctx, "node2", path)).said);
      const again = await registryGet(ctx, "node2", path);
      steps.push(again.said);
      const second = await registryPut(ctx, "node1", path, "version-2");
      if (second) return fail("node1 stores version-2", second);
      // The invalidation is a message between members: allow it a moment to arrive.
      const after = await pollUntil(
        () => registryGet(ctx, "node2", path),
        (r) => r.read?.content === "version-2",
        { timeoutMs: 3_000, intervalMs: 250, signal: ctx.signal },
      );
      steps.push(`after node1 wrote version-2: ${after.value.said}`);
      const expected = "node2 reads version-2 right after node1 writes it (its cached version-1 invalidated)";
      return after.satisfied ? pass(expected, steps.join("; ")) : fail(expected, `${steps.join("; ")}: a stale read`);
    },
  });

  const localStaysLocal = defineLabCheck({
    id: "local-registry-stays-local",
    title: "The local registry stays local to each node",
    points: 1,
    // Before anything is shared, "local stays local" is true of any workspace: it grades the split the
    // learner makes (shared_db shared, WSO2_CARBON_DB per node), so it waits for shared-datasource.
    requires: ["shared-datasource"],
    hint: {
      nudge: "Only config and governance are shared; each node's local registry (WSO2_CARBON_DB) is its own.",
      lesson: `${readme}, step 3: the local registry is per node and never shared (facts §7).`,
      fix: "Leave WSO2_CARBON_DB on each node's embedded H2 database; share only WSO2_SHARED_DB.",
    },
    async run(ctx) {
      const path = `/_system/local/labs/${engine.lab}/${runTag()}`;
      const problem = await registryPut(ctx, "node1", path, "only-on-node1");
      if (problem) return fail("node1 stores a local resource", problem);
      const res = await nodeClient(ctx, "node2").registry.get(path);
      const missing = !res.ok && res.status === 404;
      const observed = missing
        ? `node2 has no ${path} (HTTP 404)`
        : res.ok
          ? `node2 answers HTTP 200: "${res.value.content}" from ${res.value.storedIn}`
          : res.said;
      return verdict(missing, "node2 does not see node1's local resource", observed);
    },
  });

  return [dbPrepared, sharedDatasource, writeReadAcross, transactions, cacheInvalidation, localStaysLocal];
}
