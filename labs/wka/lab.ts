/**
 * The WKA lab: four training nodes that must form ONE cluster through well-known members. The checks
 * read each node's own view (`/carbon/cluster`) and its configuration, then run two drills on the live
 * cluster: a WKA member is killed (the survivors agree and a new node still joins), then every WKA
 * member is down (a new node cannot join: shown as evidence, with the training node's log line, which models
 * WSO2's documented limit and is not a Carbon log line).
 */
import { fail, pass, verdict } from "@/lib/grading";
import {
  advertisedAddress,
  configFile,
  createDrill,
  describeView,
  findLogLines,
  findLogLinesIn,
  hazelcastSeconds,
  markLogs,
  pollUntil,
  readClusterView,
  readNodeConfig,
  readViews,
  waitForAgreement,
  wkaList,
  type NodeConfig,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck, type LabCheckContext } from "@/lib/labs";

const NODES = ["node1", "node2", "node3", "node4"] as const;
const README = "labs/wka/README.mdx";
/** The drill budget for failure detection: the README asks for max.no.heartbeat ≤ 10 s. */
const DETECTION_BUDGET_S = 10;

async function nodeConfigs(ctx: LabCheckContext): Promise<Array<NodeConfig>> {
  return Promise.all(NODES.map((node) => readNodeConfig(ctx.workspace, node)));
}

/** Which lab nodes are well-known members: their advertised address is in the (agreed) member list. */
function wellKnownNodes(configs: Array<NodeConfig>): { wka: Array<string>; others: Array<string> } {
  const listed = new Set(configs.flatMap((c) => wkaList(c.config)));
  const wka = configs.filter((c) => listed.has(advertisedAddress(c))).map((c) => c.node);
  return { wka, others: NODES.filter((n) => !wka.includes(n)) };
}

const clusteringOn = defineLabCheck({
  id: "clustering-on-wka",
  title: "Clustering is on with the WKA scheme on every node",
  points: 2,
  hint: {
    nudge:
      "Ask every node what it thinks: `curl http://127.0.0.1:<port>/carbon/cluster` (ports from `lab status wka`). One of them is not clustered.",
    lesson: `${README}, step 1: clustering is enabled only when [clustering] has a membership_scheme (facts §4).`,
    fix: 'Give node3/repository/conf/deployment.toml the same [clustering] section as node1 (membership_scheme = "wka", domain, local_member_host = "node3", local_member_port, members), then `lab down wka` and `lab up wka`.',
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const wrong = views.filter((v) => !("view" in v) || !v.view.clusteringEnabled || v.view.scheme !== "wka");
    const observed = views
      .map((v) =>
        "view" in v
          ? `${v.node}: ${v.view.clusteringEnabled ? `scheme ${v.view.scheme}` : "clustering disabled"}`
          : `${v.node}: ${v.error}`,
      )
      .join("; ");
    const expected = "every node reports clusteringEnabled with scheme wka";
    if (wrong.length === 0) return pass(expected, observed);
    const log = await findLogLinesIn(
      ctx.logTail,
      wrong.map((v) => v.node),
      /Clustering has been disabled|membership management scheme|Invalid membership scheme/,
    );
    return fail(expected, observed, log);
  },
});

const oneDomain = defineLabCheck({
  id: "one-domain",
  title: "Every node is in the same clustering domain",
  points: 1,
  requires: ["clustering-on-wka"],
  hint: {
    nudge: "Nodes in different domains ignore each other even when they can reach each other.",
    lesson: `${README}, step 1: the domain is the cluster's name (Hazelcast group); default wso2.carbon.domain.`,
    fix: 'Use the same `domain = "wso2.carbon.domain"` in [clustering] of every node.',
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const domains = new Set(views.map((v) => ("view" in v ? v.view.domain : `(${v.error})`)));
    const observed = views
      .map((v) => ("view" in v ? `${v.node}: ${v.view.domain}` : `${v.node}: ${v.error}`))
      .join("; ");
    return verdict(domains.size === 1 && views.every((v) => "view" in v), "one domain on all four nodes", observed);
  },
});

