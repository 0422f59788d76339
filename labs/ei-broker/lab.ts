/**
 * Enterprise Integrator 6.5, Message Broker profile (facts §9): two broker nodes on ONE message store
 * (WSO2_MB_STORE_DB, JNDI WSO2MBStoreDB, here on the lab's PostgreSQL) with RDBMS-based coordination in
 * wso2/broker/conf/broker.xml. The nodes run the training node's broker profile model (ADR 0033): coordinator
 * election through the store's MB_COORDINATOR_HEARTBEAT row (Andes' table), queues in the store, and a lab-only
 * HTTP face on AMQP 5672 + offset 3 = 5675 (AMQP itself is not modelled). The checks read the configuration, ask
 * each node, and read the coordinator row in the database itself; the two drills kill a node.
 */
import { brokerStoreDatasource, brokerTimingProblem } from "@/lib/wso2-config/broker-xml";
import { defineCheck, fail, pass, verdict } from "@/lib/grading";
import { createDrill, findLogLinesIn, pollUntil, readNodeConfig, runTag } from "@/lib/grading/probes";
import { defineLab, type LabCheckContext } from "@/lib/labs";
import {
  ack,
  BROKER,
  CONF,
  DEFAULT_TIMING,
  coordinatorRows,
  DB,
  nodeHeartbeatAges,
  NODES,
  oneCoordinator,
  publish,
  README,
  receive,
  secs,
  SERVLET,
  status,
  statuses,
  STORE_URL,
  takeoverWindowMs,
  timingOf,
  type Node,
  type Timing,
} from "./probes";

const storeShared = defineCheck<LabCheckContext>({
  id: "mb-store-shared",
  title: "Both broker nodes keep their messages in one shared WSO2_MB_STORE_DB (the lab's PostgreSQL)",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge: `Which database does each node's broker store use? \`config explain\` on node1 and node2, and GET /broker on port ${BROKER}.`,
    lesson: `${README}, step 1: broker.xml's message and context stores use the datasource with JNDI name WSO2MBStoreDB; EI ships it as an embedded H2 file, one per node. A broker cluster shares one store (facts §7, §9).`,
    fix: `In node1/${CONF} and node2/${CONF}: WSO2_MB_STORE_DB with <url>${STORE_URL}</url>, <username>wso2carbon</username>, <password>wso2carbon</password>, <driverClassName>org.postgresql.Driver</driverClassName>; then \`lab down ei-broker\` and \`lab up ei-broker\`.`,
  },
  async run(ctx) {
    const problems: Array<string> = [];
    const urls = new Set<string>();
    for (const node of NODES) {
      const { config } = await readNodeConfig(ctx.workspace, node);
      const jndi = config.broker?.messageStoreDataSource;
      if (!config.broker) {
        problems.push(`${node}: no conf/broker.xml`);
        continue;
      }
      const ds = brokerStoreDatasource(jndi, config.datasources);
      if (!ds?.url)
        problems.push(`${node}: broker.xml's store uses ${jndi ?? "no dataSource"}, which has no url in ${CONF}`);
      else if (ds.url.startsWith("jdbc:h2:"))
        problems.push(`${node}: ${ds.name} is ${ds.url} (local H2: this node's own store)`);
      else urls.add(ds.url);
    }
    if (urls.size > 1) problems.push(`the nodes use different store URLs: ${[...urls].join(" and ")}`);
    const { ok, problems: down } = await statuses(ctx);
    problems.push(...down);
    const stores = new Set([...ok.values()].map((s) => s.store));
    for (const [node, s] of ok) if (!s.sharedStore) problems.push(`${node} runs on ${s.store}`);
    if (stores.size > 1) problems.push(`the running nodes report different stores: ${[...stores].join(" and ")}`);
    const expected = `node1 and node2 both use one shared database for WSO2_MB_STORE_DB (e.g. ${STORE_URL}) and run on it`;
    const observed = [...ok].map(([n, s]) => `${n} runs on ${s.store}`).join("; ");
    return problems.length === 0 ? pass(expected, observed) : fail(expected, problems.join("; "));
  },
});

