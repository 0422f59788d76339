/**
 * The Message Broker profile of the training node (a teaching model, docs/decisions/0033-ei-broker-profile-model.md):
 * the store named by broker.xml's `<messageStore>` dataSource (WSO2MBStoreDB -> WSO2_MB_STORE_DB), RDBMS coordinator
 * election through it (./coordination.ts) and queues kept in it. AMQP and MQTT are NOT modelled: a lab-only HTTP/JSON
 * face stands on the AMQP port + offset (5672 + 3 = 5675 for EI's broker, facts §8) so port numbers match the
 * real profile, but it speaks HTTP:
 *   GET  /broker                                  who this node is, its coordination state and the coordinator row
 *   POST /queues/{queue}/messages   {"body": s}   publish; 201 only after the store committed it
 *   POST /queues/{queue}/receive                  take the oldest deliverable message (200) or nothing (204)
 *   POST /queues/{queue}/messages/{id}/ack        acknowledge (delete) a message this node delivered
 * A delivered, unacknowledged message is delivered again when the node holding it stops heartbeating (RDBMS
 * coordination on) or after REDELIVERY_LEASE_MS: at-least-once. Log category `clusterlab.mb.*`: the model's words.
 */
import http from "node:http";
import { readBodyText, sendJson } from "../node-http";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { BrokerConfig, Datasource } from "@/lib/wso2-config/model";
import { brokerStoreDatasource, brokerTimingProblem } from "@/lib/wso2-config/broker-xml";
import type { CarbonLogger } from "../carbon-log";
import { parseJdbcUrl } from "../jdbc-url";
import { createSqlDriver } from "../sql-data-store";
import { startCoordination, type Coordination } from "./coordination";
import type { BrokerStatus } from "./contract";
import { createMemoryBrokerStore, createSqlBrokerStore, type BrokerStore } from "./store";

export const BROKER_LOG = "clusterlab.mb.BrokerProfile";
/** A delivery nobody acknowledged for this long goes back to the queue even when its node still heartbeats. */
export const REDELIVERY_LEASE_MS = 60_000;
const MAX_BODY_BYTES = 64 * 1024;
const QUEUE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export class BrokerConfigError extends Error {
  override name = "BrokerConfigError";
}

/** Open the broker store from the datasource broker.xml names: H2 -> this node's own store, else the shared SQL one. */
export function openBrokerStore(broker: BrokerConfig, datasources: ReadonlyArray<Datasource>): BrokerStore {
  const jndi = broker.messageStoreDataSource;
  if (jndi === null)
    throw new BrokerConfigError(
      'broker.xml <messageStore> names no dataSource: add <property name="dataSource">WSO2MBStoreDB</property>.',
    );
  const ds = brokerStoreDatasource(jndi, datasources);
  if (!ds)
    throw new BrokerConfigError(
      `broker.xml's message store uses dataSource ${jndi}, which conf/datasources/master-datasources.xml does not define. Define WSO2_MB_STORE_DB with <jndiConfig><name>${jndi}</name>.`,
    );
  if (!ds.url) throw new BrokerConfigError(`Datasource ${ds.name} has no <url> in master-datasources.xml.`);
  const target = parseJdbcUrl(ds.url);
  if (target.kind === "h2") return createMemoryBrokerStore(`${ds.name} (local H2, this node only)`);
  if (target.kind === "unsupported") throw new BrokerConfigError(`Datasource ${ds.name}: ${target.reason}`);
  return createSqlBrokerStore(
    createSqlDriver(ds, target),
    `${ds.name} (${target.kind} ${target.host}:${target.port}/${target.database})`,
    target.kind,
  );
}

const publishBody = z.object({ body: z.string().max(MAX_BODY_BYTES) });

export type BrokerHandlerInput = {
  name: string;
  nodeId: string;
  store: BrokerStore;
  coordination: Coordination | null;
  /** 2 x heartbeatInterval when RDBMS coordination is on: older node heartbeats mean a dead node. */
  heartbeatMaxAge: number | null;
  log: CarbonLogger;
  now?: () => number;
};

