/**
 * The broken-cluster lab (troubleshooting): four training nodes and nginx, set up by "a colleague"
 * with six independent mistakes a WSO2 cluster really suffers from. The learner diagnoses them from
 * the symptoms (logs, `/carbon/cluster`, the files) and fixes each one; each check grades one fault by
 * behaviour, so its points come only when that fault is fixed, whatever state the others are in.
 */
import { defineCheck, fail, pass } from "@/lib/grading";
import {
  createCookieJar,
  createDrill,
  describeTally,
  describeView,
  findLogLinesIn,
  nodeApi,
  pollUntil,
  readNodeConfig,
  readViews,
  tallyThroughLb,
  waitForAgreement,
  wkaList,
  type NodeView,
} from "@/lib/grading/probes";
import { defineLab, type LabCheckContext } from "@/lib/labs";

const NODES = ["node1", "node2", "node3", "node4"] as const;
const README = "labs/broken-cluster/README.mdx";
/** The cluster every node is meant to be in (the domain three of the four deployment.toml files name). */
const DOMAIN = "wso2.carbon.domain";
/** The README asks for failure detection within 10 s (the drill allows a few seconds of slack). */
const DETECTION_BUDGET_S = 10;
const STICKY_REQUESTS = 12;

type Answered = { node: string; view: Extract<NodeView, { view: unknown }>["view"] };

function answered(views: Array<NodeView>): Array<Answered> {
  return views.flatMap((v) => ("view" in v ? [{ node: v.node, view: v.view }] : []));
}

