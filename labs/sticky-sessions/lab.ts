/**
 * The sticky-sessions lab: nginx in front of three training nodes whose HTTP sessions live in memory,
 * and a shared PostgreSQL database for persistent data. The checks are browsers with cookie jars: one
 * client must stay on one node while its session counter climbs; many clients must spread; when the
 * sticky node is killed, requests move on, the session is lost (shown), and shared-DB data survives.
 */
import { z } from "zod";
import { fail, pass, verdict } from "@/lib/grading";
import {
  createCookieJar,
  createDrill,
  describeTally,
  findLogLines,
  markLogs,
  nodeApi,
  nodeClient,
  tallyThroughLb,
  waitUntilBehindLb,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck } from "@/lib/labs";

const NODES = ["node1", "node2", "node3"] as const;
const README = "labs/sticky-sessions/README.mdx";
const STICKY_REQUESTS = 20;
const CLIENTS = 12;

/** The session answers among `bodies` (an nginx error page or a truncated body is left out). */
function sessions(bodies: Array<unknown>): Array<z.infer<typeof nodeApi.session>> {
  return bodies.map((b) => nodeApi.session.safeParse(b)).flatMap((r) => (r.success ? [r.data] : []));
}

const sharedDb = defineLabCheck({
  id: "nodes-share-db",
  title: "All three nodes use the shared PostgreSQL database",
  points: 1,
  hint: {
    nudge: "Each node's /api/counter answer names the datasource it used.",
    lesson: `${README}, step 1: persistent data lives in the shared database, sessions do not.`,
    fix: "Copy the [database.shared_db] section of node1 (type postgre, hostname db, port 5432, name shared_db, user and password wso2carbon) into node3/repository/conf/deployment.toml, then `lab down sticky-sessions` and `lab up sticky-sessions`.",
  },
  async run(ctx) {
    const observed: Array<string> = [];
    let ok = 0;
    for (const node of NODES) {
      const res = await nodeClient(ctx, node).counter.read("sticky-lab-probe");
      if (res.ok && /postgres/i.test(res.value.datasource)) ok++;
      observed.push(res.ok ? `${node}: ${res.value.datasource}` : res.said);
    }
    const expected = "each node reads the counter from PostgreSQL on db";
    return verdict(ok === NODES.length, expected, observed.join("; "));
  },
});

const stickyOneClient = defineLabCheck({
  id: "sticky-one-client",
  title: "20 requests with one cookie reach one node and the session counter climbs",
  points: 3,
  hint: {
    nudge:
      "Send /api/session through nginx a few times with curl's cookie jar (`curl -b jar -c jar`): does the counter climb, or start again at 1?",
    lesson: `${README}, step 2: sessions live in one node's memory; the load balancer must send a session's requests back to that node (session affinity).`,
    fix: 'In lb/nginx.conf route by a cookie that names the node: one `upstream route_nodeN` per node (the others as `backup`), `map $cookie_route $sticky_upstream { nodeN route_nodeN; default carbon_nodes; }`, `proxy_pass http://$sticky_upstream;` and `add_header Set-Cookie "route=$upstream_http_x_carbon_node; Path=/";` (README step 2 has it in full).',
  },
  async run(ctx) {
    const jar = createCookieJar();
    const tally = await tallyThroughLb(`${ctx.url("lb")}/api/session`, STICKY_REQUESTS, { jar, signal: ctx.signal });
    const seen = sessions(tally.bodies);
    const counts = seen.map((s) => s.count);
    const ids = new Set(seen.map((s) => s.sessionId));
    const climbs = counts.length === STICKY_REQUESTS && counts.every((c, i) => c === i + 1);
    const observed = `${describeTally(tally, NODES)}; session counter ${counts.join(",")}; ${ids.size} session id(s)`;
    const expected = `all ${STICKY_REQUESTS} requests answered by one node, counter 1,2,…,${STICKY_REQUESTS} in one session`;
    return verdict(climbs && tally.byNode.size === 1 && ids.size === 1, expected, observed);
  },
});

const clientsSpread = defineLabCheck({
  id: "clients-spread",
  title: "Different clients are spread over the nodes",
  points: 2,
  requires: ["sticky-one-client"],
  hint: {
    nudge: "Stickiness must not mean 'everyone on one node': where do brand-new clients go?",
    lesson: `${README}, step 3: ip_hash keys on the client address, and every client of this lab comes from one address (the host), as clients behind one NAT do.`,
    fix: "Do not use ip_hash here: send clients without a route cookie to a round-robin upstream (`default carbon_nodes;` in the map).",
  },
  async run(ctx) {
    const byNode = new Map<string, number>();
    const failures: Array<string> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const tally = await tallyThroughLb(`${ctx.url("lb")}/api/session`, 2, {
        jar: createCookieJar(),
        signal: ctx.signal,
      });
      failures.push(...tally.failures);
      for (const node of tally.byNode.keys()) byNode.set(node, (byNode.get(node) ?? 0) + 1);
    }
    const observed = `${CLIENTS} new clients landed on: ${NODES.map((n) => `${n} ${byNode.get(n) ?? 0}`).join(", ")}${failures.length ? `; ${failures.length} requests failed` : ""}`;
    const expected = `${CLIENTS} new clients (2 requests each) land on at least 2 different nodes`;
    return verdict(byNode.size >= 2 && failures.length === 0, expected, observed);
  },
});

