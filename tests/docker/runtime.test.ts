/**
 * The Docker ClusterRuntime on a real engine, with the registry-free busybox image: lifecycle and
 * cleanup, readiness failures, fault operations, isolation between sessions, the reaper.
 * Every session id starts with "rt-" plus a random part; afterAll removes anything left with those ids.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_SESSION, LABEL_SHARE } from "@/lib/runtime/labels";
import {
  NodeNotReadyError,
  type NodeSpecInput,
  type RuntimeTopologyInput,
  type StartedCluster,
} from "@/lib/runtime/types";
import { httpStatus } from "@/lib/runtime/wait";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";
import { waitUntil } from "../helpers/poll";

const probe = await probeDocker();
const runId = randomUUID().slice(0, 6);
const IMAGE = "clusterlab/busybox:local";
const sessionsUsed: Array<string> = [];

function session(tag: string): string {
  const id = `rt-${runId}-${tag}`;
  sessionsUsed.push(id);
  return id;
}

/** A node serving /www (index.html = its name) with busybox httpd on 8080; ready when HTTP answers. */
function webNode(name: string, extra: Partial<NodeSpecInput> = {}): NodeSpecInput {
  return {
    name,
    role: "carbon",
    image: IMAGE,
    command: ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"],
    files: [{ path: "/www/index.html", content: `hello from ${name}\n` }],
    ports: [8080],
    wait: { kind: "http", port: 8080, path: "/" },
    readyTimeoutMs: 20_000,
    memoryMb: 32,
    pidsLimit: 32,
    ...extra,
  };
}

function topology(id: string, nodes: Array<NodeSpecInput>): RuntimeTopologyInput {
  return { lab: "rtlab", session: id, nodes };
}

async function fetchText(cluster: StartedCluster, node: string): Promise<string> {
  const { host, port } = cluster.endpoint(node, 8080);
  const response = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(3000) });
  return response.text();
}

/**
 * Can `from` fetch `to`'s page over the lab network, by name? The static busybox's wget crashes in glibc's
 * NSS when it resolves names itself (and with -T), so resolve with busybox nslookup (Docker's DNS), fetch the
 * address, and bound the fetch with busybox timeout.
 */
function fetchByName(name: string): Array<string> {
  return [
    "sh",
    "-c",
    `ip=$(nslookup ${name} 2>/dev/null | awk '/^Address: /{print $2; exit}'); [ -n "$ip" ] && timeout 3 wget -q -O - "http://$ip:8080/"`,
  ];
}

