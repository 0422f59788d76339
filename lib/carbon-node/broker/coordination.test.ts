/**
 * The RDBMS coordinator election on one store shared by several nodes (the memory store stands in for the shared
 * database here; broker-profile.test.ts runs the loop on real PostgreSQL and MariaDB stores). Short intervals, real timers.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CarbonLogger } from "../carbon-log";
import { startCoordination, type Coordination } from "./coordination";
import { createMemoryBrokerStore, type BrokerStore } from "./store";

const HB = 500;
const WAIT = 250;
const lines: Array<string> = [];
const log: CarbonLogger = {
  info: (_c, m) => lines.push(`INFO ${m}`),
  warn: (_c, m) => lines.push(`WARN ${m}`),
  error: (_c, m) => lines.push(`ERROR ${m}`),
  tail: (n) => lines.slice(-n),
};

const running: Array<Coordination> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  lines.length = 0;
});

function node(
  store: BrokerStore,
  nodeId: string,
  timing = { heartbeatInterval: HB, coordinatorEntryCreationWaitTime: WAIT },
) {
  const c = startCoordination({
    nodeId,
    thriftHost: nodeId,
    thriftPort: 7614,
    agentHost: nodeId,
    agentPort: 4000,
    timing,
    store,
    log,
  });
  running.push(c);
  return c;
}

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await predicate()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe("RDBMS coordination", () => {
  it("elects exactly one coordinator among three nodes, and the row is the coordinator's", async () => {
    const store = createMemoryBrokerStore("shared");
    const nodes = [node(store, "a"), node(store, "b"), node(store, "c")];
    await until(() => nodes.some((n) => n.state() === "COORDINATOR"), 2_000);
    // Several intervals later there is still exactly one, and the row names it.
    await new Promise((r) => setTimeout(r, 5 * HB));
    const coordinators = nodes.filter((n) => n.state() === "COORDINATOR");
    expect(coordinators).toHaveLength(1);
    const row = await store.coordinator();
    expect(row?.nodeId).toBe(coordinators[0]?.nodeId);
    expect(Date.now() - (row?.lastHeartbeat ?? 0)).toBeLessThan(2 * HB);
    expect((await store.nodeHeartbeats()).map((h) => h.nodeId).sort()).toEqual(["a", "b", "c"]);
  });

  it("a candidate takes over once the coordinator stops heartbeating, within 4 x heartbeatInterval + wait time", async () => {
    const store = createMemoryBrokerStore("shared");
    const a = node(store, "a");
    await until(() => a.state() === "COORDINATOR", 2_000);
    const b = node(store, "b");
    await until(() => b.state() === "CANDIDATE", 2_000);
    await a.stop(); // like a killed process: its row stays, and ages
    const took = await until(() => b.state() === "COORDINATOR", 4 * HB + WAIT + 500);
    expect(took).toBeGreaterThanOrEqual(HB + WAIT); // never before the row is stale plus the election wait
    expect((await store.coordinator())?.nodeId).toBe("b");
    expect(lines.some((l) => /coordinator row of a is \d+ ms old \(limit 1000 ms/.test(l))).toBe(true);
    // The new coordinator drops the dead node's heartbeat row once it is older than 2 x heartbeatInterval.
    await until(async () => !(await store.nodeHeartbeats()).some((h) => h.nodeId === "a"), 6 * HB);
  });

  it("a coordinator that stops gracefully deletes its row, so a candidate need not wait for it to go stale", async () => {
    const store = createMemoryBrokerStore("shared");
    const a = node(store, "a");
    await until(() => a.state() === "COORDINATOR", 3_000);
    const b = node(store, "b");
    await until(() => b.state() === "CANDIDATE", 3_000);
    await a.stop({ graceful: true });
    expect(await store.coordinator()).toBeNull();
    // No stale wait: at most one check, one re-check interval and the entry wait.
    const took = await until(() => b.state() === "COORDINATOR", 2 * HB + WAIT + 500);
    expect(took).toBeLessThan(2 * HB + WAIT + 500);
    expect(lines.some((l) => l.includes("no coordinator row in the store: standing for election"))).toBe(true);
  });

  it("two stores (two local H2 files) give two coordinators: nothing is coordinated", async () => {
    const a = node(createMemoryBrokerStore("a's H2"), "a");
    const b = node(createMemoryBrokerStore("b's H2"), "b");
    await until(() => a.state() === "COORDINATOR" && b.state() === "COORDINATOR", 2_000);
  });
});
