/**
 * IS deployment pattern 2: pattern 1 plus a minimum-HA pair of IS Analytics workers (facts §9; lesson 08 steps
 * 11–13). The pattern-1 part arrives done (is-pattern-1 grades it); its checks run again here worth 0 points, to
 * show it still holds, and the points are for what pattern 2 adds: the cluster database, the workers'
 * cluster.config and deployment.config, the IS event publishers' failover receiver URL, one active worker with
 * the passive one in sync, and the failover drill. The workers and the IS event publishing are the training
 * node's analytics model (docs/decisions/0034-is-analytics-worker-model.md).
 */
import { fail, verdict } from "@/lib/grading";
import {
  createDrill,
  parseJsonAs,
  pollUntil,
  postgresDatabaseOwners,
  readNodeConfig,
  runTag,
} from "@/lib/grading/probes";
import { RDBMS_STRATEGY } from "@/lib/wso2-config/analytics-lint";
import { defineLab, defineLabCheck, type LabCheckContext } from "@/lib/labs";
import { z } from "zod";
import { pattern1Checks } from "../is-pattern-1/lab";

const LAB = "is-pattern-2";
const README = "labs/is-pattern-2/README.mdx";
const IS_NODES = ["node1", "node2"] as const;
const WORKERS = ["worker1", "worker2"] as const;
const DB_USER = "wso2carbon";
const CLUSTER_DB = "cluster_db";
const PUBLISHER = "repository/deployment/server/eventpublishers/IsAnalytics-Publisher-wso2event-AuthenticationData.xml";

/** What the training node's lab-only faces answer (lib/carbon-node/analytics). */
const workerStatusSchema = z.object({
  role: z.string(),
  activeWorker: z.string().nullable(),
  receiver: z.object({ listening: z.boolean() }),
  state: z.object({
    total: z.number(),
    byUser: z.record(z.string(), z.number()),
    byIsNode: z.record(z.string(), z.number()),
  }),
});
type WorkerStatus = z.infer<typeof workerStatusSchema>;
const publisherStatusSchema = z.object({
  publishers: z.array(
    z.object({
      file: z.string(),
      receiverUrl: z.string().nullable(),
      groups: z.array(z.object({ mode: z.string(), receivers: z.array(z.string()) })),
      sent: z.number(),
      lost: z.number(),
    }),
  ),
});
const loginSchema = z.object({ published: z.array(z.object({ deliveredTo: z.string().nullable() })) });

async function workerStatus(ctx: LabCheckContext, worker: string): Promise<WorkerStatus | string> {
  const res = await ctx.http(worker, "/analytics/status", { timeoutMs: 3_000 });
  if (!res.ok) return res.error;
  return parseJsonAs(workerStatusSchema, res.body) ?? `HTTP ${res.status}, not an analytics worker's status`;
}

async function publisherStatus(ctx: LabCheckContext, node: string) {
  const res = await ctx.http(node, "/analytics/publisher", { timeoutMs: 3_000 });
  if (!res.ok) return res.error;
  return parseJsonAs(publisherStatusSchema, res.body) ?? `HTTP ${res.status}, no event publisher status`;
}

/** One lab-only login on an IS node: true when some worker acknowledged its event. */
async function login(ctx: LabCheckContext, node: string, user: string): Promise<boolean> {
  const res = await ctx.http(node, `/analytics/login?user=${encodeURIComponent(user)}`, {
    method: "POST",
    timeoutMs: 8_000,
  });
  if (!res.ok) return false;
  const parsed = parseJsonAs(loginSchema, res.body);
  return parsed !== null && parsed.published.length > 0 && parsed.published.every((p) => p.deliveredTo);
}

function describeWorker(name: string, s: WorkerStatus | string): string {
  return typeof s === "string" ? `${name}: ${s}` : `${name}: ${s.role}${s.receiver.listening ? " (receiving)" : ""}`;
}

