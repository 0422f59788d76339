/**
 * The process runtime with real local processes (no Docker): small Node HTTP servers as nodes, plus
 * nginx and PostgreSQL from the host when they are installed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeNotReadyError, UnsupportedOperationError, type NodeSpecInput, type StartedCluster } from "../types";
import { httpStatus } from "../wait";
import { ownerHost } from "../owner";
import { createProcessRuntime } from "./runtime";
import { processSessionSchema } from "./session-store";

let stateDir = "";
const SERVER = `
const http = require("node:http");
const name = process.env.CLUSTERLAB_NODE_NAME, address = process.env.CLUSTERLAB_NODE_ADDRESS;
const body = require("node:fs").readFileSync("www/index.html", "utf8");
http.createServer((req, res) => res.end(body)).listen(8080, address, () => console.log(name + " listening on " + address));
process.on("SIGTERM", () => { console.log(name + " stopping"); process.exit(0); });
`;

function httpNode(name: string, extra: Partial<NodeSpecInput> = {}): NodeSpecInput {
  return {
    name,
    role: "carbon",
    command: [process.execPath, "-e", SERVER],
    files: [{ path: "/www/index.html", content: `hello from ${name}\n` }],
    ports: [8080],
    wait: {
      kind: "all",
      of: [
        { kind: "log", pattern: "listening on" },
        { kind: "http", port: 8080, path: "/" },
      ],
    },
    readyTimeoutMs: 15_000,
    ...extra,
  };
}

async function get(cluster: StartedCluster, node: string): Promise<string> {
  const { host, port } = cluster.endpoint(node, 8080);
  return (await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(3000) })).text();
}

beforeAll(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-proc-"));
  // mkdtemp makes 0700; the postgres user (when we are root) must reach its node folders.
  fs.chmodSync(stateDir, 0o755);
});

afterAll(async () => {
  const runtime = createProcessRuntime({ stateDir, carbonNodeBundle: "/nonexistent" });
  for (const s of await runtime.listSessions()) await runtime.remove(s.session);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function runtime(owner?: { pid: number; host: string }) {
  return createProcessRuntime({
    stateDir,
    carbonNodeBundle: path.resolve("dist/carbon-node/carbon-node.mjs"),
    ...(owner ? { owner } : {}),
  });
}

describe("process runtime", () => {
  it("starts nodes by stage on distinct loopback addresses, serves, and down stops every process", async () => {
    const events: Array<string> = [];
    const cluster = await runtime().up(
      { lab: "plab", session: "p-life", nodes: [httpNode("node1"), httpNode("node2"), httpNode("lb", { stage: 1 })] },
      { onProgress: (e) => events.push(`${e.kind}:${"node" in e ? e.node : ""}`) },
    );
    const addresses = Object.values(cluster.nodes).map((n) => n.address);
    expect(new Set(addresses).size).toBe(3);
    for (const a of addresses) expect(a).toMatch(/^127\.0\.\d+\.\d+$/);
    expect(await get(cluster, "node2")).toBe("hello from node2\n");
    expect(events.indexOf("node-ready:node1")).toBeLessThan(events.indexOf("node-starting:lb"));
    const peer = await cluster.exec("lb", [
      process.execPath,
      "-e",
      `fetch("http://${cluster.nodes.node1?.address}:8080/").then(r => r.text()).then(t => process.stdout.write(t))`,
    ]);
    expect(peer.stdout).toBe("hello from node1\n");
    expect(await cluster.logs("node1")).toContain("node1 listening on");
    const pids = processSessionSchema
      .parse(JSON.parse(fs.readFileSync(path.join(stateDir, "sessions", "p-life", "session.json"), "utf8")))
      .nodes.map((n) => n.pid);
    await cluster.down();
    for (const pid of pids)
      expect(fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z")).toBe(
        false,
      );
    expect(fs.existsSync(path.join(stateDir, "sessions", "p-life"))).toBe(false);
  }, 60_000);

  it("a node that never becomes ready fails up naming it with its last log lines; nothing keeps running", async () => {
    const failure = await runtime()
      .up({
        lab: "plab",
        session: "p-fail",
        nodes: [
          httpNode("node1"),
          httpNode("node2", {
            stage: 1,
            command: [
              process.execPath,
              "-e",
              "console.log('ERROR: clustering.members is empty'); setInterval(() => {}, 1000)",
            ],
            readyTimeoutMs: 1500,
          }),
        ],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(NodeNotReadyError);
    expect((failure as NodeNotReadyError).node).toBe("node2");
    expect((failure as Error).message).toContain("ERROR: clustering.members is empty");
    expect(await runtime().listSessions()).toEqual([]);
  }, 30_000);

  it("faults: pause stops answers, stop/start, kill; network faults are refused with a clear error", async () => {
    await using cluster = await runtime().up({ lab: "plab", session: "p-faults", nodes: [httpNode("node1")] });
    await cluster.pause("node1");
    expect(await cluster.state("node1")).toBe("paused");
    expect(typeof (await httpStatus(cluster.endpoint("node1", 8080), "/", 800))).toBe("string");
    await cluster.unpause("node1");
    expect(await get(cluster, "node1")).toBe("hello from node1\n");
    await cluster.stop("node1", { graceful: true, timeoutMs: 3000 });
    expect(await cluster.state("node1")).toBe("stopped");
    expect(await cluster.logs("node1")).toContain("node1 stopping");
    await cluster.start("node1");
    await cluster.waitReady("node1", { timeoutMs: 10_000 });
    expect(await get(cluster, "node1")).toBe("hello from node1\n");
    await cluster.kill("node1");
    expect(await cluster.state("node1")).toBe("stopped");
    await expect(cluster.disconnect("node1")).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(cluster.partition(["node1"], [])).rejects.toThrow(
      /not supported by the process runtime.*--runtime docker/,
    );
  }, 60_000);

  it("another process attaches by session id; the reaper removes sessions whose owner is gone", async () => {
    const host = ownerHost();
    // An owner PID that cannot exist (above pid_max), standing for a CLI killed with -9 during `up`.
    const ghost = runtime({ pid: 2 ** 30, host });
    await ghost.up({ lab: "plab", session: "p-orphan", nodes: [httpNode("node1")] });
    const mine = await runtime().up({ lab: "plab", session: "p-mine", nodes: [httpNode("node1")] }, { detach: true });
    const attached = await runtime().attach("p-orphan");
    expect(await get(attached, "node1")).toBe("hello from node1\n");
    const report = await runtime().reap({ lab: "plab" });
    expect(report.removed).toEqual([{ session: "p-orphan", lab: "plab", reason: "owner-gone" }]);
    expect(typeof (await httpStatus(attached.endpoint("node1", 8080), "/", 800))).toBe("string");
    expect((await runtime().listSessions()).map((s) => s.session)).toEqual(["p-mine"]);
    expect((await runtime().reap({ now: Date.now() + 5 * 60 * 60_000 })).removed.map((r) => r.session)).toEqual([
      "p-mine",
    ]);
    await mine.down();
  }, 60_000);

  it.skipIf(!fs.existsSync("dist/carbon-node/carbon-node.mjs"))(
    "runs the bundled training node with its Carbon home re-rooted, bound to its address",
    async () => {
      await using cluster = await runtime().up({
        lab: "plab",
        session: "p-carbon",
        nodes: [
          {
            name: "node1",
            role: "carbon",
            ports: [9763],
            files: [
              {
                path: "/opt/clusterlab/carbon/repository/conf/deployment.toml",
                content: '[server]\nhostname = "node1"\n',
              },
            ],
            wait: {
              kind: "all",
              of: [
                { kind: "log", pattern: "WSO2 Carbon started" },
                { kind: "port", port: 9763 },
              ],
            },
            readyTimeoutMs: 30_000,
          },
        ],
      });
      const { host, port } = cluster.endpoint("node1", 9763);
      expect(host).toBe(cluster.nodes.node1?.address);
      expect((await fetch(`http://${host}:${port}/`)).status).toBeLessThan(500);
      expect(await cluster.logs("node1", { tail: 5 })).toContain("HTTP port : 9763");
    },
    60_000,
  );

  it.skipIf(!fs.existsSync("/usr/sbin/nginx"))(
    "runs the host's nginx with the node's config on its own address",
    async () => {
      await using cluster = await runtime().up({
        lab: "plab",
        session: "p-nginx",
        nodes: [
          httpNode("node1"),
          {
            name: "lb",
            role: "nginx",
            stage: 1,
            ports: [8080],
            // The process runtime has no DNS for node names: a process-mode config uses addresses.
            files: [
              {
                path: "/etc/nginx/nginx.conf",
                content:
                  "events {}\nhttp { server { listen 127.0.1.3:8080; location / { proxy_pass http://127.0.1.2:8080; } } }\n",
              },
            ],
            wait: { kind: "http", port: 8080, path: "/" },
          },
        ],
      });
      // Addresses are deterministic per block: this session has block 1 if it is alone.
      expect(cluster.nodes.lb?.address).toBe("127.0.1.3");
      const { host, port } = cluster.endpoint("lb", 8080);
      expect(await (await fetch(`http://${host}:${port}/`)).text()).toBe("hello from node1\n");
    },
    30_000,
  );

  it.skipIf(!fs.existsSync("/usr/lib/postgresql"))(
    "runs PostgreSQL from the host with init SQL, as a non-root user",
    async () => {
      await using cluster = await runtime().up({
        lab: "plab",
        session: "p-pg",
        nodes: [
          {
            name: "db",
            role: "postgres",
            ports: [5432],
            env: { POSTGRES_USER: "wso2", POSTGRES_PASSWORD: "pw", POSTGRES_DB: "shared" },
            files: [
              {
                path: "/docker-entrypoint-initdb.d/01.sql",
                content: "CREATE TABLE reg(id int); INSERT INTO reg VALUES (7);",
              },
            ],
            wait: { kind: "port", port: 5432 },
            readyTimeoutMs: 60_000,
          },
        ],
      });
      const pg = await import("pg");
      const { host, port } = cluster.endpoint("db", 5432);
      const client = new pg.default.Client({ host, port, user: "wso2", password: "pw", database: "shared" });
      await client.connect();
      try {
        expect((await client.query("select id from reg")).rows).toEqual([{ id: 7 }]);
        const user = await client.query("select current_setting('data_directory') as d");
        expect(String(user.rows[0]?.d)).toContain("p-pg");
      } finally {
        await client.end();
      }
    },
    120_000,
  );
});
