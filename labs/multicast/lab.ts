/**
 * The multicast lab: four nodes on two networks, node1/node2 on network a and node3/node4 on network b
 * (a runtime "segment": multicast cannot leave it, unicast reaches every node, like EC2 subnets). With
 * multicast discovery each network forms its own cluster and they never meet (the starter, shown as
 * evidence with the nodes' own views); switched to WKA with a well-known member on each side, they do.
 */
import { fail, pass } from "@/lib/grading";
import {
  describeView,
  findLogLinesIn,
  readNodeConfig,
  readViews,
  viewsAgree,
  waitForAgreement,
  wkaList,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck } from "@/lib/labs";

const NODES = ["node1", "node2", "node3", "node4"] as const;
const NETWORK_A = ["node1", "node2"] as const;
const NETWORK_B = ["node3", "node4"] as const;
const README = "labs/multicast/README.mdx";

const clusteringOn = defineLabCheck({
  id: "clustering-on",
  title: "Clustering is on, in one domain, on all four nodes",
  points: 1,
  hint: {
    nudge: "Ask each node: `curl http://127.0.0.1:<port>/carbon/cluster`.",
    lesson: `${README}, step 1: clustering is enabled by <clustering enable="true"> in axis2.xml; the domain names the cluster.`,
    fix: 'Set `enable="true"` on the <clustering> element of node4/repository/conf/axis2/axis2.xml (keep `<parameter name="domain">wso2.carbon.domain</parameter>` on every node), then `lab down multicast` and `lab up multicast`.',
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const ok = views.every((v) => "view" in v && v.view.clusteringEnabled && v.view.domain === "wso2.carbon.domain");
    const observed = views
      .map((v) =>
        "view" in v
          ? `${v.node}: ${v.view.clusteringEnabled ? `${v.view.scheme}, domain ${v.view.domain}` : "clustering disabled"}`
          : `${v.node}: ${v.error}`,
      )
      .join("; ");
    const expected = "clustering on with domain wso2.carbon.domain everywhere";
    if (ok) return pass(expected, observed);
    const off = views.filter((v) => !("view" in v) || !v.view.clusteringEnabled).map((v) => v.node);
    return fail(
      expected,
      observed,
      await findLogLinesIn(ctx.logTail, off, /Clustering has been disabled|membership management scheme/),
    );
  },
});

const oneCluster = defineLabCheck({
  id: "one-cluster-across-networks",
  title: "The nodes of both networks form ONE cluster",
  points: 4,
  requires: ["clustering-on"],
  timeoutMs: 45_000,
  hint: {
    nudge: "Compare node1's and node3's member lists. Who can hear whose multicast?",
    lesson: `${README}, step 2: multicast reaches only the nodes of one network (it does not cross routers; EC2 does not carry it at all). WKA uses unicast TCP, which does.`,
    fix: 'In every axis2.xml: `<parameter name="membershipScheme">wka</parameter>` and a <members> list with one well-known member on each network (node1:4000 and node3:4000), then `lab down multicast` and `lab up multicast`.',
  },
  async run(ctx) {
    const result = await waitForAgreement(ctx, NODES, { timeoutMs: 25_000, intervalMs: 500 });
    const observed = result.value.map(describeView).join("; ");
    const expected = "all four nodes joined, each listing node1, node2, node3 and node4";
    if (result.satisfied) return pass(expected, observed);
    const onA = result.value.filter((v) => (NETWORK_A as ReadonlyArray<string>).includes(v.node));
    const onB = result.value.filter((v) => (NETWORK_B as ReadonlyArray<string>).includes(v.node));
    const split = viewsAgree(onA, NETWORK_A) && viewsAgree(onB, NETWORK_B);
    const explanation = split
      ? ": two clusters that never meet, one per network (multicast does not cross from network a to b)"
      : "";
    return fail(
      expected,
      `after ${(result.elapsedMs / 1000).toFixed(0)} s: ${observed}${explanation}`,
      await findLogLinesIn(
        ctx.logTail,
        ["node1", "node3"],
        /membership management scheme|Member joined|Elected this member/,
        3,
      ),
    );
  },
});

const wkaAcross = defineLabCheck({
  id: "wka-member-on-each-network",
  title: "WKA with a well-known member on each network, listed the same on every node",
  points: 2,
  requires: ["clustering-on"],
  hint: {
    nudge: "Which scheme works where multicast cannot reach, and which members must be well known?",
    lesson: `${README}, step 3: with WKA, joiners contact a listed member over TCP; list at least two, and here one per network so either side can start the cluster.`,
    fix: "Use the same <members> on all nodes: node1:4000 (network a) and node3:4000 (network b).",
  },
  async run(ctx) {
    const problems: Array<string> = [];
    const lists = new Set<string>();
    for (const node of NODES) {
      const { config } = await readNodeConfig(ctx.workspace, node);
      const list = wkaList(config);
      lists.add([...list].sort().join(","));
      if (config.clustering.scheme !== "wka") problems.push(`${node}: scheme ${config.clustering.scheme ?? "none"}`);
      else {
        if (!NETWORK_A.some((n) => list.includes(`${n}:4000`)))
          problems.push(`${node} lists no member of network a (node1, node2)`);
        if (!NETWORK_B.some((n) => list.includes(`${n}:4000`)))
          problems.push(`${node} lists no member of network b (node3, node4)`);
      }
    }
    if (lists.size > 1) problems.push("the nodes list different members");
    const expected = "scheme wka on every node, the same list, with a member of network a and one of network b";
    return problems.length === 0
      ? pass(expected, `every node lists [${[...lists][0]?.split(",").join(", ")}]`)
      : fail(expected, problems.join("; "));
  },
});

export const multicastLab = defineLab({
  id: "multicast",
  title: "Multicast discovery, and where it stops",
  technique: "multicast",
  summary: "Four nodes on two networks: multicast makes two clusters that never meet; WKA makes one.",
  lessons: [{ title: "Module 06: membership schemes (multicast vs WKA)", href: "/labs/multicast" }],
  topology: {
    nodes: [
      // The training node binds every interface: node3/node4 have one per network.
      ...NETWORK_A.map((name) => ({
        name,
        role: "carbon" as const,
        memoryMb: 256,
        env: { CARBON_NODE_BIND: "0.0.0.0" },
      })),
      ...NETWORK_B.map((name) => ({
        name,
        role: "carbon" as const,
        memoryMb: 256,
        env: { CARBON_NODE_BIND: "0.0.0.0" },
        segment: "b",
      })),
    ],
  },
  runtimes: ["docker"],
  // node3/node4 and node2/node4 stay out of the WKA list on purpose (one well-known member per network);
  // node4 starts unclustered on purpose (clustering-on reports it with the node's own log line).
  lint: { ignore: ["clustering-disabled", "node-missing-from-members", "shared-datasource-local-h2"] },
  checks: [clusteringOn, oneCluster, wkaAcross],
});