/** The sum of events the IS nodes' publishers could not deliver. */
async function lostSoFar(ctx: LabCheckContext): Promise<number> {
  let lost = 0;
  for (const node of IS_NODES) {
    const s = await publisherStatus(ctx, node);
    if (typeof s !== "string") for (const p of s.publishers) lost += p.lost;
  }
  return lost;
}

const step11Database = defineLabCheck({
  id: "step11-cluster-db",
  title: "Step 11a: the cluster database the workers coordinate through exists",
  points: 1,
  hint: {
    nudge: "The active/passive decision lives in a database both workers reach: is there one on db?",
    lesson: `${README}, step 1: the workers' WSO2_CLUSTER_DB is a shared database (lesson 08, step 11).`,
    fix: `Add \`CREATE DATABASE ${CLUSTER_DB} OWNER ${DB_USER};\` to db/init.sql, then \`lab down ${LAB}\` and \`lab up ${LAB}\`.`,
  },
  async run(ctx) {
    const res = await postgresDatabaseOwners(ctx.exec, "db", [CLUSTER_DB]);
    if (!res.ok) return fail("the grader can query PostgreSQL on db", res.error);
    const owner = res.owners.get(CLUSTER_DB);
    return verdict(
      owner === DB_USER,
      `${CLUSTER_DB} owned by ${DB_USER}`,
      owner ? `${CLUSTER_DB} (owner ${owner})` : `no ${CLUSTER_DB}`,
    );
  },
});

const step11Workers = defineLabCheck({
  id: "step11-worker-ha-config",
  title:
    "Step 11b: both workers: cluster.config on WSO2_CLUSTER_DB (shared), one groupId, heartbeats; deployment type ha",
  points: 3,
  hint: {
    nudge: "Read both workers' conf/worker/deployment.yaml: would they find each other, and agree who is active?",
    lesson: `${README}, steps 2 and 3: cluster.config (enabled, groupId, RDBMSCoordinationStrategy, WSO2_CLUSTER_DB, heartbeatInterval, heartbeatMaxRetry) and deployment.config (type: ha, eventSyncServer port 9894).`,
    fix: `On both workers: WSO2_CLUSTER_DB jdbcUrl jdbc:postgresql://db:5432/${CLUSTER_DB} (user ${DB_USER}); cluster.config enabled: true, groupId: is.analytics, heartbeatInterval: 1000, heartbeatMaxRetry: 2; deployment.config type: ha with eventSyncServer host 0.0.0.0 and port 9894.`,
  },
  async run(ctx) {
    const problems: Array<string> = [];
    const facts: Array<string> = [];
    const groups = new Set<string>();
    const urls = new Set<string>();
    for (const worker of WORKERS) {
      const { config } = await readNodeConfig(ctx.workspace, worker);
      const a = config.analytics;
      if (!a) {
        problems.push(`${worker}: no conf/worker/deployment.yaml`);
        continue;
      }
      const c = a.cluster;
      const ds = config.datasources.find((d) => d.name === c.datasource);
      facts.push(
        `${worker}: cluster.config ${c.enabled ? "enabled" : "disabled"}, groupId ${c.groupId ?? "none"}, datasource ${c.datasource ?? "none"} -> ${ds?.url ?? "undefined"}, heartbeat ${c.heartbeatInterval ?? "?"} ms × ${c.heartbeatMaxRetry ?? "?"}, deployment type ${a.deployment.type ?? "not set"}, eventSyncServer port ${a.deployment.eventSyncServer.port ?? "not set"}`,
      );
      if (!c.enabled) problems.push(`${worker}: cluster.config disabled`);
      if (c.coordinationStrategyClass !== RDBMS_STRATEGY)
        problems.push(`${worker}: not the RDBMS coordination strategy`);
      if (c.datasource !== "WSO2_CLUSTER_DB")
        problems.push(`${worker}: strategyConfig datasource is not WSO2_CLUSTER_DB`);
      if (!ds?.url || ds.url.startsWith("jdbc:h2:"))
        problems.push(`${worker}: WSO2_CLUSTER_DB is not a shared database`);
      if (c.heartbeatInterval === null || c.heartbeatMaxRetry === null || c.heartbeatMaxRetry < 1)
        problems.push(`${worker}: heartbeatInterval/heartbeatMaxRetry not set`);
      if (a.deployment.type !== "ha") problems.push(`${worker}: deployment.config type is not ha`);
      if (a.deployment.eventSyncServer.port !== 9894) problems.push(`${worker}: eventSyncServer port is not 9894`);
      groups.add(c.groupId ?? "(none)");
      if (ds?.url) urls.add(ds.url.trim());
    }
    if (groups.size > 1) problems.push(`different groupIds: ${[...groups].join(", ")}`);
    if (urls.size > 1) problems.push(`different WSO2_CLUSTER_DB URLs: ${[...urls].join(", ")}`);
    const expected =
      "both workers: cluster.config enabled, RDBMS coordination on the same shared WSO2_CLUSTER_DB, one groupId, heartbeats set; deployment type ha with the event sync server on 9894";
    return verdict(problems.length === 0, expected, [...problems, ...facts].join("; "));
  },
});