export function createBrokerHandler(input: BrokerHandlerInput): http.RequestListener {
  const { store, nodeId, name } = input;
  const now = input.now ?? Date.now;
  let seq = 0;
  return (req, res) => {
    res.setHeader("X-Carbon-Node", name);
    void (async () => {
      const url = new URL(req.url ?? "/", "http://node");
      const parts = url.pathname.split("/").filter((p) => p !== "");
      const method = req.method ?? "GET";
      if (method === "GET" && parts.length === 1 && parts[0] === "broker") {
        const row = await store.coordinator();
        const status: BrokerStatus = {
          node: name,
          nodeId,
          store: store.description,
          sharedStore: store.shared,
          rdbmsCoordination: input.coordination !== null,
          state: input.coordination?.state() ?? "NOT_MODELLED",
          coordinator: input.coordination?.state() === "COORDINATOR",
          coordinatorSince: input.coordination?.coordinatorSince() ?? null,
          coordinatorRow: row ? { ...row, ageMs: now() - row.lastHeartbeat } : null,
        };
        sendJson(res, 200, status);
        return;
      }
      if (parts[0] !== "queues" || parts.length < 3 || method !== "POST") {
        sendJson(res, 404, {
          error: `${method} ${url.pathname} is not part of the broker model's HTTP face: GET /broker, POST /queues/{queue}/messages, POST /queues/{queue}/receive, POST /queues/{queue}/messages/{id}/ack (AMQP is not modelled).`,
        });
        return;
      }
      const queue = parts[1] ?? "";
      if (!QUEUE_NAME.test(queue)) {
        sendJson(res, 400, { error: `queue name "${queue}" must be 1-128 letters, digits, '.', '_' or '-'.` });
        return;
      }
      if (parts.length === 3 && parts[2] === "messages") {
        let parsed;
        try {
          parsed = publishBody.safeParse(JSON.parse(await readBodyText(req, MAX_BODY_BYTES)));
        } catch (error) {
          sendJson(res, 400, { error: `the body is not JSON (${(error as Error).message}); send {"body": "text"}.` });
          return;
        }
        if (!parsed.success) {
          sendJson(res, 400, { error: 'send {"body": "text"} (a string of at most 64 KiB).' });
          return;
        }
        const messageId = `${now()}-${nodeId.slice(0, 40)}-${++seq}`;
        await store.publish(queue, messageId, parsed.data.body, nodeId, now());
        sendJson(res, 201, { messageId, queue, publishedOn: name, store: store.description });
        return;
      }
      if (parts.length === 3 && parts[2] === "receive") {
        const t = now();
        const max = input.heartbeatMaxAge;
        const delivery = await store.receive(queue, nodeId, t, max === null ? null : t - max, t - REDELIVERY_LEASE_MS);
        if (delivery === null) {
          res.writeHead(204).end();
          return;
        }
        sendJson(res, 200, { ...delivery, queue, deliveredOn: name, redelivered: delivery.deliveryCount > 1 });
        return;
      }
      if (parts.length === 5 && parts[2] === "messages" && parts[4] === "ack") {
        const id = decodeURIComponent(parts[3] ?? "");
        if (await store.ack(id, nodeId)) sendJson(res, 200, { messageId: id, acked: true, ackedOn: name });
        else
          sendJson(res, 409, {
            error: `message ${id} is not delivered to ${name} (already acknowledged, never delivered here, or delivered again elsewhere); acknowledge on the node that delivered it.`,
          });
        return;
      }
      sendJson(res, 404, { error: `no route ${method} ${url.pathname}` });
    })().catch((error: unknown) => {
      input.log.error(BROKER_LOG, `request ${req.method} ${req.url} failed: ${(error as Error).message}`);
      if (!res.headersSent)
        sendJson(res, 503, {
          error: `the broker store ${store.description} failed: ${(error as Error).message}. Check WSO2_MB_STORE_DB and that the database is up.`,
        });
      else res.end();
    });
  };
}

export type BrokerProfile = { port: number; nodeId: string; stop(): Promise<void> };

export type BrokerProfileInput = {
  broker: BrokerConfig;
  datasources: ReadonlyArray<Datasource>;
  name: string;
  advertisedHost: string;
  memberPort: number;
  offset: number;
  bindHost: string;
  log: CarbonLogger;
};

/** Open the store, start the election (when RDBMS coordination is on) and the HTTP face on AMQP port + offset. */
export async function startBrokerProfile(input: BrokerProfileInput): Promise<BrokerProfile> {
  const { broker, log } = input;
  const timing = brokerTimingProblem(broker);
  if (timing !== null) throw new BrokerConfigError(`conf/broker.xml: ${timing}`);
  const store = openBrokerStore(broker, input.datasources);
  // "default" asks the broker to generate an ID (Andes: IP + UUID); ours is host + UUID, new at every start.
  const nodeId = broker.nodeId === "default" ? `${input.advertisedHost}_${randomUUID()}` : broker.nodeId;
  const rdbms = broker.rdbmsCoordination;
  const coordination = rdbms.enabled
    ? startCoordination({
        nodeId,
        thriftHost: broker.thriftServerHost,
        thriftPort: broker.thriftServerPort,
        agentHost: input.advertisedHost,
        agentPort: input.memberPort,
        timing: rdbms,
        store,
        log,
      })
    : null;
  const server = http.createServer(
    createBrokerHandler({
      name: input.name,
      nodeId,
      store,
      coordination,
      heartbeatMaxAge: rdbms.enabled ? 2 * rdbms.heartbeatInterval : null,
      log,
    }),
  );
  const port = broker.amqpPort + input.offset;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, input.bindHost, () => resolve());
    });
  } catch (error) {
    await coordination?.stop();
    await store.close();
    throw new BrokerConfigError(
      `Cannot listen on ${input.bindHost}:${port} (AMQP ${broker.amqpPort} + offset ${input.offset}): ${(error as Error).message}. Change the offset in conf/carbon.xml or stop the other server.`,
    );
  }
  log.info(
    BROKER_LOG,
    `Message Broker profile (training model): node ID ${nodeId}, store ${store.description}, ${rdbms.enabled ? `RDBMS coordination every ${rdbms.heartbeatInterval} ms` : "RDBMS coordination off (Hazelcast coordination is not modelled)"}; lab-only HTTP face (not AMQP) on port ${port}`,
  );
  return {
    port,
    nodeId,
    async stop() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coordination?.stop({ graceful: true });
      await store.close();
    },
  };
}