const rdbmsCoordination = defineCheck<LabCheckContext>({
  id: "rdbms-coordination",
  title:
    "RDBMS coordination and cluster-event sync on both nodes; both heartbeat in the shared store's MB_NODE_HEARTBEAT",
  points: 2,
  timeoutMs: 40_000,
  hint: {
    nudge: `Read <coordination> in both broker.xml files, then look in ${DB}: does MB_NODE_HEARTBEAT list both nodes?`,
    lesson: `${README}, step 2: with rdbmsBasedCoordination every node heartbeats a row of the store's MB_NODE_HEARTBEAT and the coordinator advertises its thriftServerHost in its row, so that host must be the node's own name (facts §9).`,
    fix: 'In node1/conf/broker.xml and node2/conf/broker.xml: <rdbmsBasedCoordination enabled="true"> (heartbeatInterval 5000, coordinatorEntryCreationWaitTime 3000), <rdbmsBasedClusterEventSynchronization enabled="true">, and <thriftServerHost> node1 (node2 on node2); share the store first (step 1).',
  },
  async run(ctx) {
    const problems: Array<string> = [];
    let timing: Timing = DEFAULT_TIMING;
    for (const node of NODES) {
      const { config } = await readNodeConfig(ctx.workspace, node);
      const b = config.broker;
      if (!b) {
        problems.push(`${node}: no conf/broker.xml`);
        continue;
      }
      timing = timingOf(config);
      if (!b.rdbmsCoordination.enabled) problems.push(`${node}: rdbmsBasedCoordination is off`);
      if (!b.rdbmsClusterEventSync.enabled) problems.push(`${node}: rdbmsBasedClusterEventSynchronization is off`);
      const timingProblem = brokerTimingProblem(b);
      if (timingProblem) problems.push(`${node}: ${timingProblem}`);
      if (b.thriftServerHost !== node)
        problems.push(
          `${node}: thriftServerHost is ${b.thriftServerHost} (the other node connects to it; use ${node})`,
        );
    }
    const { ok, problems: down } = await statuses(ctx);
    problems.push(...down);
    // Both rows must be fresh; a node that just started writes its row within one interval.
    const maxAge = 2 * timing.heartbeatInterval;
    const seen = await pollUntil(
      () => nodeHeartbeatAges(ctx),
      (ages) =>
        typeof ages !== "string" && NODES.every((n) => (ages.get(ok.get(n)?.nodeId ?? "") ?? Infinity) < maxAge),
      { timeoutMs: timing.heartbeatInterval + 3_000, intervalMs: 500, signal: ctx.signal },
    );
    const ages = seen.value;
    let observed: string;
    if (typeof ages === "string") {
      problems.push(ages);
      observed = ages;
    } else {
      observed = NODES.map((n) => {
        const age = ages.get(ok.get(n)?.nodeId ?? "");
        return `${n}: ${age === undefined ? "no row" : `heartbeat ${age} ms old`}`;
      }).join("; ");
      if (!seen.satisfied)
        problems.push(`${DB}.mb_node_heartbeat: ${observed} (${ages.size} rows; fresh means under ${maxAge} ms)`);
    }
    const expected = `RDBMS coordination and event sync on, each node's own thriftServerHost, and a fresh row per node in ${DB}.mb_node_heartbeat`;
    return problems.length === 0
      ? pass(expected, `${DB}.mb_node_heartbeat: ${observed}`)
      : fail(expected, problems.join("; "));
  },
});

