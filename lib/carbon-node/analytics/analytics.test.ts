/**
 * The analytics model end to end in one process (ADR 0034): two HA workers coordinating through one shared store,
 * an IS publisher with a failover group, then the active worker goes away: the passive one takes over after
 * heartbeatInterval × heartbeatMaxRetry, holds the same counts, and events keep arriving; the publisher counts
 * what it could not deliver.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AnalyticsWorkerConfig, EventPublisher } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import { createLocalDataStore } from "../local-data-store";
import { createEventPublishing } from "./publisher";
import { startAnalyticsWorker, type AnalyticsWorker } from "./worker";

const quiet: CarbonLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as CarbonLogger;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function workerConfig(thriftPort: number, syncPort: number, ha = true): AnalyticsWorkerConfig {
  return {
    file: "conf/worker/deployment.yaml",
    cluster: {
      enabled: ha,
      groupId: "is.analytics",
      coordinationStrategyClass: "org.wso2.carbon.cluster.coordinator.rdbms.RDBMSCoordinationStrategy",
      datasource: "WSO2_CLUSTER_DB",
      heartbeatInterval: 200,
      heartbeatMaxRetry: 3,
      eventPollingInterval: 100,
    },
    deployment: {
      type: ha ? "ha" : null,
      eventSyncServer: { host: "0.0.0.0", port: syncPort, advertisedHost: null, advertisedPort: null },
    },
    thriftPort,
  };
}

type Status = {
  role: string;
  state: { total: number; byUser: Record<string, number> };
  receiver: { listening: boolean };
};

async function status(worker: AnalyticsWorker): Promise<Status> {
  let body = "";
  const res = {
    writeHead: () => undefined,
    end: (text: string) => (body = text),
  } as unknown as Parameters<AnalyticsWorker["handle"]>[1];
  worker.handle({ url: "/analytics/status", method: "GET" } as Parameters<AnalyticsWorker["handle"]>[0], res);
  return JSON.parse(body) as Status;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const running: Array<AnalyticsWorker> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
});

describe("analytics workers in minimum HA", () => {
  it("one active, the passive in sync; kill the active: the passive takes over and events keep arriving", async () => {
    const store = createLocalDataStore("WSO2_CLUSTER_DB", null); // one store both workers see: a shared database
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const [t1, s1, t2, s2] = ports as [number, number, number, number];
    const start = (name: string, thrift: number, sync: number) =>
      startAnalyticsWorker({
        config: workerConfig(thrift, sync),
        name,
        advertisedHost: "127.0.0.1",
        bindHost: "127.0.0.1",
        clusterStore: store,
        log: quiet,
      });
    const w1 = await start("worker1", t1, s1);
    running.push(w1);
    const w2 = await start("worker2", t2, s2);
    running.push(w2);
    const roles = await until(
      async () => [(await status(w1)).role, (await status(w2)).role].sort().join(","),
      (r) => r === "active,passive",
    );
    expect(roles).toBe("active,passive");

    const url = `tcp://127.0.0.1:${t1}|tcp://127.0.0.1:${t2}`;
    const publisher: EventPublisher = {
      file: "x.xml",
      name: "auth",
      streamName: "org.wso2.is.analytics.stream.OverallAuthentication",
      adapterType: "wso2event",
      protocol: "thrift",
      receiverUrl: url,
      receiverGroups: [
        {
          mode: "failover",
          receivers: [
            { url: `tcp://127.0.0.1:${t1}`, host: "127.0.0.1", port: t1 },
            { url: `tcp://127.0.0.1:${t2}`, host: "127.0.0.1", port: t2 },
          ],
        },
      ],
    };
    const is = createEventPublishing({ publishers: [publisher], isNode: "node1", log: quiet });
    for (let i = 0; i < 10; i++) expect((await is.publishLogin("alice"))[0]?.deliveredTo).not.toBeNull();
    const [a, b] = await Promise.all([status(w1), status(w2)]);
    const active = a.role === "active" ? w1 : w2;
    const passive = active === w1 ? w2 : w1;
    expect((await status(active)).state.byUser["alice"]).toBe(10);
    expect((await status(passive)).receiver.listening).toBe(false);
    const synced = await until(
      () => status(passive),
      (s) => s.state.byUser["alice"] === 10,
    );
    expect(synced.state.byUser["alice"], JSON.stringify([a, b])).toBe(10);

    await active.stop(); // no more heartbeats, receiver gone: as a killed worker looks to the others
    running.splice(running.indexOf(active), 1);
    let delivered = 0;
    let lost = 0;
    const deadline = Date.now() + 5_000;
    while ((await status(passive)).role !== "active" && Date.now() < deadline) {
      const r = (await is.publishLogin("bob"))[0];
      if (r?.deliveredTo) delivered++;
      else lost++;
    }
    expect((await status(passive)).role).toBe("active");
    for (let i = 0; i < 5; i++) expect((await is.publishLogin("bob"))[0]?.deliveredTo).not.toBeNull();
    const after = await status(passive);
    expect(after.state.byUser["alice"]).toBe(10);
    expect(after.state.byUser["bob"]).toBe(delivered + 5);
    expect(lost).toBeGreaterThanOrEqual(0);
  }, 20_000);

  it("a single worker (no ha) always listens and counts", async () => {
    const [t] = (await Promise.all([freePort(), freePort()])) as [number, number];
    const w = await startAnalyticsWorker({
      config: workerConfig(t, 0, false),
      name: "w",
      advertisedHost: "127.0.0.1",
      bindHost: "127.0.0.1",
      clusterStore: null,
      log: quiet,
    });
    running.push(w);
    const is = createEventPublishing({
      publishers: [
        {
          file: "x.xml",
          name: "auth",
          streamName: "org.wso2.is.analytics.stream.OverallAuthentication",
          adapterType: "wso2event",
          protocol: "thrift",
          receiverUrl: `tcp://127.0.0.1:${t}|tcp://127.0.0.1:1`,
          receiverGroups: [
            {
              mode: "failover",
              receivers: [
                { url: "a", host: "127.0.0.1", port: t },
                { url: "b", host: "127.0.0.1", port: 1 },
              ],
            },
          ],
        },
      ],
      isNode: "node2",
      log: quiet,
    });
    await is.publishLogin("carol");
    expect((await status(w)).state).toMatchObject({ total: 1, byIsNode: { node2: 1 } });
  });

  it("a publisher whose only receiver is down counts the event as lost", async () => {
    const is = createEventPublishing({
      publishers: [
        {
          file: "x.xml",
          name: "auth",
          streamName: "org.wso2.is.analytics.stream.OverallAuthentication",
          adapterType: "wso2event",
          protocol: "thrift",
          receiverUrl: "tcp://127.0.0.1:1",
          receiverGroups: [{ mode: "single", receivers: [{ url: "tcp://127.0.0.1:1", host: "127.0.0.1", port: 1 }] }],
        },
      ],
      isNode: "node1",
      log: quiet,
    });
    const [r] = await is.publishLogin("dave");
    expect(r?.deliveredTo).toBeNull();
    expect(r?.problems.join()).toMatch(/ECONNREFUSED/);
  });
});