function unanswered(views: Array<NodeView>): Array<string> {
  return views.flatMap((v) => ("error" in v ? [`${v.node}: ${v.error}`] : []));
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Where each node's Hazelcast settings come from: deployment.toml, or a repository/conf/etc/hazelcast.xml that overrides it. */
async function configSources(ctx: LabCheckContext): Promise<Map<string, "hazelcast.xml" | "deployment.toml">> {
  const configs = await Promise.all(NODES.map((node) => readNodeConfig(ctx.workspace, node)));
  return new Map(
    configs.map((c) => [
      c.node,
      c.config.clustering.hazelcastConfigSource === "hazelcast.xml" ? "hazelcast.xml" : "deployment.toml",
    ]),
  );
}

const domainAgrees = defineCheck<LabCheckContext>({
  id: "domain-agrees",
  title: "Every node configured by deployment.toml runs in the cluster's domain",
  points: 2,
  hint: {
    nudge:
      "Ask each node which cluster it is in: `curl http://127.0.0.1:<port>/carbon/cluster` (ports from `lab status broken-cluster`) and compare the `domain` fields.",
    lesson: `${README}, step 1: the domain is the cluster's name (the Hazelcast group); members of different domains ignore each other even when they reach each other (facts §3, §4).`,
    fix: `Use domain = "${DOMAIN}" in [clustering] of every node's deployment.toml (look for a typo), then \`lab down\` and \`lab up\`.`,
  },
  async run(ctx) {
    const [views, sources] = await Promise.all([readViews(ctx, NODES), configSources(ctx)]);
    // Nodes whose Hazelcast config comes from etc/hazelcast.xml are graded by hazelcast-xml-agrees.
    const graded = answered(views).filter((a) => sources.get(a.node) === "deployment.toml");
    const wrong = graded.filter((a) => a.view.domain !== DOMAIN);
    const observed = [...graded.map((a) => `${a.node}: domain ${a.view.domain}`), ...unanswered(views)].join("; ");
    const expected = `every node configured by deployment.toml answers with domain ${DOMAIN}`;
    return wrong.length === 0 && unanswered(views).length === 0 ? pass(expected, observed) : fail(expected, observed);
  },
});

const memberHostReachable = defineCheck<LabCheckContext>({
  id: "member-host-reachable",
  title: "Every node advertises a member address the others can reach (no loopback)",
  points: 2,
  hint: {
    nudge:
      "Which address does each node tell its peers to use? Look at `localMember` in /carbon/cluster, and at each node's start-up log for a Hazelcast warning.",
    lesson: `${README}, step 2: a member that advertises 127.0.0.1 tells every peer to connect to itself; Carbon warns "Hazelcast Clustering needs ip addresses for localMemberHost and well-known members" (facts §3).`,
    fix: "Set local_member_host to the node's own name (its address on the lab network) in [clustering], then `lab down` and `lab up`.",
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const nodes = answered(views);
    const loopback = nodes.filter((a) => isLoopback(a.view.localMember.host));
    const observed = [
      ...nodes.map((a) => `${a.node} advertises ${a.view.localMember.host}:${a.view.localMember.port}`),
      ...unanswered(views),
    ].join("; ");
    const expected = "every node advertises a non-loopback host (its name on the lab network)";
    if (loopback.length === 0 && unanswered(views).length === 0) return pass(expected, observed);
    const log = await findLogLinesIn(
      ctx.logTail,
      loopback.map((a) => a.node),
      /needs ip addresses for localMemberHost/,
      1,
    );
    return fail(expected, observed, log);
  },
});

const wkaListMatches = defineCheck<LabCheckContext>({
  id: "wka-list-matches",
  title: "Every well-known member listed is an address a member really listens on",
  points: 2,
  hint: {
    nudge:
      "Compare the `members` list of each deployment.toml with the host:port each node advertises in /carbon/cluster. Does the port offset move the member port?",
    lesson: `${README}, step 3: the port offset moves servlet and transport ports, never localMemberPort (facts §3, §8).`,
    fix: 'List each well-known member at the member port it really uses: members = ["node1:4000", "node2:4000"] on every node (or give node2 local_member_port = "4001" if you want it on 4001).',
  },
  async run(ctx) {
    const [views, configs] = await Promise.all([
      readViews(ctx, NODES),
      Promise.all(NODES.map((node) => readNodeConfig(ctx.workspace, node))),
    ]);
    const advertised = new Set(answered(views).map((a) => `${a.view.localMember.host}:${a.view.localMember.port}`));
    const stray = configs.flatMap((c) =>
      wkaList(c.config)
        .filter((entry) => !advertised.has(entry))
        .map((entry) => `${c.node} lists ${entry}`),
    );
    const observed = [
      `members listen on ${[...advertised].sort().join(", ") || "(no node answered)"}`,
      ...(stray.length > 0
        ? [`no member listens on: ${stray.join(", ")}`]
        : configs.map((c) => `${c.node} lists [${wkaList(c.config).join(", ")}]`)),
      ...unanswered(views),
    ].join("; ");
    const expected = "every host:port in every node's WKA list is advertised by a running member";
    return stray.length === 0 && unanswered(views).length === 0 ? pass(expected, observed) : fail(expected, observed);
  },
});

const hazelcastXmlAgrees = defineCheck<LabCheckContext>({
  id: "hazelcast-xml-agrees",
  title: "No leftover hazelcast.xml keeps a node out of the cluster",
  points: 2,
  timeoutMs: 60_000,
  hint: {
    nudge:
      "One node's deployment.toml looks right, yet it reports another domain. Read the first lines of its log: where does it say it loaded its Hazelcast configuration from?",
    lesson: `${README}, step 4: when repository/conf/etc/hazelcast.xml exists, Carbon loads it and ignores the clustering parameters of axis2.xml/deployment.toml (facts §3).`,
    fix: "Delete node4/repository/conf/etc/hazelcast.xml (or make its group name wso2.carbon.domain), then `lab down` and `lab up`.",
  },
  async run(ctx) {
    const sources = await configSources(ctx);
    const fromXml = NODES.filter((node) => sources.get(node) === "hazelcast.xml");
    // node4 shipped with the leftover file; any node that now has one is held to the same rule.
    const targets = new Set<string>(["node4", ...fromXml]);
    const outside = (views: Array<NodeView>) =>
      answered(views).filter(
        (a) =>
          targets.has(a.node) &&
          (a.view.domain !== DOMAIN || !a.view.joined || !a.view.members.some((m) => m.name !== a.node)),
      );
    // A well-known member that finds nobody waits hazelcast.max.wait.seconds.before.join (20 s by
    // default) before it starts the cluster, so a node that is right may need that long to join.
    const polled = await pollUntil(
      () => readViews(ctx, NODES),
      (views) => outside(views).length === 0 && unanswered(views).length === 0,
      {
        timeoutMs: 35_000,
        intervalMs: 1_000,
        signal: ctx.signal,
      },
    );
    const views = polled.value;
    const nodes = answered(views);
    const xmlOutside = outside(views);
    const observed = [
      ...nodes.map(
        (a) =>
          `${a.node}: ${sources.get(a.node) === "hazelcast.xml" ? "etc/hazelcast.xml" : "deployment.toml"}, domain ${a.view.domain}, ${a.view.joined ? `sees ${a.view.members.length} member(s)` : "not joined"}`,
      ),
      ...unanswered(views),
    ].join("; ");
    const expected = `every node whose Hazelcast settings come from etc/hazelcast.xml (and node4, which had one) is in ${DOMAIN} and has joined other members`;
    if (xmlOutside.length === 0 && unanswered(views).length === 0) return pass(expected, observed);
    const log = await findLogLinesIn(
      ctx.logTail,
      xmlOutside.map((a) => a.node),
      /Loading hazelcast configuration from/,
      1,
    );
    return fail(expected, observed, log);
  },
});

const failureDetected = defineCheck<LabCheckContext>({
  id: "failure-detected",
  title: `Drill: a member is killed; the others drop it within ${DETECTION_BUDGET_S} s`,
  points: 2,
  requires: ["domain-agrees", "member-host-reachable", "hazelcast-xml-agrees"],
  timeoutMs: 75_000,
  hint: {
    nudge:
      "After node3 dies, how long do the others keep listing it? Which Hazelcast property decides, and what is its default?",
    lesson: `${README}, step 5: a member is removed after hazelcast.max.no.heartbeat.seconds without heartbeats; Carbon's default is 600 s (facts §5).`,
    fix: `Add to every node's deployment.toml:\n[hazelcast]\n"hazelcast.heartbeat.interval.seconds" = "1"\n"hazelcast.max.no.heartbeat.seconds" = "5"\nthen \`lab down\` and \`lab up\`.`,
  },
  async run(ctx) {
    const formed = await waitForAgreement(ctx, NODES, { timeoutMs: 30_000, intervalMs: 500 });
    const expected = `all four nodes in one cluster; after node3 is killed the other three agree without it within ${DETECTION_BUDGET_S} s`;
    if (!formed.satisfied)
      return fail(
        expected,
        `the four nodes did not agree before the drill: ${formed.value.map(describeView).join("; ")}`,
      );
    const drill = createDrill(ctx.cluster, ctx.signal);
    const survivors = NODES.filter((n) => n !== "node3");
    try {
      await drill.kill("node3");
      const agreed = await waitForAgreement(ctx, survivors, {
        timeoutMs: (DETECTION_BUDGET_S + 4) * 1000,
        intervalMs: 250,
      });
      const observed = agreed.value.map(describeView).join("; ");
      if (!agreed.satisfied)
        return fail(expected, `after ${(agreed.elapsedMs / 1000).toFixed(0)} s: ${observed}`, drill.journal);
      drill.journal.push(`${survivors.join(", ")} agree without node3 after ${(agreed.elapsedMs / 1000).toFixed(1)} s`);
      return pass(expected, observed, drill.journal);
    } finally {
      await drill.restore({ waitReady: true });
    }
  },
});

const sessionsStick = defineCheck<LabCheckContext>({
  id: "sessions-stick",
  title: `${STICKY_REQUESTS} requests of one client reach one node and its session counter climbs`,
  points: 2,
  hint: {
    nudge:
      "Send /api/session through nginx a few times with a cookie jar (`curl -b /tmp/jar -c /tmp/jar http://127.0.0.1:<lb port>/api/session`): does the count climb or start again?",
    lesson: `${README}, step 6: HTTP sessions live in one node's memory; the load balancer must send a session's requests back to it (facts §8).`,
    fix: 'Make lb/nginx.conf sticky with a route cookie, as in the sticky-sessions lab: one `upstream route_nodeN` per node (others as backup), `map $cookie_route $sticky_upstream`, `proxy_pass http://$sticky_upstream;` and `add_header Set-Cookie "route=$upstream_http_x_carbon_node; Path=/";` (node2 is on 9764).',
  },
  async run(ctx) {
    const jar = createCookieJar();
    const tally = await tallyThroughLb(`${ctx.url("lb")}/api/session`, STICKY_REQUESTS, { jar, signal: ctx.signal });
    const seen = tally.bodies.map((b) => nodeApi.session.safeParse(b)).flatMap((r) => (r.success ? [r.data] : []));
    const counts = seen.map((s) => s.count);
    const climbs = counts.length === STICKY_REQUESTS && counts.every((c, i) => c === i + 1);
    const observed = `${describeTally(tally, NODES)}; session counter ${counts.join(",")}`;
    const expected = `all ${STICKY_REQUESTS} requests on one node, counter 1,2,…,${STICKY_REQUESTS}`;
    return climbs && tally.byNode.size === 1 ? pass(expected, observed) : fail(expected, observed);
  },
});

const brokenClusterChecks = [
  domainAgrees,
  memberHostReachable,
  wkaListMatches,
  hazelcastXmlAgrees,
  failureDetected,
  sessionsStick,
];

export const brokenClusterLab = defineLab({
  id: "broken-cluster",
  title: "Troubleshooting: a cluster that will not behave",
  technique: "troubleshooting",
  summary:
    "Four nodes and nginx set up with six independent mistakes: diagnose each from logs and /carbon/cluster, fix it, and earn its points.",
  lessons: [
    {
      title: "Module 06: troubleshooting a cluster",
      href: "/modules/06-deployment-patterns-and-clustering/09-troubleshooting-a-cluster",
    },
  ],
  topology: {
    nodes: [
      { name: "node1", role: "carbon", memoryMb: 256 },
      // offset 1: the servlet is on 9764 (the member port stays 4000).
      { name: "node2", role: "carbon", memoryMb: 256, ports: [9764] },
      { name: "node3", role: "carbon", memoryMb: 256 },
      { name: "node4", role: "carbon", memoryMb: 256 },
      { name: "lb", role: "nginx", memoryMb: 64 },
    ],
  },
  runtimes: ["docker"],
  // The faults must start so the learner can watch them: the static rules that would catch them
  // before `lab up` are off here (the learner diagnoses from the running cluster instead).
  lint: { ignore: ["domain-mismatch", "loopback-member-host", "node-missing-from-members", "wka-too-few-members"] },
  checks: brokenClusterChecks,
});