const singleCoordinator = defineCheck<LabCheckContext>({
  id: "one-coordinator",
  title: "Exactly one coordinator: one fresh row in MB_COORDINATOR_HEARTBEAT, and only that node says it coordinates",
  points: 2,
  timeoutMs: 45_000,
  hint: {
    nudge: `Ask both nodes GET /broker on ${BROKER}: how many say "coordinator": true, and on which store?`,
    lesson: `${README}, step 3: the election is an INSERT into the store's MB_COORDINATOR_HEARTBEAT, whose primary key admits one row; on separate H2 stores every node wins its own election.`,
    fix: `Share WSO2_MB_STORE_DB (step 1) and keep rdbmsBasedCoordination on (step 2), then \`lab down ei-broker\` and \`lab up ei-broker\`.`,
  },
  async run(ctx) {
    const { config } = await readNodeConfig(ctx.workspace, "node1");
    const t = timingOf(config);
    // Right after `up` the election may still be running: allow one full election.
    const settled = await pollUntil(
      () => oneCoordinator(ctx, 2 * t.heartbeatInterval),
      (r) => r.coordinator !== null,
      { timeoutMs: 2 * t.heartbeatInterval + t.wait + 5_000, intervalMs: 1_000, signal: ctx.signal },
    );
    const expected = `one row in ${DB}.mb_coordinator_heartbeat, fresher than 2 x heartbeatInterval, naming the one node that says it is the coordinator`;
    if (settled.satisfied) return pass(expected, settled.value.observed);
    return fail(
      expected,
      settled.value.observed,
      await findLogLinesIn(ctx.logTail, NODES, /clusterlab\.mb\.(Coordination|BrokerProfile)/, 3),
    );
  },
});

const publishConsume = defineCheck<LabCheckContext>({
  id: "publish-consume-across-nodes",
  title: "A message published on node1 is consumed on node2, and one published on node2 on node1",
  points: 2,
  timeoutMs: 30_000,
  hint: {
    nudge: `Publish on node1 (POST /queues/q/messages on ${BROKER}) and receive on node2 (POST /queues/q/receive): does it arrive?`,
    lesson: `${README}, step 4: a queue lives in the store, so any node can deliver what any node accepted, but only if they share the store.`,
    fix: `Point WSO2_MB_STORE_DB at ${STORE_URL} on both nodes (step 1).`,
  },
  async run(ctx) {
    const queue = `clusterlab-${runTag()}`;
    const observed: Array<string> = [];
    let ok = true;
    for (const [from, to] of [
      ["node1", "node2"],
      ["node2", "node1"],
    ] as const) {
      const body = `from-${from}-${queue}`;
      const problem = await publish(ctx, from, queue, body);
      if (problem) return fail(`${from} accepts a message`, problem);
      const got = await pollUntil(
        () => receive(ctx, to, queue),
        (r) => r !== null,
        { timeoutMs: 5_000, intervalMs: 250, signal: ctx.signal },
      );
      const r = got.value;
      if (typeof r === "string") return fail(`${to} answers`, r);
      if (r === null || r.body !== body) {
        ok = false;
        observed.push(
          `${to} received ${r === null ? "nothing" : `"${r.body}"`} from ${queue} within 5 s of the publish on ${from}`,
        );
        continue;
      }
      const acked = await ack(ctx, to, queue, r.messageId);
      if (!acked) ok = false;
      observed.push(
        `published on ${from}, received on ${to} after ${secs(got.elapsedMs)}${acked ? ", acknowledged" : ", but the ack failed"}`,
      );
    }
    const expected = "each node delivers the message the other accepted (shared queue)";
    return verdict(ok, expected, observed.join("; "));
  },
});