const twoWkaMembers = defineLabCheck({
  id: "two-wka-members",
  title: "At least two well-known members, listed the same way on every node",
  points: 2,
  hint: {
    nudge: "With a single well-known member, the cluster cannot take new members while that one node is down.",
    lesson: `${README}, step 2: WKA needs at least two well-known members (facts §2: "new members can join while some WKA nodes are down, not when all are down").`,
    fix: 'On every node set `members = ["node1:4000", "node2:4000"]` in [clustering] (keep node3 and node4 out of it: they play the ordinary members), then `lab down wka` and `lab up wka`.',
  },
  async run(ctx) {
    const configs = await nodeConfigs(ctx);
    const lists = configs.map((c) => ({ c, list: wkaList(c.config) }));
    const addresses = new Map(configs.map((c) => [advertisedAddress(c), c.node]));
    const problems: Array<string> = [];
    for (const { c, list } of lists) {
      if (list.length < 2)
        problems.push(`${configFile(c)} lists ${list.length} well-known member(s): [${list.join(", ")}]`);
      const unknown = list.filter((entry) => !addresses.has(entry));
      if (unknown.length > 0)
        problems.push(
          `${configFile(c)} lists ${unknown.join(", ")}, which no node of this lab advertises (nodes advertise ${[...addresses.keys()].join(", ")})`,
        );
    }
    const distinct = new Set(lists.map(({ list }) => [...list].sort().join(",")));
    if (distinct.size > 1)
      problems.push(
        `the nodes list different members: ${lists.map(({ c, list }) => `${c.node} [${list.join(", ")}]`).join("; ")}`,
      );
    const observed =
      problems.length === 0 ? `every node lists [${lists[0]?.list.join(", ") ?? ""}]` : problems.join("; ");
    const expected =
      "every node lists the same ≥ 2 well-known members, each one a node of this lab (host:port it advertises)";
    return verdict(problems.length === 0, expected, observed);
  },
});

const memberPortsUnique = defineLabCheck({
  id: "member-addresses-unique",
  title: "Each member advertises its own host:port (member ports unique per host)",
  points: 1,
  // An unclustered node advertises no member address: this grades the address node3 gets once the
  // learner clusters it (the starter's other nodes already had theirs), so it waits for clustering-on-wka.
  requires: ["clustering-on-wka"],
  hint: {
    nudge: "Two members that advertise the same host:port look like one member restarting over and over.",
    lesson: `${README}, step 1: localMemberPort is not moved by the port offset; two nodes on one host need different member ports (facts §3).`,
    fix: "Give each node its own local_member_host (its node name) and, for nodes sharing a host, distinct local_member_port values.",
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const seen = new Map<string, string>();
    const clashes: Array<string> = [];
    const observed: Array<string> = [];
    for (const v of views) {
      if (!("view" in v)) {
        observed.push(`${v.node}: ${v.error}`);
        continue;
      }
      const address = `${v.view.localMember.host}:${v.view.localMember.port}`;
      observed.push(`${v.node} advertises ${address}`);
      const other = seen.get(address);
      if (other) clashes.push(`${other} and ${v.node} both advertise ${address}`);
      seen.set(address, v.node);
    }
    const expected = "four distinct member addresses";
    return clashes.length === 0 && seen.size === NODES.length
      ? pass(expected, observed.join("; "))
      : fail(expected, [...clashes, ...observed].join("; "));
  },
});