const stickyNodeKilled = defineLabCheck({
  id: "sticky-node-killed",
  title: "Drill: the sticky node is killed; requests move on, the session is lost, shared-DB data survives",
  points: 3,
  requires: ["nodes-share-db", "sticky-one-client"],
  timeoutMs: 90_000,
  hint: {
    nudge: "When the node holding the session dies, where does nginx send that client's next request?",
    lesson: `${README}, step 4: with sticky sessions a failed node's sessions are lost; persistent data lives in the database (facts §1).`,
    fix: "Give each sticky route the other nodes as `backup` servers, and keep `proxy_next_upstream error timeout` with `proxy_connect_timeout 2s`.",
  },
  async run(ctx) {
    const lb = ctx.url("lb");
    const jar = createCookieJar();
    const before = await tallyThroughLb(`${lb}/api/session`, 5, { jar, signal: ctx.signal });
    const sticky = [...before.byNode.keys()][0];
    const oldSession = sessions(before.bodies).at(-1);
    if (!sticky || !oldSession || before.byNode.size !== 1)
      return fail("one sticky node before the drill", describeTally(before, NODES));
    // Persistent data, written through the same client (so on the sticky node), in one transaction.
    const withJar = (): Record<string, string> => {
      const cookie = jar.header();
      return cookie ? { cookie } : {};
    };
    const throughLb = nodeClient(ctx, "lb", { headers: withJar });
    const write = await throughLb.counter.increment("sticky-lab-orders", { tx: true });
    if (!write.ok) return fail("a counter write through nginx before the drill", write.reason);
    const written = write.value;

    const drill = createDrill(ctx.cluster, ctx.signal);
    const since = await markLogs(ctx.logTail, ["lb"]);
    try {
      await drill.kill(sticky);
      const after = await tallyThroughLb(`${lb}/api/session`, 5, { jar, signal: ctx.signal, timeoutMs: 8_000 });
      const afterSessions = sessions(after.bodies);
      // Without the jar: any node that answers reads the shared database.
      const read = await nodeClient(ctx, "lb").counter.read("sticky-lab-orders");
      const survived = read.ok ? read.value : null;
      const movedTo = [...after.byNode.keys()];
      const lost = afterSessions[0]?.isNew === true && afterSessions[0].sessionId !== oldSession.sessionId;
      const observed = [
        `sticky node ${sticky} (session ${oldSession.sessionId.slice(0, 8)}…, count ${oldSession.count}) killed`,
        `next 5 requests: ${describeTally(after, NODES)}`,
        lost
          ? `the session was lost: a new session started at count ${afterSessions[0]?.count} on ${afterSessions[0]?.node}`
          : `session after the kill: ${afterSessions.map((s) => `${s.node}#${s.count}`).join(",") || "none"}`,
        `shared-DB counter: ${written.value} written before, ${survived ? survived.value : "unreadable"} read after from ${survived ? survived.node : "?"}`,
      ].join("; ");
      const expected =
        "every request after the kill answered by another node; the old session gone (a new one starts at 1); the counter written before the kill still reads the same";
      const ok =
        after.failures.length === 0 &&
        movedTo.length > 0 &&
        !movedTo.includes(sticky) &&
        lost &&
        survived !== null &&
        survived.value === written.value;
      if (ok) return pass(expected, observed, drill.journal);
      return fail(expected, observed, [
        ...drill.journal,
        ...(await findLogLines(ctx.logTail, "lb", /upstream|no live/, { since })).slice(-3),
      ]);
    } finally {
      await drill.restore();
      // Leave nginx as we found it: new clients reach the restarted node again (after its fail_timeout).
      await waitUntilBehindLb(`${lb}/api/session`, sticky, { timeoutMs: 20_000, signal: ctx.signal });
      // ... and clients whose route cookie names it (each sticky route keeps its own failure count).
      const routed = jar.get("route");
      if (routed)
        await waitUntilBehindLb(`${lb}/api/session`, sticky, {
          timeoutMs: 20_000,
          signal: ctx.signal,
          cookie: `route=${sticky}`,
        });
    }
  },
});

export const stickySessionsLab = defineLab({
  id: "sticky-sessions",
  title: "Sticky sessions behind nginx",
  technique: "route cookie",
  summary:
    "Three nodes with in-memory sessions behind nginx: make sessions sticky, spread new clients, and see what a node failure costs.",
  lessons: [{ title: "Module 06: sticky sessions and session affinity", href: "/labs/sticky-sessions" }],
  topology: {
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      ...NODES.map((name) => ({ name, role: "carbon" as const, memoryMb: 256 })),
      { name: "lb", role: "nginx", memoryMb: 64 },
    ],
  },
  runtimes: ["docker"],
  // Stateless nodes sharing a database: clustering is not this lab's subject. node3 starts on its own H2
  // file on purpose: nodes-share-db reports it at runtime with the datasource each node uses.
  lint: { ignore: ["clustering-disabled", "shared-datasource-mismatch"] },
  checks: [sharedDb, stickyOneClient, clientsSpread, stickyNodeKilled],
});