const failover = defineCheck<LabCheckContext>({
  id: "coordinator-failover",
  title: "Drill: kill the coordinator; the other node takes over within the heartbeat window (timed in the database)",
  points: 3,
  timeoutMs: 120_000,
  hint: {
    nudge:
      "Kill the coordinator (`lab node stop ei-broker <node>`) and watch MB_COORDINATOR_HEARTBEAT: who owns the row, and when?",
    lesson: `${README}, step 5: the row of a dead coordinator goes stale after 2 x heartbeatInterval; a candidate checks every interval, confirms one interval later, inserts its own row and waits coordinatorEntryCreationWaitTime.`,
    fix: "Get exactly one coordinator first (steps 1-3); keep coordinatorEntryCreationWaitTime below heartbeatInterval.",
  },
  async run(ctx) {
    const { config } = await readNodeConfig(ctx.workspace, "node1");
    const t = timingOf(config);
    const window = takeoverWindowMs(t);
    const before = await oneCoordinator(ctx, 2 * t.heartbeatInterval);
    const expected = `after the coordinator is killed, the other node owns ${DB}.mb_coordinator_heartbeat within ${secs(window)} (4 x heartbeatInterval ${t.heartbeatInterval} ms + coordinatorEntryCreationWaitTime ${t.wait} ms + 2 s)`;
    if (before.coordinator === null)
      return fail(expected, `not exactly one coordinator before the drill: ${before.observed}`);
    const dead = before.coordinator;
    const survivor: Node = dead === "node1" ? "node2" : "node1";
    const survivorStatus = await status(ctx, survivor);
    if (typeof survivorStatus === "string") return fail(expected, survivorStatus);
    const faults = createDrill(ctx.cluster, ctx.signal);
    const observed: Array<string> = [];
    let ok = false;
    try {
      await faults.kill(dead);
      const killedAt = Date.now();
      // Taken over = the survivor owns the row AND says it is coordinator (it inserts the row, then waits
      // coordinatorEntryCreationWaitTime before it trusts it).
      const took = await pollUntil(
        async () => {
          const says = await status(ctx, survivor);
          // The row is read (a psql in the db container) only once the survivor claims it: until then it is not yet.
          const rows = typeof says !== "string" && says.coordinator ? await coordinatorRows(ctx) : null;
          return { rows, says };
        },
        ({ rows, says }) =>
          rows !== null &&
          typeof rows !== "string" &&
          rows.length === 1 &&
          rows[0]?.nodeId === survivorStatus.nodeId &&
          typeof says !== "string" &&
          says.coordinator,
        { timeoutMs: window + 10_000, intervalMs: 250, signal: ctx.signal },
      );
      const elapsed = Date.now() - killedAt;
      const { says } = took.value;
      const rows = took.value.rows ?? (await coordinatorRows(ctx));
      const said = typeof says === "string" ? says : `${survivor} says ${says.state}`;
      if (took.satisfied) {
        ok = elapsed <= window;
        observed.push(
          `killed ${dead} (the coordinator); ${survivor} owned the row and coordinated after ${secs(elapsed)} (graded limit ${secs(window)})`,
        );
      } else {
        observed.push(
          `killed ${dead} (the coordinator); ${survivor} did not take over within ${secs(window + 10_000)} (${typeof rows === "string" ? rows : `rows: ${rows.map((r) => `${r.nodeId} ${r.ageMs} ms old`).join(", ") || "none"}`}); ${said}`,
        );
      }
      await faults.start(dead, { timeoutMs: 60_000 });
      const back = await status(ctx, dead);
      observed.push(typeof back === "string" ? back : `${dead} restarted as ${back.state}`);
    } finally {
      await faults.restore();
    }
    return verdict(ok, expected, observed.join("; "), faults.journal);
  },
});