const step11Publishers = defineLabCheck({
  id: "step11-publisher-failover",
  title: "Step 11c: both IS nodes publish login events to tcp://worker1:7612|tcp://worker2:7612 (failover)",
  points: 2,
  hint: {
    nudge: "Ask each IS node where its event publisher sends: GET /analytics/publisher.",
    lesson: `${README}, step 4: the receiverURL lists both workers separated by | (failover; , would be load balancing).`,
    fix: `In node1/${PUBLISHER} and node2/${PUBLISHER}: <property name="receiverURL">tcp://worker1:7612|tcp://worker2:7612</property>, then \`lab down ${LAB}\` and \`lab up ${LAB}\`.`,
  },
  async run(ctx) {
    const observed: Array<string> = [];
    let ok = true;
    for (const node of IS_NODES) {
      const s = await publisherStatus(ctx, node);
      if (typeof s === "string") {
        ok = false;
        observed.push(`${node}: ${s}`);
        continue;
      }
      const p = s.publishers[0];
      const group = p?.groups[0];
      const good =
        s.publishers.length === 1 &&
        p?.groups.length === 1 &&
        group?.mode === "failover" &&
        WORKERS.every((w) => group.receivers.includes(`tcp://${w}:7612`));
      if (!good) ok = false;
      observed.push(
        `${node}: ${p ? `${p.receiverUrl ?? "(no receiverURL)"} (${p.groups.map((g) => g.mode).join(", ")})` : "no login event publisher"}`,
      );
    }
    return verdict(
      ok,
      "node1 and node2 each publish to a failover group of worker1:7612 and worker2:7612",
      observed.join("; "),
    );
  },
});

const step12Roles = defineLabCheck({
  id: "step12-one-active",
  title: "Step 12: one worker is active and receives events; the other is passive",
  points: 2,
  timeoutMs: 30_000,
  hint: {
    nudge: "Ask each worker for its role: GET /analytics/status on worker1 and worker2.",
    lesson: `${README}, step 5: with RDBMS coordination one worker becomes active; only it accepts events, the passive one keeps in sync.`,
    fix: "Give both workers the same groupId and the same shared WSO2_CLUSTER_DB (step 2) and deployment.config type: ha (step 3); a single worker (no ha) is neither active nor passive.",
  },
  async run(ctx) {
    const read = async () => Promise.all(WORKERS.map((w) => workerStatus(ctx, w)));
    const done = (v: Array<WorkerStatus | string>) => {
      const roles = v.map((s) => (typeof s === "string" ? "down" : s.role)).sort();
      const actives = v.flatMap((s) => (typeof s !== "string" && s.role === "active" ? [s] : []));
      return roles.join(",") === "active,passive" && actives[0]?.receiver.listening === true;
    };
    const res = await pollUntil(read, done, { timeoutMs: 15_000, intervalMs: 500, signal: ctx.signal });
    const observed = res.value.map((s, i) => describeWorker(WORKERS[i] ?? "?", s)).join("; ");
    return verdict(res.satisfied, "one worker active (receiving on 7612), the other passive", observed);
  },
});

