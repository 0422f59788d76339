/**
 * The full-replication lab: a replicated map on three clustered nodes (Hazelcast-style full
 * replication). Checks write through every node and read through every other one, then drill: a node
 * that (re)joins receives the whole state, and a killed node's writes survive on the others.
 */
import { fail, pass, verdict } from "@/lib/grading";
import {
  advertisedAddress,
  configFile,
  createDrill,
  describeView,
  findLogLinesIn,
  hazelcastSeconds,
  nodeClient,
  pollUntil,
  readNodeConfig,
  runTag,
  waitForAgreement,
  wkaList,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck, type LabCheckContext } from "@/lib/labs";

const NODES = ["node1", "node2", "node3"] as const;
const README = "labs/full-replication/README.mdx";
/** The drills wait this long for the survivors to drop a killed member: the README asks for max.no.heartbeat ≤ 10 s. */
const DETECTION_BUDGET_S = 10;

/** "max.no.heartbeat: node1 600 s, node2 5 s, …": the timing the learner chose, for drill evidence. */
async function detectionTimings(ctx: LabCheckContext): Promise<string> {
  const configs = await Promise.all(NODES.map((node) => readNodeConfig(ctx.workspace, node)));
  return `hazelcast.max.no.heartbeat.seconds: ${configs.map((c) => `${c.node} ${hazelcastSeconds(c.config, "hazelcast.max.no.heartbeat.seconds", 600)} s`).join(", ")}`;
}

/** Write `key` on `node`: null when stored, else what the node said. */
async function put(ctx: LabCheckContext, node: string, key: string, value: string): Promise<string | null> {
  const res = await nodeClient(ctx, node).replicated.put(key, value);
  return res.ok ? null : res.said;
}

/** What `node` holds for `key` ("(missing)" for a 404, the error otherwise). */
async function get(ctx: LabCheckContext, node: string, key: string): Promise<string> {
  const res = await nodeClient(ctx, node).replicated.get(key, { timeoutMs: 3_000 });
  if (res.ok) return String(res.value.value);
  return res.status === 404 ? "(missing)" : `(${res.reason})`;
}

/** Poll until every reader holds every key's expected value; the last table is the evidence. */
async function waitReplicated(
  ctx: LabCheckContext,
  readers: ReadonlyArray<string>,
  expected: Record<string, string>,
  timeoutMs: number,
) {
  return pollUntil(
    async () => {
      const table: Array<{ node: string; key: string; value: string }> = [];
      for (const node of readers)
        for (const key of Object.keys(expected)) table.push({ node, key, value: await get(ctx, node, key) });
      return table;
    },
    (table) => table.every((row) => row.value === expected[row.key]),
    { timeoutMs, intervalMs: 250, signal: ctx.signal },
  );
}

function describeTable(table: Array<{ node: string; key: string; value: string }>): string {
  return table.map((r) => `${r.node}[${r.key.replace(/-[a-z0-9]+$/, "")}]=${r.value}`).join(", ");
}

const oneCluster = defineLabCheck({
  id: "one-cluster",
  title: "The three nodes form one cluster",
  points: 2,
  timeoutMs: 40_000,
  hint: {
    nudge:
      "Replication only reaches members of the same cluster. Compare each node's /carbon/cluster: domain and members.",
    lesson: `${README}, step 1: a node joins only with a [clustering] section (membership_scheme, the same domain, its own local_member_host and port).`,
    fix: 'Give node3/repository/conf/deployment.toml a [clustering] section: membership_scheme = "wka", domain = "wso2.carbon.domain", local_member_host = "node3", local_member_port = "4000" and the members list; then `lab down full-replication` and `lab up full-replication`.',
  },
  async run(ctx) {
    const result = await waitForAgreement(ctx, NODES, { timeoutMs: 25_000, intervalMs: 500 });
    const domains = result.value.map((v) => ("view" in v ? `${v.node} domain ${v.view.domain}` : v.node)).join(", ");
    const observed = `${result.value.map(describeView).join("; ")} (${domains})`;
    const expected = "node1, node2 and node3 joined, each listing all three";
    if (result.satisfied) return pass(expected, observed);
    return fail(
      expected,
      observed,
      await findLogLinesIn(ctx.logTail, NODES, /Clustering has been disabled|domain|refused|ignor/i, 2),
    );
  },
});