async function peerReaches(cluster: StartedCluster, from: string, to: string): Promise<boolean> {
  const result = await cluster.exec(from, fetchByName(to), { timeoutMs: 10_000 });
  return result.exitCode === 0 && result.stdout.includes(`hello from ${to}`);
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("docker runtime", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const runtime = probe.ok ? createDockerRuntime({ conn }) : (undefined as never);

  beforeAll(async () => {
    await buildBusyboxImage(conn, IMAGE);
  }, 60_000);

  afterAll(async () => {
    for (const id of sessionsUsed) await removeLabelled(conn, { [LABEL_SESSION]: id });
  });

  async function leftovers(id: string): Promise<number> {
    const found = await listLabelled(conn, { [LABEL_SESSION]: id });
    return found.containers.length + found.networks.length + found.volumes.length;
  }

  it("up → ready → down: staged start with progress, files put in, loopback-only ports, nothing left", async () => {
    const id = session("life");
    const events: Array<string> = [];
    const cluster = await runtime.up(
      topology(id, [
        webNode("db", { stage: 0 }),
        webNode("node1", { stage: 1 }),
        webNode("node2", { stage: 1, aliases: ["member2"] }),
        webNode("lb", { stage: 2 }),
      ]),
      { onProgress: (e) => events.push(`${e.kind}:${"node" in e ? e.node : "stage" in e ? e.stage : ""}`) },
    );
    expect(Object.keys(cluster.nodes).sort()).toEqual(["db", "lb", "node1", "node2"]);
    expect(cluster.nodes.node1?.hostPorts[8080]?.host).toBe("127.0.0.1");
    expect(await fetchText(cluster, "node2")).toBe("hello from node2\n");
    // Stage order: every stage-0 node is ready before any stage-1 node starts, and so on.
    expect(events.indexOf("node-ready:db")).toBeLessThan(events.indexOf("node-starting:node1"));
    expect(events.indexOf("stage-ready:1")).toBeLessThan(events.indexOf("node-starting:lb"));
    // Peers resolve each other by name and alias.
    expect(await peerReaches(cluster, "lb", "node1")).toBe(true);
    const alias = await cluster.exec("lb", fetchByName("member2"));
    expect(alias.stdout).toBe("hello from node2\n");
    // The config file is not writable from inside (root-owned 0644, no CAP_DAC_OVERRIDE/CHOWN/FOWNER).
    const write = await cluster.exec("node1", ["sh", "-c", "echo x >> /www/index.html"]);
    expect(write.exitCode).not.toBe(0);
    // Hardening is what we asked for.
    const inspect = await conn.docker.getContainer(`clusterlab-${id}-node1`).inspect();
    expect(inspect.HostConfig.Privileged).toBe(false);
    expect(inspect.HostConfig.CapDrop).toEqual(["ALL"]);
    expect(inspect.HostConfig.Memory).toBe(32 * 1024 * 1024);
    expect(inspect.HostConfig.PidsLimit).toBe(32);
    expect(await leftovers(id)).toBeGreaterThan(0);
    await cluster.down();
    expect(await leftovers(id)).toBe(0);
  }, 90_000);

  it("a node that never becomes ready fails `up` naming it with its last log lines, and nothing is left", async () => {
    const id = session("fail");
    const broken = webNode("node2", {
      stage: 1,
      command: ["sh", "-c", "echo booting; echo 'FATAL: deployment.toml line 3: unknown key'; sleep 600"],
      wait: { kind: "log", pattern: "Carbon started" },
      readyTimeoutMs: 2_000,
    });
    const failure = await runtime.up(topology(id, [webNode("node1"), broken])).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(NodeNotReadyError);
    const error = failure as NodeNotReadyError;
    expect(error.node).toBe("node2");
    expect(error.message).toContain('Node "node2"');
    expect(error.message).toContain("FATAL: deployment.toml line 3: unknown key");
    expect(error.message).toMatch(/timed out waiting for a log line matching/);
    expect(await leftovers(id)).toBe(0);
  }, 60_000);

  it("a node that exits fails fast instead of waiting for the deadline", async () => {
    const id = session("exit");
    const started = Date.now();
    const failure = await runtime
      .up(
        topology(id, [
          webNode("node1", { command: ["sh", "-c", "echo 'cannot bind'; exit 3"], readyTimeoutMs: 60_000 }),
        ]),
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(NodeNotReadyError);
    expect((failure as Error).message).toContain("it exited with code 3");
    expect((failure as Error).message).toContain("cannot bind");
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await leftovers(id)).toBe(0);
  }, 60_000);

  it("aborting `up` through its AbortSignal removes everything created so far", async () => {
    const id = session("abort");
    const controller = new AbortController();
    const pending = runtime.up(
      topology(id, [
        webNode("node1"),
        webNode("node2", { stage: 1, wait: { kind: "log", pattern: "never" }, readyTimeoutMs: 120_000 }),
      ]),
      {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.kind === "node-starting" && e.node === "node2")
            setTimeout(() => controller.abort(new Error("learner pressed Ctrl-C")), 500);
        },
      },
    );
    const failure = await pending.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as Error).message).toMatch(/cancelled; everything it created was removed/);
    expect(await leftovers(id)).toBe(0);
  }, 60_000);

  it("faults: paused node stops answering; disconnected node is unreachable from peers; partition splits, heal joins", async () => {
    const id = session("faults");
    await using cluster = await runtime.up(topology(id, [webNode("node1"), webNode("node2"), webNode("node3")]));

    await cluster.pause("node1");
    expect(await cluster.state("node1")).toBe("paused");
    expect(typeof (await httpStatus(cluster.endpoint("node1", 8080), "/", 1500))).toBe("string");
    expect(await peerReaches(cluster, "node2", "node1")).toBe(false);
    await cluster.unpause("node1");
    expect(await fetchText(cluster, "node1")).toBe("hello from node1\n");

    expect(await peerReaches(cluster, "node2", "node1")).toBe(true);
    await cluster.disconnect("node1");
    expect(await peerReaches(cluster, "node2", "node1")).toBe(false);
    expect(await peerReaches(cluster, "node3", "node2")).toBe(true);
    await cluster.reconnect("node1");
    await cluster.waitReady("node1", { timeoutMs: 10_000 });
    expect(await peerReaches(cluster, "node2", "node1")).toBe(true);

    await cluster.partition(["node1", "node2"], ["node3"]);
    expect(await peerReaches(cluster, "node1", "node2")).toBe(true);
    expect(await peerReaches(cluster, "node1", "node3")).toBe(false);
    expect(await peerReaches(cluster, "node3", "node1")).toBe(false);
    await cluster.heal();
    expect(await peerReaches(cluster, "node3", "node1")).toBe(true);
    expect(await peerReaches(cluster, "node1", "node3")).toBe(true);
  }, 120_000);

  it("stop/kill/start: a stopped node is down, a started one serves again (on a fresh host port)", async () => {
    const id = session("stop");
    await using cluster = await runtime.up(topology(id, [webNode("node1")]));
    await cluster.stop("node1", { graceful: true, timeoutMs: 2000 });
    expect(await cluster.state("node1")).toBe("stopped");
    await cluster.start("node1");
    await cluster.waitReady("node1", { timeoutMs: 10_000 });
    expect(await fetchText(cluster, "node1")).toBe("hello from node1\n");
    await cluster.kill("node1");
    expect(await cluster.state("node1")).toBe("stopped");
    const logs = await cluster.logs("node1", { tail: 5 });
    expect(typeof logs).toBe("string");
  }, 60_000);

  it("two sessions with the same node names run at once without colliding; downing one leaves the other", async () => {
    const a = session("twin-a");
    const b = session("twin-b");
    const [one, two] = await Promise.all([
      runtime.up(topology(a, [webNode("node1", { files: [{ path: "/www/index.html", content: "A\n" }] })])),
      runtime.up(topology(b, [webNode("node1", { files: [{ path: "/www/index.html", content: "B\n" }] })])),
    ]);
    expect(await fetchText(one, "node1")).toBe("A\n");
    expect(await fetchText(two, "node1")).toBe("B\n");
    expect(one.endpoint("node1", 8080).port).not.toBe(two.endpoint("node1", 8080).port);
    // Reusing a live session id is refused and does not harm the running session.
    await expect(runtime.up(topology(b, [webNode("node1")]))).rejects.toThrow(/already exists/);
    expect(await fetchText(two, "node1")).toBe("B\n");
    await one.down();
    expect(await leftovers(a)).toBe(0);
    expect(await fetchText(two, "node1")).toBe("B\n");
    await two.down();
    expect(await leftovers(b)).toBe(0);
  }, 90_000);

  it("attach from another runtime instance sees the same session; detached sessions survive the reaper until TTL", async () => {
    const id = session("attach");
    const cluster = await runtime.up({ ...topology(id, [webNode("node1")]), ttlMs: 60_000 }, { detach: true });
    const other = createDockerRuntime({ conn });
    const attached = await other.attach(id);
    expect(attached.info.detached).toBe(true);
    expect(attached.endpoint("node1", 8080)).toEqual(cluster.endpoint("node1", 8080));
    expect(await fetchText(attached, "node1")).toBe("hello from node1\n");
    const listed = (await other.listSessions({ lab: "rtlab" })).find((s) => s.session === id);
    expect(listed?.nodes).toEqual([{ name: "node1", state: "running" }]);
    expect(listed?.orphanReason).toBeUndefined();
    // Owner alive and detached: kept. Past its TTL: reaped.
    expect((await other.reap({ lab: "rtlab" })).removed.map((r) => r.session)).not.toContain(id);
    const reaped = await other.reap({ now: Date.now() + 120_000, lab: "rtlab" });
    expect(reaped.removed).toContainEqual({ session: id, lab: "rtlab", reason: "expired" });
    expect(await leftovers(id)).toBe(0);
    await expect(other.attach(id)).rejects.toThrow(/No running lab session/);
  }, 60_000);

  it("kill -9 of the owning process during `up` leaves an orphan that the next reap removes", async () => {
    const id = session("orphan");
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-rt-")), "owner.mts");
    const runtimeModule = path.resolve("lib/runtime/docker/runtime.ts");
    fs.writeFileSync(
      script,
      `import { createDockerRuntime } from ${JSON.stringify(runtimeModule)};
await createDockerRuntime().up(${JSON.stringify(
        topology(id, [
          webNode("db"),
          webNode("node1", { stage: 1, wait: { kind: "log", pattern: "never" }, readyTimeoutMs: 300_000 }),
        ]),
      )});`,
    );
    // `node --import tsx` runs the script in THIS child process (the tsx CLI would fork a grandchild that kill -9 misses).
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "ignore", "pipe"] });
    let childErrors = "";
    child.stderr.on("data", (chunk: Buffer) => (childErrors += chunk.toString()));
    try {
      // Wait (bounded) until the owner has created the stage-1 container, i.e. it is in the middle of `up`.
      await waitUntil(
        async () => (await listLabelled(conn, { [LABEL_SESSION]: id })).containers.length,
        (containers) => containers >= 2,
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          failure: () => `the owner process never reached stage 1: ${childErrors}`,
        },
      );
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await leftovers(id)).toBeGreaterThan(0);
    const listed = (await runtime.listSessions()).find((s) => s.session === id);
    expect(listed?.orphanReason).toBe("owner-gone");
    const report = await runtime.reap({ lab: "rtlab" });
    expect(report.removed).toContainEqual({ session: id, lab: "rtlab", reason: "owner-gone" });
    expect(await leftovers(id)).toBe(0);
  }, 120_000);

  it("shared folders: one labelled volume per share, seen by every node mounting it, read-only where asked, kept across a restart, gone with the session", async () => {
    const id = session("share");
    const sleeper = (name: string, mounts: NodeSpecInput["mounts"]): NodeSpecInput => ({
      ...webNode(name),
      command: ["sleep", "600"],
      wait: { kind: "running" },
      mounts,
    });
    const cluster = await runtime.up(
      topology(id, [
        sleeper("writer", [{ share: "artifacts", path: "/srv/deploy" }]),
        sleeper("reader", [{ share: "artifacts", path: "/opt/elsewhere/deploy" }]),
        sleeper("viewer", [{ share: "artifacts", path: "/srv/deploy", readOnly: true }]),
        sleeper("loner", []),
      ]),
    );
    expect((await cluster.exec("writer", ["sh", "-c", "echo from-writer > /srv/deploy/userstore.xml"])).exitCode).toBe(
      0,
    );
    expect((await cluster.exec("reader", ["cat", "/opt/elsewhere/deploy/userstore.xml"])).stdout).toBe("from-writer\n");
    expect((await cluster.exec("viewer", ["cat", "/srv/deploy/userstore.xml"])).stdout).toBe("from-writer\n");
    const roWrite = await cluster.exec("viewer", ["sh", "-c", "echo x > /srv/deploy/other.xml"]);
    expect(roWrite.exitCode).not.toBe(0);
    expect(roWrite.stderr).toMatch(/read-only/i);
    expect((await cluster.exec("loner", ["ls", "/srv/deploy/userstore.xml"])).exitCode).not.toBe(0);
    expect((await listLabelled(conn, { [LABEL_SESSION]: id })).volumes.map((v) => v.labels[LABEL_SHARE])).toEqual([
      "artifacts",
    ]);
    await cluster.stop("reader", { graceful: false });
    await cluster.start("reader");
    expect((await cluster.exec("reader", ["cat", "/opt/elsewhere/deploy/userstore.xml"])).stdout).toBe("from-writer\n");
    // Another process attaching sees each node's mounts.
    const attached = await runtime.attach(id);
    expect(attached.nodes.viewer?.mounts).toEqual([{ share: "artifacts", path: "/srv/deploy", readOnly: true }]);
    expect(attached.nodes.loner?.mounts).toEqual([]);
    await cluster.down();
    expect(await leftovers(id)).toBe(0);
  }, 90_000);

  it("20 up/down cycles leave nothing", async () => {
    const ids: Array<string> = [];
    for (let i = 0; i < 20; i++) {
      const id = session(`cyc${i}`);
      ids.push(id);
      const cluster = await runtime.up(topology(id, [webNode("node1", { wait: { kind: "running" } })]));
      await cluster.down();
    }
    for (const id of ids) expect(await leftovers(id)).toBe(0);
  }, 300_000);
});
