/**
 * What the ei-broker checks ask and read: the broker model's lab-only HTTP face on 5675 (parsed with its zod
 * contract) and the coordination tables in the lab's PostgreSQL (psql inside the db node: the grader trusts no node
 * for who the coordinator is). Every answer is data: a string says what went wrong, for the evidence.
 */
import { BROKER_DEFAULTS } from "@/lib/wso2-config/broker-xml";
import type { CarbonConfig } from "@/lib/wso2-config/model";
import {
  brokerStatusSchema,
  deliverySchema,
  publishedSchema,
  type BrokerStatus,
} from "@/lib/carbon-node/broker/contract";
import { parseJsonAs, psql } from "@/lib/grading/probes";
import type { LabCheckContext } from "@/lib/labs";

export const NODES = ["node1", "node2"] as const;
export type Node = (typeof NODES)[number];
export const README = "labs/ei-broker/README.mdx";
/** The broker profile ships with port offset 3 (facts §8): servlet HTTP 9763 -> 9766, AMQP 5672 -> 5675. */
export const SERVLET = 9766;
export const BROKER = 5675;
export const DB = "wso2_mb";
export const STORE_URL = `jdbc:postgresql://db:5432/${DB}`;
export const CONF = "conf/datasources/master-datasources.xml";

export type Timing = { heartbeatInterval: number; wait: number };

/** Andes' own defaults (broker.xml leaves them out): what the model runs with. */
export const DEFAULT_TIMING: Timing = {
  heartbeatInterval: BROKER_DEFAULTS.heartbeatInterval,
  wait: BROKER_DEFAULTS.coordinatorEntryCreationWaitTime,
};

export function timingOf(config: CarbonConfig): Timing {
  const r = config.broker?.rdbmsCoordination;
  return {
    heartbeatInterval: r?.heartbeatInterval ?? DEFAULT_TIMING.heartbeatInterval,
    wait: r?.coordinatorEntryCreationWaitTime ?? DEFAULT_TIMING.wait,
  };
}

/**
 * Andes' worst case from a coordinator's death to a new coordinator: its last heartbeat turns stale after
 * 2 x heartbeatInterval, a candidate notices at its next check (every interval), checks once more one interval later,
 * then inserts the row and waits coordinatorEntryCreationWaitTime. Plus 2 s for the database and the grader's polling.
 */
export function takeoverWindowMs(t: Timing): number {
  return 4 * t.heartbeatInterval + t.wait + 2_000;
}

export async function status(ctx: LabCheckContext, node: Node): Promise<BrokerStatus | string> {
  const res = await ctx.http(node, "/broker", { port: BROKER, timeoutMs: 4_000 });
  if (!res.ok) return `${node}: no answer on ${BROKER} (${res.error})`;
  return (
    parseJsonAs(brokerStatusSchema, res.body) ??
    `${node}: unexpected answer on ${BROKER}: HTTP ${res.status} ${res.body.slice(0, 120)}`
  );
}

export async function statuses(
  ctx: LabCheckContext,
): Promise<{ ok: Map<Node, BrokerStatus>; problems: Array<string> }> {
  const ok = new Map<Node, BrokerStatus>();
  const problems: Array<string> = [];
  for (const node of NODES) {
    const s = await status(ctx, node);
    if (typeof s === "string") problems.push(s);
    else ok.set(node, s);
  }
  return { ok, problems };
}

function post(ctx: LabCheckContext, node: Node, path: string, body?: unknown) {
  return ctx.http(node, path, {
    port: BROKER,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? "" : JSON.stringify(body),
    timeoutMs: 5_000,
  });
}

export async function publish(ctx: LabCheckContext, node: Node, queue: string, body: string): Promise<string | null> {
  const res = await post(ctx, node, `/queues/${queue}/messages`, { body });
  if (res.ok && res.status === 201 && parseJsonAs(publishedSchema, res.body)) return null;
  return `publishing on ${node}: ${res.ok ? `HTTP ${res.status} ${res.body.slice(0, 160)}` : res.error}`;
}