const everyMemberListed = defineLabCheck({
  id: "every-member-listed",
  title: "Every node lists all three members as well-known members, the same way",
  points: 2,
  hint: {
    nudge:
      "node3 joins through node1 even if nobody lists it; but who finds node3 again when node1 is the one that is down?",
    lesson: `${README}, step 2: in a fully replicated cluster list every member, the same on every node (lesson 2: a member left out can end up in a cluster of its own after a split).`,
    fix: 'On all three nodes set `members = ["node1:4000", "node2:4000", "node3:4000"]` in [clustering], then `lab down full-replication` and `lab up full-replication`.',
  },
  async run(ctx) {
    const configs = await Promise.all(NODES.map((node) => readNodeConfig(ctx.workspace, node)));
    const everyone = configs.map(advertisedAddress).sort();
    const problems = configs.flatMap((c) => {
      const listed = wkaList(c.config);
      const missing = everyone.filter((a) => !listed.includes(a));
      return missing.length > 0 ? [`${configFile(c)} lists [${listed.join(", ")}]: missing ${missing.join(", ")}`] : [];
    });
    const expected = `every node lists ${everyone.join(", ")}`;
    return problems.length === 0
      ? pass(expected, `every node lists [${everyone.join(", ")}]`)
      : fail(expected, problems.join("; "));
  },
});

const writeAnywhere = defineLabCheck({
  id: "write-anywhere-read-everywhere",
  title: "A write on any node is read on every node",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge: "Write a key on one node (`curl -X PUT -d '{\"value\":1}' .../api/replicated/k`) and read it on the others.",
    lesson: `${README}, step 2: a replicated map sends each write to every member; a node outside the cluster gets nothing.`,
    fix: "Put all three nodes in one cluster (same domain, reachable well-known members); see one-cluster.",
  },
  async run(ctx) {
    const tag = runTag();
    const expected: Record<string, string> = {};
    for (const node of NODES) {
      const key = `written-on-${node}-${tag}`;
      const problem = await put(ctx, node, key, `from-${node}`);
      if (problem) return fail(`${node} accepts the write`, problem);
      expected[key] = `from-${node}`;
    }
    const result = await waitReplicated(ctx, NODES, expected, 5_000);
    const observed = describeTable(result.value);
    return result.satisfied
      ? pass(
          "each node's write readable on all three nodes within 5 s",
          `${observed} (after ${(result.elapsedMs / 1000).toFixed(1)} s)`,
        )
      : fail("each node's write readable on all three nodes within 5 s", observed);
  },
});

const newNodeGetsState = defineLabCheck({
  id: "new-node-receives-state",
  title: "Drill: a node that joins receives the state written while it was away",
  points: 3,
  requires: ["one-cluster", "write-anywhere-read-everywhere"],
  timeoutMs: 60_000,
  hint: {
    nudge: "A member that joins must get the map's current content from the cluster, not only later writes.",
    lesson: `${README}, step 3: on join, the new member receives the full state (state transfer); a dead member is dropped only after hazelcast.max.no.heartbeat.seconds (Carbon's default is 600 s).`,
    fix: `Add to every node's [hazelcast] section "hazelcast.heartbeat.interval.seconds" = "1" and "hazelcast.max.no.heartbeat.seconds" = "5" (≤ ${DETECTION_BUDGET_S} s), so a killed member is dropped quickly; then \`lab down full-replication\` and \`lab up full-replication\`.`,
  },
  async run(ctx) {
    const drill = createDrill(ctx.cluster, ctx.signal);
    const key = `while-node3-away-${runTag()}`;
    try {
      await drill.kill("node3");
      // Let the survivors drop node3 first (max.no.heartbeat): a node that comes back while it is still
      // listed (possibly as coordinator) can be redirected to its own old address and start alone.
      const survivors = ["node1", "node2"];
      const dropped = await waitForAgreement(ctx, survivors, {
        timeoutMs: (DETECTION_BUDGET_S + 5) * 1000,
        intervalMs: 250,
      });
      if (!dropped.satisfied) {
        const observed = `${dropped.value.map(describeView).join("; ")}: node3 is still listed after ${(dropped.elapsedMs / 1000).toFixed(0)} s (${await detectionTimings(ctx)})`;
        return fail(
          `node1 and node2 drop the killed node3 within ${DETECTION_BUDGET_S + 5} s`,
          observed,
          drill.journal,
        );
      }
      drill.journal.push(`node1 and node2 dropped node3 after ${(dropped.elapsedMs / 1000).toFixed(1)} s`);
      const problem = await put(ctx, "node1", key, "written-while-away");
      if (problem) return fail("node1 accepts the write", problem, drill.journal);
      drill.journal.push(`wrote ${key} on node1`);
      await drill.start("node3");
      const joined = await waitForAgreement(ctx, NODES, { timeoutMs: 20_000, intervalMs: 250 });
      const result = await waitReplicated(ctx, ["node3"], { [key]: "written-while-away" }, 3_000);
      const observed = `${joined.value.map(describeView).join("; ")}; ${describeTable(result.value)}`;
      const expected = "node3 rejoins and holds the entry written while it was down";
      return verdict(joined.satisfied && result.satisfied, expected, observed, drill.journal);
    } finally {
      await drill.restore();
    }
  },
});