const step12Events = defineLabCheck({
  id: "step12-events-reach-active",
  title: "Step 12: logins on either IS node reach the active worker; the passive one holds the same counts",
  points: 3,
  requires: ["step11-publisher-failover", "step12-one-active"],
  timeoutMs: 45_000,
  hint: {
    nudge: "Log in on node1 and on node2 (POST /analytics/login?user=…), then compare both workers' counts.",
    lesson: `${README}, step 5: IS sends each event to the active worker; the active one forwards it to the passive one over the event sync server (9894).`,
    fix: "Keep both publishers on tcp://worker1:7612|tcp://worker2:7612 and both workers on deployment.config type: ha with eventSyncServer port 9894.",
  },
  async run(ctx) {
    const user = `login-${runTag()}`;
    let acked = 0;
    for (let i = 0; i < 10; i++) if (await login(ctx, IS_NODES[i % 2] ?? "node1", user)) acked++;
    const read = async () => Promise.all(WORKERS.map((w) => workerStatus(ctx, w)));
    const res = await pollUntil(read, (v) => v.every((s) => typeof s !== "string" && s.state.byUser[user] === 10), {
      timeoutMs: 8_000,
      intervalMs: 500,
      signal: ctx.signal,
    });
    const observed = res.value
      .map((s, i) =>
        typeof s === "string"
          ? `${WORKERS[i]}: ${s}`
          : `${WORKERS[i]} (${s.role}): ${s.state.byUser[user] ?? 0} of this check's logins`,
      )
      .join("; ");
    const active = res.value.find((s) => typeof s !== "string" && s.role === "active");
    const fromBoth =
      typeof active === "object" && active !== undefined && IS_NODES.every((n) => (active.state.byIsNode[n] ?? 0) > 0);
    return verdict(
      acked === 10 && res.satisfied && fromBoth,
      "10 logins (5 on node1, 5 on node2) all acknowledged, counted 10 times on the active worker and on the passive one",
      `${acked} of 10 acknowledged; ${observed}`,
    );
  },
});