const sameView = defineLabCheck({
  id: "same-view",
  title: "All four nodes see the same four members",
  points: 3,
  requires: ["clustering-on-wka", "one-domain", "member-addresses-unique"],
  timeoutMs: 45_000,
  hint: {
    nudge: "Compare `/carbon/cluster` of every node: who does each one list, and who is coordinator?",
    lesson: `${README}, step 3: a joining node registers with a well-known member and receives the member list from the coordinator.`,
    fix: 'Make sure every node lists reachable well-known members (node1:4000, node2:4000) and that those nodes are running; look for "Member joined" and "Could not connect to any well-known member" in `lab logs wka <node>`.',
  },
  async run(ctx) {
    const result = await waitForAgreement(ctx, NODES, { timeoutMs: 30_000, intervalMs: 500 });
    const observed = result.value.map(describeView).join("; ");
    const expected = "every node joined, listing node1, node2, node3 and node4, with one coordinator";
    if (result.satisfied) return pass(expected, `${observed} (agreed after ${(result.elapsedMs / 1000).toFixed(1)} s)`);
    const log = await findLogLinesIn(
      ctx.logTail,
      NODES,
      /Member joined|Member left|well-known member|Elected this member|refused/,
      3,
    );
    return fail(expected, `after ${(result.elapsedMs / 1000).toFixed(0)} s: ${observed}`, log);
  },
});

const drillOneWkaDown = defineLabCheck({
  id: "drill-wka-member-down",
  title: "Drill: a WKA member is killed; the survivors agree and a new node still joins",
  points: 3,
  requires: ["same-view", "two-wka-members"],
  timeoutMs: 60_000,
  hint: {
    nudge:
      "After a member dies, how long do the others wait before they drop it? Look at the Hazelcast heartbeat settings.",
    lesson: `${README}, step 4: without heartbeats for hazelcast.max.no.heartbeat.seconds a member is removed (Carbon default 600 s, facts §5 and §10).`,
    fix: `Add to every node's deployment.toml:\n[hazelcast]\n"hazelcast.heartbeat.interval.seconds" = "1"\n"hazelcast.max.no.heartbeat.seconds" = "5"\nthen \`lab down wka\` and \`lab up wka\`.`,
  },
  async run(ctx) {
    const configs = await nodeConfigs(ctx);
    const { wka, others } = wellKnownNodes(configs);
    const victim = wka[0];
    const joiner = others[others.length - 1] ?? wka.find((n) => n !== victim);
    if (!victim || !joiner)
      return fail(
        "a well-known member to kill and another node to rejoin",
        `well-known: [${wka.join(", ")}], others: [${others.join(", ")}]`,
      );
    const maxNoHeartbeat = Math.max(
      ...configs.map((c) => hazelcastSeconds(c.config, "hazelcast.max.no.heartbeat.seconds", 600)),
    );
    const drill = createDrill(ctx.cluster, ctx.signal);
    const survivors = NODES.filter((n) => n !== victim && n !== joiner);
    const since = await markLogs(ctx.logTail, [joiner]);
    try {
      // Kill the joiner too and start it again at once: it must get in through the remaining WKA member
      // while the victim is down. Its join completes once the survivors have dropped the victim (after
      // max.no.heartbeat), so both are awaited together.
      await Promise.all([drill.kill(victim), drill.kill(joiner)]);
      await drill.start(joiner);
      const rejoined = [...survivors, joiner];
      const agreed = await waitForAgreement(ctx, rejoined, {
        timeoutMs: (DETECTION_BUDGET_S + 4) * 1000,
        intervalMs: 250,
      });
      const observed = agreed.value.map(describeView).join("; ");
      const expected = `within ${DETECTION_BUDGET_S} s the survivors drop ${victim}, and ${joiner} (restarted) joins through the remaining WKA member: ${rejoined.join(", ")} agree`;
      if (!agreed.satisfied) {
        const stillListed = agreed.value.some((v) => "view" in v && v.view.members.some((m) => m.name === victim));
        const why = stillListed ? `; ${victim} is still listed (max.no.heartbeat is ${maxNoHeartbeat} s)` : "";
        return fail(expected, `after ${(agreed.elapsedMs / 1000).toFixed(0)} s: ${observed}${why}`, [
          ...drill.journal,
          ...(await findLogLines(ctx.logTail, joiner, /well-known|Member joined|refused/, { since })).slice(-3),
        ]);
      }
      drill.journal.push(
        `${rejoined.join(", ")} agree without ${victim} after ${(agreed.elapsedMs / 1000).toFixed(1)} s`,
      );
      return pass(expected, observed, drill.journal);
    } finally {
      // Not waiting: the next drill kills the victim again; it waits for every node when it restores.
      await drill.restore({ waitReady: false });
    }
  },
});