const killedWritesSurvive = defineLabCheck({
  id: "killed-node-writes-survive",
  title: "Drill: a killed node's writes survive on the others",
  points: 2,
  requires: ["one-cluster", "write-anywhere-read-everywhere"],
  timeoutMs: 60_000,
  hint: {
    nudge: "Full replication means every member has every entry: what happens to node2's entries when node2 dies?",
    lesson: `${README}, step 3: no entry lives on one member only, so losing a member loses no data.`,
    fix: "Keep all three nodes in one cluster; see one-cluster and write-anywhere-read-everywhere.",
  },
  async run(ctx) {
    const drill = createDrill(ctx.cluster, ctx.signal);
    const key = `written-by-node2-${runTag()}`;
    let killed = false;
    try {
      // The cluster may still be settling after the previous drill.
      await waitForAgreement(ctx, NODES, { timeoutMs: 20_000, intervalMs: 250 });
      const problem = await put(ctx, "node2", key, "node2-data");
      if (problem) return fail("node2 accepts the write", problem);
      const spread = await waitReplicated(ctx, ["node1", "node3"], { [key]: "node2-data" }, 5_000);
      if (!spread.satisfied) return fail("node2's entry reaches node1 and node3", describeTable(spread.value));
      await drill.kill("node2");
      killed = true;
      const survivors = await waitReplicated(ctx, ["node1", "node3"], { [key]: "node2-data" }, 2_000);
      const observed = `after killing node2: ${describeTable(survivors.value)}`;
      const expected = "node1 and node3 still hold node2's entry after node2 is killed";
      return verdict(survivors.satisfied, expected, observed, drill.journal);
    } finally {
      // Restart node2 only once the others have dropped it (see the previous drill), then let all three
      // agree again: the check leaves one cluster behind, as it found it.
      const others = ["node1", "node3"];
      if (killed) await waitForAgreement(ctx, others, { timeoutMs: 15_000, intervalMs: 250 });
      await drill.restore();
      if (killed) await waitForAgreement(ctx, NODES, { timeoutMs: 20_000, intervalMs: 250 });
    }
  },
});

export const fullReplicationLab = defineLab({
  id: "full-replication",
  title: "Full replication across the cluster",
  technique: "replicated map",
  summary:
    "A replicated map on three nodes: writes reach everyone, joiners receive the state, a dead node loses nothing.",
  lessons: [{ title: "Module 06: replication with Hazelcast", href: "/labs/full-replication" }],
  topology: { nodes: NODES.map((name) => ({ name, role: "carbon" as const, memoryMb: 256 })) },
  runtimes: ["docker"],
  // node3 starts unclustered on purpose (one-cluster reports it from the running nodes, with its log line);
  // the replicated map is this lab's shared state, so no shared database either.
  lint: { ignore: ["clustering-disabled", "shared-datasource-local-h2"] },
  checks: [oneCluster, everyMemberListed, writeAnywhere, newNodeGetsState, killedWritesSurvive],
});
