/**
 * The broker profile's HTTP face and store: publish on one node, receive on another, ack, and redelivery of an
 * unacknowledged message once the node holding it stops heartbeating. On the memory store (one "shared database"
 * object handed to two handlers), and on a real PostgreSQL and MySQL/MariaDB through the node's own SQL drivers
 * (each node with its own pool), where the election loop also runs. The PostgreSQL part creates and drops its own
 * database; it is skipped with the reason in its title when no server answers and CLUSTERLAB_TEST_PG_URL is unset
 * (set: an unreachable server fails it). The MariaDB part runs when CLUSTERLAB_TEST_MYSQL_URL is set.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BrokerConfig, Datasource } from "@/lib/wso2-config/model";
import { BROKER_DEFAULTS } from "@/lib/wso2-config/broker-xml";
import { parseEnv } from "@/lib/env";
import { createFreshDatabase, probePostgres, type FreshDatabase } from "@/tests/helpers/postgres";
import type { CarbonLogger } from "../carbon-log";
import { BrokerConfigError, createBrokerHandler, openBrokerStore, startBrokerProfile } from "./broker-profile";
import { startCoordination } from "./coordination";
import { createMemoryBrokerStore, type BrokerStore } from "./store";

const log: CarbonLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, tail: () => [] };
/** Heartbeat interval of the stories: long enough that a loaded machine never makes a live node look dead. */
const HB = 1000;

type Face = { url: string; close(): Promise<void> };

async function serve(name: string, nodeId: string, store: BrokerStore, heartbeatMaxAge: number | null): Promise<Face> {
  const server = http.createServer(
    createBrokerHandler({ name, nodeId, store, coordination: null, heartbeatMaxAge, log }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function call(
  face: Face,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${face.url}${path}`, {
    method: path === "/broker" ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? (path === "/broker" ? undefined : "") : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The at-least-once story every store must tell, with `a` and `b` as two broker nodes on one store. */
async function storyOnTwoNodes(
  storeA: BrokerStore,
  storeB: BrokerStore,
  q = `orders-${Date.now().toString(36)}`,
): Promise<void> {
  const a = await serve("node1", "id-a", storeA, 2 * HB);
  const b = await serve("node2", "id-b", storeB, 2 * HB);
  try {
    await storeA.nodeHeartbeat("id-a", "node1", 4000, Date.now());
    await storeB.nodeHeartbeat("id-b", "node2", 4000, Date.now());
    for (const n of [1, 2, 3]) expect((await call(a, `/queues/${q}/messages`, { body: `m${n}` })).status).toBe(201);
    // Published on node1, received and acknowledged on node2.
    const first = await call(b, `/queues/${q}/receive`);
    expect(first).toMatchObject({ status: 200, json: { body: "m1", deliveredOn: "node2", redelivered: false } });
    const id1 = String(first.json["messageId"]);
    expect((await call(a, `/queues/${q}/messages/${encodeURIComponent(id1)}/ack`)).status).toBe(409);
    expect((await call(b, `/queues/${q}/messages/${encodeURIComponent(id1)}/ack`)).status).toBe(200);
    // node1 takes m2 and never acknowledges it; node2 gets m3, then nothing while node1 heartbeats.
    expect((await call(a, `/queues/${q}/receive`)).json["body"]).toBe("m2");
    expect((await call(b, `/queues/${q}/receive`)).json["body"]).toBe("m3");
    await storeA.nodeHeartbeat("id-a", "node1", 4000, Date.now()); // node1 is alive: m2 stays in flight
    expect((await call(b, `/queues/${q}/receive`)).status).toBe(204);
    // node1 "dies": no more heartbeats. After 2 x heartbeatInterval m2 goes to node2, once; m1 (acked) never again.
    await new Promise((r) => setTimeout(r, 2 * HB + 50));
    await storeB.nodeHeartbeat("id-b", "node2", 4000, Date.now());
    const again = await call(b, `/queues/${q}/receive`);
    expect(again).toMatchObject({ status: 200, json: { body: "m2", redelivered: true, deliveryCount: 2 } });
    expect((await call(b, `/queues/${q}/receive`)).status).toBe(204);
    expect((await call(b, `/queues/${q}-other/receive`)).status).toBe(204);
    expect((await call(b, "/queues/bad name/receive")).status).toBe(400);
    expect((await call(b, `/queues/${q}/messages`, { nope: 1 })).status).toBe(400);
  } finally {
    await a.close();
    await b.close();
  }
}

describe("broker profile on one memory store", () => {
  it("publish on node1, receive and ack on node2, redeliver what a dead node held, never an acked message", async () => {
    const shared = createMemoryBrokerStore("shared");
    await storyOnTwoNodes(shared, shared);
  });

  it("refuses to start with a wait time not below the heartbeat, or a store datasource that is not defined", async () => {
    const broker: BrokerConfig = {
      nodeId: "default",
      thriftServerHost: "node1",
      thriftServerPort: 7614,
      rdbmsCoordination: {
        enabled: true,
        heartbeatInterval: 3000,
        coordinatorEntryCreationWaitTime: 3000,
        eventPollingInterval: 4000,
      },
      rdbmsClusterEventSync: { enabled: true, eventSyncInterval: 1000 },
      amqpPort: BROKER_DEFAULTS.amqpPort,
      messageStoreDataSource: "WSO2MBStoreDB",
      contextStoreDataSource: "WSO2MBStoreDB",
    };
    const input = {
      datasources: [],
      name: "node1",
      advertisedHost: "127.0.0.1",
      memberPort: 4000,
      offset: 3,
      bindHost: "127.0.0.1",
      log,
    };
    await expect(startBrokerProfile({ ...input, broker })).rejects.toThrow(
      /is not greater than coordinatorEntryCreationWaitTime/,
    );
    expect(() => openBrokerStore(broker, [])).toThrow(BrokerConfigError);
    expect(() => openBrokerStore(broker, [])).toThrow(
      /WSO2MBStoreDB, which conf\/datasources\/master-datasources\.xml does not define/,
    );
  });
});

const BROKER_ON_SQL: BrokerConfig = {
  nodeId: "default",
  thriftServerHost: "x",
  thriftServerPort: 7614,
  rdbmsCoordination: {
    enabled: true,
    heartbeatInterval: HB,
    coordinatorEntryCreationWaitTime: 100,
    eventPollingInterval: 4000,
  },
  rdbmsClusterEventSync: { enabled: true, eventSyncInterval: 1000 },
  amqpPort: 5672,
  messageStoreDataSource: "WSO2MBStoreDB",
  contextStoreDataSource: "WSO2MBStoreDB",
};

const probe = await probePostgres();
const skip = !probe.ok && !probe.required;
const title = "broker profile on a real PostgreSQL (two pools = two nodes)";

describe.skipIf(skip)(skip && !probe.ok ? `${title} [skipped: ${probe.reason}]` : title, () => {
  let fresh: FreshDatabase | undefined;
  const stores: Array<BrokerStore> = [];
  beforeAll(async () => {
    if (!probe.ok) throw new Error(probe.reason);
    fresh = await createFreshDatabase(probe.adminUrl, "mb_store");
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(stores.map((s) => s.close()));
    await fresh?.drop();
  }, 60_000);

  function store(): BrokerStore {
    if (!fresh) throw new Error("the fresh test database was not created");
    const url = new URL(fresh.url);
    const ds: Datasource = {
      name: "WSO2_MB_STORE_DB",
      jndiName: "WSO2MBStoreDB",
      url: `jdbc:postgresql://${url.hostname}:${url.port || 5432}${url.pathname}`,
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      driver: "org.postgresql.Driver",
      pool: { maxActive: 4 },
    };
    const s = openBrokerStore(BROKER_ON_SQL, [ds]);
    stores.push(s);
    return s;
  }

  it("tells the same at-least-once story; the row's primary key lets one node win; the election loop runs on it", async () => {
    await electionStory(store(), store());
  });
});

