/**
 * The independent-nodes lab: two stateless training nodes (no clustering) behind nginx round robin.
 * The lesson is failover: when one node stops, the load balancer must pass each request on to the
 * other node, so every request still succeeds. The drill stops node2 on the running cluster.
 */
import { fail, pass, verdict } from "@/lib/grading";
import {
  createDrill,
  describeTally,
  findLogLines,
  markLogs,
  readViews,
  tallyThroughLb,
  waitUntilBehindLb,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck } from "@/lib/labs";

const NODES = ["node1", "node2"] as const;
const README = "labs/independent-nodes/README.mdx";
const REQUESTS = 20;

const bothServe = defineLabCheck({
  id: "both-nodes-serve",
  title: "Both nodes serve on their own, with clustering off",
  points: 2,
  hint: {
    nudge:
      "Ask each node directly (`lab status independent-nodes` gives the ports): /carbon/health and /carbon/cluster.",
    lesson: `${README}, step 1: independent nodes share nothing; each answers on its servlet port 9763 (+ offset).`,
    fix: 'Remove the [clustering] section from node2/repository/conf/deployment.toml (keep `[server] hostname = "node2"` and `offset = 0`), then `lab down independent-nodes` and `lab up independent-nodes`.',
  },
  async run(ctx) {
    const views = await readViews(ctx, NODES);
    const observed = views.map((v) =>
      "view" in v
        ? `${v.node}: up, clustering ${v.view.clusteringEnabled ? `on (${v.view.scheme})` : "off"}`
        : `${v.node}: ${v.error}`,
    );
    const ok = views.every((v) => "view" in v && v.view.localMember.name === v.node && !v.view.clusteringEnabled);
    const expected = "node1 and node2 each answer, standalone (clustering off)";
    return verdict(ok, expected, observed.join("; "));
  },
});

const roundRobin = defineLabCheck({
  id: "round-robin",
  title: "nginx spreads requests over both nodes",
  points: 2,
  requires: ["both-nodes-serve"],
  hint: {
    nudge: "Send a few requests through nginx and read the X-Carbon-Node header of each answer.",
    lesson: `${README}, step 2: with no balancing directive nginx uses round robin over the servers of the upstream.`,
    fix: "List `server node1:9763;` and `server node2:9763;` in `upstream carbon_nodes` of lb/nginx.conf, with no ip_hash or hash directive.",
  },
  async run(ctx) {
    const tally = await tallyThroughLb(`${ctx.url("lb")}/carbon/health`, REQUESTS, { signal: ctx.signal });
    const observed = describeTally(tally, NODES);
    const expected = `all ${REQUESTS} answered, at least 5 by each node`;
    const even = NODES.every((n) => (tally.byNode.get(n) ?? 0) >= 5);
    return verdict(even && tally.failures.length === 0, expected, observed);
  },
});

const failover = defineLabCheck({
  id: "failover",
  title: "Drill: with node2 stopped, every request through nginx still succeeds",
  points: 4,
  requires: ["round-robin"],
  timeoutMs: 90_000,
  hint: {
    nudge:
      "Stop a node (`docker stop` is what the drill does) and watch what nginx answers for the requests it sends there.",
    lesson: `${README}, step 3: proxy_next_upstream decides whether nginx retries a failed request on the next server; proxy_connect_timeout how long it waits first.`,
    fix: "In lb/nginx.conf replace `proxy_next_upstream off;` with `proxy_next_upstream error timeout http_502 http_503;` and keep `proxy_connect_timeout 2s;` (optionally `max_fails=1 fail_timeout=10s` on each server), then `lab down independent-nodes` and `lab up independent-nodes`.",
  },
  async run(ctx) {
    const drill = createDrill(ctx.cluster, ctx.signal);
    const since = await markLogs(ctx.logTail, ["lb"]);
    try {
      await drill.stop("node2");
      const tally = await tallyThroughLb(`${ctx.url("lb")}/carbon/health`, REQUESTS, {
        signal: ctx.signal,
        timeoutMs: 5_000,
      });
      const observed = `${describeTally(tally, NODES)} while node2 was stopped (slowest ${tally.slowestMs} ms)`;
      const expected = `all ${REQUESTS} requests answered HTTP 200 by node1, each within 5 s`;
      if (tally.failures.length === 0 && (tally.byNode.get("node1") ?? 0) === REQUESTS)
        return pass(expected, observed, drill.journal);
      return fail(expected, observed, [
        ...drill.journal,
        ...(await findLogLines(ctx.logTail, "lb", /upstream|connect\(\)|no live/, { since })).slice(-4),
      ]);
    } finally {
      await drill.restore();
      // Leave nginx as we found it: serving from node2 again (after its fail_timeout).
      await waitUntilBehindLb(`${ctx.url("lb")}/carbon/health`, "node2", { timeoutMs: 20_000, signal: ctx.signal });
    }
  },
});

export const independentNodesLab = defineLab({
  id: "independent-nodes",
  title: "Independent nodes behind a load balancer",
  technique: "round robin",
  summary: "Two stateless nodes behind nginx round robin: both serve, and when one stops every request still succeeds.",
  lessons: [{ title: "Module 06: independent nodes and failover", href: "/labs/independent-nodes" }],
  topology: {
    nodes: [
      { name: "node1", role: "carbon", memoryMb: 256 },
      { name: "node2", role: "carbon", memoryMb: 256 },
      { name: "lb", role: "nginx", memoryMb: 64 },
    ],
  },
  runtimes: ["docker"],
  // Independent nodes are this lab's lesson: clustering off and nothing shared are correct here.
  lint: { ignore: ["clustering-disabled", "shared-datasource-local-h2"] },
  checks: [bothServe, roundRobin, failover],
});