type Received = { body: string; messageId: string; redelivered: boolean } | null;

export async function receive(ctx: LabCheckContext, node: Node, queue: string): Promise<Received | string> {
  const res = await post(ctx, node, `/queues/${queue}/receive`);
  if (!res.ok) return `receiving on ${node}: ${res.error}`;
  if (res.status === 204) return null;
  const d = res.status === 200 ? parseJsonAs(deliverySchema, res.body) : null;
  return d ?? `receiving on ${node}: HTTP ${res.status} ${res.body.slice(0, 160)}`;
}

export async function ack(ctx: LabCheckContext, node: Node, queue: string, id: string): Promise<boolean> {
  const res = await post(ctx, node, `/queues/${queue}/messages/${encodeURIComponent(id)}/ack`);
  return res.ok && res.status === 200;
}

export type Row = { nodeId: string; ageMs: number; thrift: string };

/** The coordinator row(s), read in the database itself (the grader trusts no node for this). */
export async function coordinatorRows(ctx: LabCheckContext): Promise<Array<Row> | string> {
  const res = await psql(
    ctx.exec,
    "db",
    "SELECT node_id, (extract(epoch from clock_timestamp()) * 1000)::bigint - last_heartbeat, thrift_host || ':' || thrift_port FROM mb_coordinator_heartbeat",
    { database: DB },
  );
  if (!res.ok) return `${DB}: ${res.error}`;
  return res.rows.map((r) => ({ nodeId: r[0] ?? "", ageMs: Number(r[1]), thrift: r[2] ?? "" }));
}

export async function nodeHeartbeatAges(ctx: LabCheckContext): Promise<Map<string, number> | string> {
  const res = await psql(
    ctx.exec,
    "db",
    "SELECT node_id, (extract(epoch from clock_timestamp()) * 1000)::bigint - last_heartbeat FROM mb_node_heartbeat",
    { database: DB },
  );
  if (!res.ok) return `${DB}: ${res.error}`;
  return new Map(res.rows.map((r) => [r[0] ?? "", Number(r[1])]));
}

export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Exactly one coordinator: one fresh row in the database naming one node, which alone says it is coordinator. */
export async function oneCoordinator(
  ctx: LabCheckContext,
  maxAgeMs: number,
): Promise<{ coordinator: Node | null; observed: string }> {
  const { ok, problems } = await statuses(ctx);
  const says = NODES.filter((n) => ok.get(n)?.coordinator);
  const rows = await coordinatorRows(ctx);
  const parts = [...problems];
  if (says.length > 1)
    parts.push(
      `${says.join(" and ")} both say they are the coordinator (${says.map((n) => `${n} on ${ok.get(n)?.store}`).join("; ")})`,
    );
  else if (says.length === 0) parts.push("no node says it is the coordinator");
  else parts.push(`${says[0]} says it is the coordinator`);
  let coordinator: Node | null = null;
  if (typeof rows === "string") parts.push(rows);
  else if (rows.length !== 1) parts.push(`${DB}.mb_coordinator_heartbeat has ${rows.length} rows`);
  else {
    const row = rows[0] as Row;
    const owner = NODES.find((n) => ok.get(n)?.nodeId === row.nodeId);
    parts.push(
      `${DB}.mb_coordinator_heartbeat: ${row.nodeId} (${owner ?? "no running node"}), heartbeat ${row.ageMs} ms old, thrift ${row.thrift}`,
    );
    if (owner && says.length === 1 && says[0] === owner && row.ageMs < maxAgeMs) coordinator = owner;
    else if (row.ageMs >= maxAgeMs) parts.push(`the row is stale (over ${maxAgeMs} ms)`);
  }
  return { coordinator, observed: parts.join("; ") };
}