/** Two nodes' stores on one database: the story above, then the election's INSERT race. */
async function electionStory(a: BrokerStore, b: BrokerStore): Promise<void> {
  expect(a.shared).toBe(true);
  await storyOnTwoNodes(a, b);
  const now = Date.now();
  const results = await Promise.all([
    a.createCoordinatorEntry("id-a", "node1", 7614, now),
    b.createCoordinatorEntry("id-b", "node2", 7614, now),
  ]);
  expect(results.filter(Boolean)).toHaveLength(1);
  const row = await a.coordinator();
  expect(row?.nodeId).toBe(results[0] ? "id-a" : "id-b");
  expect(await b.updateCoordinatorHeartbeat(row?.nodeId === "id-a" ? "id-b" : "id-a", now)).toBe(false);
  await a.removeCoordinator();
  // The election loop itself on this database: one coordinator, and a takeover once it stops heartbeating.
  const loop = { heartbeatInterval: 500, coordinatorEntryCreationWaitTime: 250 };
  const start = (store: BrokerStore, nodeId: string) =>
    startCoordination({
      nodeId,
      thriftHost: nodeId,
      thriftPort: 7614,
      agentHost: nodeId,
      agentPort: 4000,
      timing: loop,
      store,
      log,
    });
  const first = start(a, "loop-a");
  const second = start(b, "loop-b");
  try {
    await vi.waitFor(() => expect([first.state(), second.state()].sort()).toEqual(["CANDIDATE", "COORDINATOR"]), {
      timeout: 5_000,
      interval: 50,
    });
    const [leader, follower] = first.state() === "COORDINATOR" ? [first, second] : [second, first];
    expect((await a.coordinator())?.nodeId).toBe(leader.nodeId);
    await leader.stop();
    const stoppedAt = Date.now();
    await vi.waitFor(() => expect(follower.state()).toBe("COORDINATOR"), {
      timeout: 4 * 500 + 250 + 1_500,
      interval: 50,
    });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(500 + 250);
    expect((await b.coordinator())?.nodeId).toBe(follower.nodeId);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await a.removeCoordinator();
  }
}

const mysqlUrl = parseEnv().CLUSTERLAB_TEST_MYSQL_URL;
const mysqlTitle = "broker profile on a real MySQL/MariaDB (two pools = two nodes)";

// The database is shared with other suites: the story uses a fresh queue name and clears the coordinator row.
describe.skipIf(!mysqlUrl)(
  mysqlUrl
    ? mysqlTitle
    : `${mysqlTitle} [skipped: CLUSTERLAB_TEST_MYSQL_URL is not set; bash scripts/ensure-mariadb.sh]`,
  () => {
    const stores: Array<BrokerStore> = [];
    afterAll(async () => {
      await Promise.allSettled(stores.map((s) => s.close()));
    });
    function store(): BrokerStore {
      const u = new URL(mysqlUrl ?? "mysql://localhost/x");
      const ds: Datasource = {
        name: "WSO2_MB_STORE_DB",
        jndiName: "WSO2MBStoreDB",
        url: `jdbc:mariadb://${u.hostname}:${u.port || "3306"}${u.pathname}`,
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        driver: "org.mariadb.jdbc.Driver",
        pool: { maxActive: 4 },
      };
      const s = openBrokerStore(BROKER_ON_SQL, [ds]);
      stores.push(s);
      return s;
    }
    it("tells the same at-least-once story; the row's primary key lets one node win; the election loop runs on it", async () => {
      const a = store();
      await a.removeCoordinator();
      await electionStory(a, store());
    });
  },
);