const nothingLost = defineCheck<LabCheckContext>({
  id: "no-acked-message-lost",
  title:
    "Drill: kill node1 holding an unacknowledged message; node2 delivers every unacknowledged message, no acknowledged one",
  points: 3,
  timeoutMs: 120_000,
  hint: {
    nudge:
      "Publish ten messages on node1, consume some on node2, kill node1: does node2 deliver the rest, and the one node1 held?",
    lesson: `${README}, step 6: a message is acknowledged once, then gone; an unacknowledged one is delivered again when the node holding it stops heartbeating (at-least-once).`,
    fix: `Share WSO2_MB_STORE_DB (step 1) with RDBMS coordination on (step 2): node2 only sees node1's messages and node1's heartbeat in the shared store.`,
  },
  async run(ctx) {
    const { config } = await readNodeConfig(ctx.workspace, "node2");
    const t = timingOf(config);
    const queue = `clusterlab-lost-${runTag()}`;
    const bodies = Array.from({ length: 10 }, (_v, i) => `m${i + 1}`);
    const expected =
      "of 10 messages published on node1: the 4 acknowledged on node2 never come back; after node1 is killed, node2 delivers the other 6, including the one node1 held unacknowledged";
    for (const body of bodies) {
      const problem = await publish(ctx, "node1", queue, body);
      if (problem) return fail(expected, problem);
    }
    const acked: Array<string> = [];
    for (let i = 0; i < 4; i++) {
      const r = await receive(ctx, "node2", queue);
      if (typeof r === "string") return fail(expected, r);
      if (r === null) break;
      if (await ack(ctx, "node2", queue, r.messageId)) acked.push(r.body);
    }
    if (acked.length < 4)
      return fail(
        expected,
        `node2 received ${acked.length} of the 10 messages published on node1 (it should see them all: one store)`,
      );
    const held = await receive(ctx, "node1", queue);
    if (typeof held === "string" || held === null)
      return fail(expected, `node1 could not take a fifth message: ${held ?? "queue empty"}`);
    const faults = createDrill(ctx.cluster, ctx.signal);
    const observed = [
      `published 10 on node1; node2 received and acknowledged ${acked.join(", ")}; node1 held ${held.body} unacknowledged`,
    ];
    let ok = false;
    try {
      await faults.kill("node1");
      const killedAt = Date.now();
      const got: Array<{ body: string; redelivered: boolean; atMs: number }> = [];
      const errors: Array<string> = [];
      // node1's heartbeat turns stale after 2 x heartbeatInterval; then its message is node2's to deliver.
      await pollUntil(
        async () => {
          for (;;) {
            const r = await receive(ctx, "node2", queue);
            if (typeof r === "string") {
              errors.push(r);
              return got.length;
            }
            if (r === null) return got.length;
            got.push({ body: r.body, redelivered: r.redelivered, atMs: Date.now() - killedAt });
            await ack(ctx, "node2", queue, r.messageId);
          }
        },
        (n) => n >= 6,
        { timeoutMs: 2 * t.heartbeatInterval + 15_000, intervalMs: 500, signal: ctx.signal },
      );
      const gotBodies = got.map((g) => g.body);
      const missing = bodies.filter((b) => !acked.includes(b) && !gotBodies.includes(b));
      const again = gotBodies.filter((b) => acked.includes(b));
      const heldAgain = got.find((g) => g.body === held.body);
      observed.push(
        `after the kill node2 delivered ${got.length}: ${got.map((g) => `${g.body}${g.redelivered ? " (redelivered)" : ""} at +${secs(g.atMs)}`).join(", ") || "none"}`,
        `${again.length} acknowledged message(s) delivered again${again.length ? ` (${again.join(", ")})` : ""}`,
        missing.length ? `lost: ${missing.join(", ")}` : "none lost",
        ...errors.slice(0, 1),
      );
      ok = missing.length === 0 && again.length === 0 && heldAgain?.redelivered === true && got.length === 6;
      await faults.start("node1", { timeoutMs: 60_000 });
    } finally {
      await faults.restore();
    }
    return verdict(ok, expected, observed.join("; "), faults.journal);
  },
});

export const eiBrokerLab = defineLab({
  id: "ei-broker",
  title: "Enterprise Integrator 6.5: two Message Broker nodes on one store",
  technique: "RDBMS coordination",
  summary:
    "Two Message Broker profile nodes on one PostgreSQL message store with RDBMS coordination: one coordinator row, a queue shared across nodes, then kill the coordinator and a node holding an unacknowledged message.",
  lessons: [{ title: "Module 06: Enterprise Integrator clustering", href: "/labs/ei-broker" }],
  topology: {
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      // Offset 3 (conf/carbon.xml): servlet HTTP 9766 (the node's own API) and 5675, where the model's HTTP face
      // stands in for AMQP. Each node is its own host.
      { name: "node1", role: "carbon", memoryMb: 256, ports: [SERVLET, BROKER] },
      { name: "node2", role: "carbon", memoryMb: 256, ports: [SERVLET, BROKER] },
    ],
  },
  runtimes: ["docker"],
  // The lab leaves axis2.xml (Hazelcast membership) out: RDBMS coordination and event sync do not use it (ADR 0033).
  lint: { ignore: ["clustering-disabled"] },
  checks: [storeShared, rdbmsCoordination, singleCoordinator, publishConsume, failover, nothingLost],
});