const drillAllWkaDown = defineLabCheck({
  id: "drill-all-wka-down",
  title: "Drill: with every WKA member down, a new node cannot join (shown, explained)",
  points: 2,
  requires: ["drill-wka-member-down"],
  timeoutMs: 60_000,
  hint: {
    nudge: "This drill needs a node that is NOT a well-known member: it plays the newcomer.",
    lesson: `${README}, step 5: new members join only through a well-known member (facts §2); keep node3 and node4 out of the members list in this lab.`,
    fix: "List only node1:4000 and node2:4000 in `members` on every node, then `lab down wka` and `lab up wka`.",
  },
  async run(ctx) {
    const configs = await nodeConfigs(ctx);
    const { wka, others } = wellKnownNodes(configs);
    const newcomer = others[others.length - 1];
    const expected =
      "with every WKA member down, a restarted ordinary member stays out of the cluster and says why in its log";
    if (!newcomer)
      return fail(
        expected,
        `every node is a well-known member ([${wka.join(", ")}]): there is no ordinary member to play the newcomer`,
      );
    const drill = createDrill(ctx.cluster, ctx.signal);
    // Only the newcomer's lines from this drill count: an older refusal (drill 1, a previous check) is not evidence.
    const since = await markLogs(ctx.logTail, [newcomer]);
    try {
      await Promise.all([...wka, newcomer].map((n) => drill.kill(n)));
      await drill.start(newcomer);
      // Watch the newcomer for a few join attempts (it retries every heartbeat, at most every second).
      const watched = await pollUntil(
        () => readClusterView(newcomer, ctx.url(newcomer), ctx.signal),
        (v) => "view" in v && v.view.joined,
        {
          timeoutMs: 2_500,
          intervalMs: 500,
          signal: ctx.signal,
        },
      );
      const refusal = await findLogLines(
        ctx.logTail,
        newcomer,
        /cannot join while every WKA member is down|Could not connect to any well-known member/,
        { since },
      );
      const observed = `${describeView(watched.value)} after ${(watched.elapsedMs / 1000).toFixed(1)} s with ${wka.join(", ")} down`;
      if (watched.satisfied)
        return fail(
          expected,
          `${observed}: it joined, so some node it lists is still reachable or it is itself well-known`,
          drill.journal,
        );
      if (refusal.length === 0)
        return fail(expected, `${observed}, but its log since the drill started does not say why`, drill.journal);
      return pass(
        expected,
        `${observed}. This is WKA's documented limit: a new member can only join through a well-known member, so with all of them down the cluster takes no one new (the running members keep their mesh).`,
        [...drill.journal, ...refusal.slice(-2)],
      );
    } finally {
      // Leave the cluster as we found it: every node started again and answering (they rejoin on their own).
      await drill.restore({ waitReady: true });
    }
  },
});

export const wkaLab = defineLab({
  id: "wka",
  title: "Well-known address (WKA) membership",
  technique: "well-known members",
  summary:
    "Four training nodes form one cluster through two well-known members, survive losing one, and show what happens when all are down.",
  lessons: [{ title: "Module 06: membership schemes (WKA)", href: "/labs/wka" }],
  topology: {
    nodes: NODES.map((name) => ({ name, role: "carbon" as const, memoryMb: 256 })),
  },
  runtimes: ["docker"],
  // node3 starts unclustered on purpose (the clustering-on-wka check reports it with the node's own log);
  // node3 and node4 stay out of the WKA list on purpose (they play ordinary members); nothing is shared here.
  lint: { ignore: ["clustering-disabled", "node-missing-from-members", "shared-datasource-local-h2"] },
  checks: [clusteringOn, oneDomain, twoWkaMembers, memberPortsUnique, sameView, drillOneWkaDown, drillAllWkaDown],
});
