import { describe, expect, it } from "vitest";
import { startInStages } from "./staged-start";
import { NodeNotReadyError, parseTopology, type NodeSpec, type ProgressEvent } from "./types";

describe("startInStages", () => {
  const topology = parseTopology({
    lab: "t",
    session: "t-1",
    nodes: [
      { name: "lb", role: "nginx", stage: 2, wait: { kind: "log", pattern: "ready" }, readyTimeoutMs: 500 },
      { name: "db", role: "postgres", stage: 0, wait: { kind: "log", pattern: "ready" }, readyTimeoutMs: 500 },
      { name: "node1", role: "carbon", stage: 1, wait: { kind: "log", pattern: "ready" }, readyTimeoutMs: 500 },
      { name: "node2", role: "carbon", stage: 1, wait: { kind: "log", pattern: "ready" }, readyTimeoutMs: 500 },
    ],
  });

  function launcher(logsOf: (node: string) => string, started: Array<string>) {
    return {
      start: async (node: NodeSpec) => {
        started.push(node.name);
      },
      target: (node: NodeSpec) => ({
        endpoint: () => ({ host: "127.0.0.1", port: 1 }),
        logs: async () => logsOf(node.name),
        isRunning: async () => true,
      }),
      lastLogs: async (node: NodeSpec) => `${node.name} log line 1\n${node.name} says no`,
    };
  }

  it("starts stage by stage in order with progress events", async () => {
    const started: Array<string> = [];
    const events: Array<ProgressEvent> = [];
    await startInStages(
      topology,
      launcher(() => "ready", started),
      { onProgress: (e) => events.push(e) },
    );
    expect(started[0]).toBe("db");
    expect(started.slice(1, 3).sort()).toEqual(["node1", "node2"]);
    expect(started[3]).toBe("lb");
    expect(events.filter((e) => e.kind === "stage-ready").map((e) => ("stage" in e ? e.stage : -1))).toEqual([0, 1, 2]);
  });

  it("names the first node that fails, with its last log lines, and never starts later stages", async () => {
    const started: Array<string> = [];
    const error = await startInStages(
      topology,
      launcher((n) => (n === "node2" ? "booting" : "ready"), started),
      {},
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeNotReadyError);
    expect((error as NodeNotReadyError).node).toBe("node2");
    expect((error as Error).message).toContain("node2 says no");
    expect(started).not.toContain("lb");
  });

  it("prepares every node at once, before the first stage is ready, and still starts them in stage order", async () => {
    const log: Array<string> = [];
    let dbReady = false;
    await startInStages(
      topology,
      {
        prepare: async (node: NodeSpec) => {
          log.push(`prepare ${node.name}${dbReady ? " (after db ready)" : ""}`);
        },
        start: async (node: NodeSpec) => {
          log.push(`start ${node.name}`);
        },
        target: (node: NodeSpec) => ({
          endpoint: () => ({ host: "127.0.0.1", port: 1 }),
          logs: async () => {
            if (node.name === "db") dbReady = true;
            return "ready";
          },
          isRunning: async () => true,
        }),
        lastLogs: async () => "",
      },
      {},
    );
    expect(log.filter((l) => l.startsWith("prepare")).sort()).toEqual([
      "prepare db",
      "prepare lb",
      "prepare node1",
      "prepare node2",
    ]);
    expect(log.filter((l) => l.startsWith("start"))).toEqual([
      "start db",
      expect.stringMatching(/start node/),
      expect.stringMatching(/start node/),
      "start lb",
    ]);
  });

  it("does not reject before every preparation has settled (cleanup must not race a late create)", async () => {
    let lbPrepared = false;
    const error = await startInStages(
      topology,
      {
        prepare: async (node: NodeSpec) => {
          if (node.name === "lb") {
            await new Promise((r) => setTimeout(r, 200));
            lbPrepared = true;
          }
        },
        start: async () => {},
        target: (node: NodeSpec) => ({
          endpoint: () => ({ host: "127.0.0.1", port: 1 }),
          logs: async () => (node.name === "db" ? "no" : "ready"),
          isRunning: async () => true,
        }),
        lastLogs: async () => "db says no",
      },
      {},
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeNotReadyError);
    expect((error as NodeNotReadyError).node).toBe("db");
    expect(lbPrepared).toBe(true);
  });

  it("reports a node whose preparation failed as not ready, in its own stage", async () => {
    const error = await startInStages(
      topology,
      {
        prepare: async (node: NodeSpec) => {
          if (node.name === "node2") throw new Error("image has no such user");
        },
        start: async () => {},
        target: () => ({
          endpoint: () => ({ host: "127.0.0.1", port: 1 }),
          logs: async () => "ready",
          isRunning: async () => true,
        }),
        lastLogs: async () => "",
      },
      {},
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeNotReadyError);
    expect((error as NodeNotReadyError).node).toBe("node2");
    expect((error as Error).message).toContain("image has no such user");
  });

  describe("a stage that starts after the earlier ones started (startsAfter: started)", () => {
    const withLb = parseTopology({
      lab: "t",
      session: "t-2",
      nodes: [
        { name: "node1", role: "carbon", stage: 1, wait: { kind: "log", pattern: "ready" }, readyTimeoutMs: 2000 },
        {
          name: "lb",
          role: "nginx",
          stage: 2,
          startsAfter: "started",
          wait: { kind: "log", pattern: "ready" },
          readyTimeoutMs: 2000,
        },
      ],
    });

    it("starts while the earlier stage is still becoming ready, and returns only when every node is ready", async () => {
      const log: Array<string> = [];
      let node1Polls = 0;
      await startInStages(
        withLb,
        {
          start: async (node: NodeSpec) => {
            log.push(`start ${node.name}`);
          },
          target: (node: NodeSpec) => ({
            endpoint: () => ({ host: "127.0.0.1", port: 1 }),
            logs: async () => {
              if (node.name !== "node1") return "ready";
              node1Polls += 1;
              if (node1Polls < 4) return "booting";
              log.push("node1 ready");
              return "ready";
            },
            isRunning: async () => true,
          }),
          lastLogs: async () => "",
        },
        {},
      );
      expect(log).toEqual(["start node1", "start lb", "node1 ready"]);
    });

    it("a failure of the earlier stage still fails the whole start, naming that node", async () => {
      const error = await startInStages(
        withLb,
        {
          start: async () => {},
          target: (node: NodeSpec) => ({
            endpoint: () => ({ host: "127.0.0.1", port: 1 }),
            logs: async () => (node.name === "node1" ? "booting" : "ready"),
            isRunning: async () => node.name !== "node1",
          }),
          lastLogs: async (node: NodeSpec) => `${node.name} crashed`,
        },
        {},
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeNotReadyError);
      expect((error as NodeNotReadyError).node).toBe("node1");
    });
  });
});