const step13Drill = defineLabCheck({
  id: "step13-failover-drill",
  title: "Step 13: kill the active worker: the passive one takes over, events keep arriving, lost ones are counted",
  points: 4,
  requires: ["step12-events-reach-active"],
  timeoutMs: 120_000,
  hint: {
    nudge: "Kill the active worker (lab node kill) while logging in: who answers, and how long does it take?",
    lesson: `${README}, step 6: the passive worker takes over after heartbeatInterval × heartbeatMaxRetry without a heartbeat; events in flight during the switch can be lost.`,
    fix: "Keep heartbeatInterval: 1000 and heartbeatMaxRetry: 2 on both workers, the failover receiver URL on both IS nodes, and the event sync server on both workers.",
  },
  async run(ctx) {
    const before = await Promise.all(WORKERS.map((w) => workerStatus(ctx, w)));
    const activeIndex = before.findIndex((s) => typeof s !== "string" && s.role === "active");
    const active = WORKERS[activeIndex];
    const passive = WORKERS[1 - activeIndex];
    if (active === undefined || passive === undefined)
      return fail(
        "one active worker before the drill",
        before.map((s, i) => describeWorker(WORKERS[i] ?? "?", s)).join("; "),
      );
    const user = `drill-${runTag()}`;
    const lostBefore = await lostSoFar(ctx);
    const drill = createDrill(ctx.cluster, ctx.signal);
    const observed: Array<string> = [];
    let ok = true;
    try {
      await drill.kill(active);
      const killedAt = Date.now();
      let sent = 0;
      let acked = 0;
      let takeoverMs: number | null = null;
      // Keep logging in during the switch, as users do, until the passive worker says it is active.
      while (Date.now() - killedAt < 20_000 && !ctx.signal.aborted) {
        sent++;
        if (await login(ctx, IS_NODES[sent % 2] ?? "node1", user)) acked++;
        const s = await workerStatus(ctx, passive);
        if (typeof s !== "string" && s.role === "active" && s.receiver.listening) {
          takeoverMs = Date.now() - killedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      if (takeoverMs === null) {
        ok = false;
        observed.push(`${passive} did not become active within 20 s of killing ${active}`);
      } else {
        observed.push(`${active} killed; ${passive} active after ${(takeoverMs / 1000).toFixed(1)} s`);
      }
      let afterAcked = 0;
      for (let i = 0; i < 10; i++) if (await login(ctx, IS_NODES[i % 2] ?? "node1", user)) afterAcked++;
      const now = await workerStatus(ctx, passive);
      const counted = typeof now === "string" ? 0 : (now.state.byUser[user] ?? 0);
      const lost = (await lostSoFar(ctx)) - lostBefore;
      observed.push(
        `during the switch ${acked} of ${sent} logins acknowledged; after it ${afterAcked} of 10; ${passive} counted ${counted} (expected ${acked + afterAcked}); events lost by the IS publishers: ${lost}`,
      );
      if (afterAcked !== 10 || counted !== acked + afterAcked || lost !== sent - acked) ok = false;
      await drill.start(active);
      const resync = await pollUntil(
        () => workerStatus(ctx, active),
        (s) => typeof s !== "string" && s.role === "passive" && s.state.byUser[user] === counted,
        { timeoutMs: 20_000, intervalMs: 500, signal: ctx.signal },
      );
      const back = resync.value;
      observed.push(
        resync.satisfied
          ? `${active} restarted: passive, re-synced (${counted} of this drill's events) after ${(resync.elapsedMs / 1000).toFixed(1)} s`
          : `${active} restarted: ${typeof back === "string" ? back : `${back.role}, ${back.state.byUser[user] ?? 0} of this drill's events`}`,
      );
      if (!resync.satisfied) ok = false;
    } finally {
      await drill.restore();
    }
    const expected =
      "the passive worker becomes active within 20 s; every login after the switch is acknowledged and counted; delivered + lost = sent; the restarted worker comes back passive with the same counts";
    return verdict(ok, expected, observed.join("; "), drill.journal);
  },
});

// Pattern 1 arrives done: its checks show it still holds and are worth nothing here (is-pattern-1 grades them).
// Step 6 (artifact sync) is not repeated: the event publishers stay per node in this lab (README); step 8's drill
// is pattern 1's and is-pattern-1 runs it.
const p1 = pattern1Checks({ lab: LAB, readme: README });
const pattern1 = [p1.step1, p1.step2, p1.step3, p1.step4, p1.step5, p1.step7].map((check) => ({
  ...check,
  points: 0,
  title: `Pattern 1 still holds — ${check.title}`,
}));

export const isPattern2Lab = defineLab({
  id: LAB,
  title: "WSO2 Identity Server deployment pattern 2: highly available analytics",
  technique: "pattern 2",
  summary:
    "Pattern 1 (done) plus two IS Analytics workers in minimum HA: a shared cluster database, cluster.config and deployment type ha, IS event publishers in failover mode; then kill the active worker.",
  lessons: [{ title: "Module 06: IS deployment patterns 1 and 2", href: "/labs/is-pattern-2" }],
  topology: {
    shares: ["userstores"],
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      { name: "worker1", role: "carbon", memoryMb: 192 },
      { name: "worker2", role: "carbon", memoryMb: 192 },
      { name: "node1", role: "carbon", memoryMb: 256 },
      // Offset 1: servlet HTTP on 9764, as in is-pattern-1.
      { name: "node2", role: "carbon", memoryMb: 256, ports: [9764] },
      { name: "lb", role: "nginx", memoryMb: 64 },
    ],
  },
  runtimes: ["docker"],
  checks: [...pattern1, step11Database, step11Workers, step11Publishers, step12Roles, step12Events, step13Drill],
});
