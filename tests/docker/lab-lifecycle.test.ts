/**
 * The lab lifecycle on the real engine, independent of the ClusterLab images: a test lab whose two
 * "Carbon" nodes run on the registry-free busybox image (buildBusyboxImage) and serve /carbon/health
 * with `nc -ll -e`, answering with the X-Carbon-Node name read from their workspace folder.
 *
 * Covers: init -> up (detached, session.json written) -> status/check from a fresh runtime handle (a new
 * process's view) -> down leaves nothing labelled; check of a lab that is not up starts and removes its
 * own cluster (linting once); node operations (stop, start, pause, resume, kill); the starter gets its documented
 * failing check; a node that never gets ready names itself.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineCheck, fail, pass } from "@/lib/grading";
import {
  checkLab,
  createLabRegistry,
  defineLab,
  downLab,
  initLab,
  nodeLab,
  readSession,
  solveLab,
  statusLab,
  upLab,
  type LabCheckContext,
  type RegisteredLab,
} from "@/lib/labs";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_LAB } from "@/lib/runtime/labels";
import { ROLE_HOMES } from "@/lib/runtime/types";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const probe = await probeDocker();
// A lab id unique to this run: cleanup selects by it, so nothing else on the engine is touched.
const LAB_ID = `lt-${process.pid}`;
const IMAGE = "clusterlab/busybox:local";

const HANDLER = `# Answers one HTTP request (nc -e runs this per connection) with this node's configured name.
name="$(cat ${ROLE_HOMES.carbon}/name)"
while read -r line; do case "$line" in ""|"$(printf '\\r')") break;; esac; done
printf 'HTTP/1.0 200 OK\\r\\nX-Carbon-Node: %s\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n' "$name"
`;

function nodeFolder(root: string, node: string, name: string): void {
  fs.mkdirSync(path.join(root, node), { recursive: true });
  fs.writeFileSync(path.join(root, node, "handler.sh"), HANDLER);
  fs.writeFileSync(path.join(root, node, "name"), `${name}\n`);
  // A real Carbon config, so the static checks (lib/wso2-config lint) run on this lab too.
  fs.mkdirSync(path.join(root, node, "repository", "conf"), { recursive: true });
  fs.writeFileSync(
    path.join(root, node, "repository", "conf", "deployment.toml"),
    `[server]\nhostname = "${node}"\noffset = 0\n`,
  );
}

/** The test lab: node2's starter copies node1's name (the documented failure); the solution fixes it. */
function makeLab(): RegisteredLab {
  const labsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-labs-"));
  const dir = path.join(labsRoot, LAB_ID);
  nodeFolder(path.join(dir, "starter"), "node1", "node1");
  nodeFolder(path.join(dir, "starter"), "node2", "node1");
  fs.mkdirSync(path.join(dir, "solution", "node2"), { recursive: true });
  fs.writeFileSync(path.join(dir, "solution", "node2", "name"), "node2\n");
  fs.writeFileSync(path.join(dir, "README.mdx"), "# test lab\n");
  const serve = ["nc", "-ll", "-p", "9763", "-e", "/bin/sh", `${ROLE_HOMES.carbon}/handler.sh`];
  const definition = defineLab({
    id: LAB_ID,
    title: "Lifecycle test lab",
    topology: {
      nodes: [
        { name: "node1", role: "carbon", image: IMAGE, command: serve, memoryMb: 32, readyTimeoutMs: 20_000 },
        { name: "node2", role: "carbon", image: IMAGE, command: serve, memoryMb: 32, readyTimeoutMs: 20_000 },
      ],
    },
    runtimes: ["docker"],
    lint: { ignore: ["clustering-disabled", "shared-datasource-local-h2"] },
    checks: [
      defineCheck<LabCheckContext>({
        id: "nodes-answer",
        title: "Both nodes answer /carbon/health",
        points: 1,
        hint: { nudge: "a node is not serving" },
        async run(ctx) {
          const results = await Promise.all(["node1", "node2"].map((n) => ctx.http(n, "/carbon/health")));
          const observed = results.map((r) => (r.ok ? `HTTP ${r.status}` : r.error)).join(", ");
          return results.every((r) => r.ok && r.status === 200)
            ? pass("HTTP 200 from both", observed)
            : fail("HTTP 200 from both", observed);
        },
      }),
      defineCheck<LabCheckContext>({
        id: "nodes-named",
        title: "Each node answers with its own name",
        points: 2,
        requires: ["nodes-answer"],
        hint: { nudge: "one node answers with another's name", fix: "put node2 in node2/name" },
        async run(ctx) {
          const names = await Promise.all(
            ["node1", "node2"].map(async (n) => {
              const r = await ctx.http(n, "/carbon/health");
              return `${n}: ${r.ok ? (r.headers["x-carbon-node"] ?? "none") : r.error}`;
            }),
          );
          const observed = names.join(", ");
          return observed === "node1: node1, node2: node2"
            ? pass("node1: node1, node2: node2", observed)
            : fail("node1: node1, node2: node2", observed);
        },
      }),
    ],
  });
  return createLabRegistry([definition], labsRoot).get(LAB_ID);
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("lab lifecycle (busybox nodes)", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const runtime = () => createDockerRuntime({ conn, namePrefix: "cltest" });
  const lines: Array<string> = [];
  const progress = (line: string) => lines.push(line);
  const workspaces: Array<string> = [];
  function workspace(): string {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-ws-")), "ws");
    workspaces.push(dir);
    return dir;
  }

  afterAll(async () => {
    if (!probe.ok) return;
    await removeLabelled(conn, { [LABEL_LAB]: LAB_ID });
    for (const dir of workspaces) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  async function leftovers() {
    const found = await listLabelled(conn, { [LABEL_LAB]: LAB_ID });
    return { containers: found.containers.length, networks: found.networks.length, volumes: found.volumes.length };
  }

  it("init -> solve -> up -> status/check from a new handle -> down leaves nothing labelled", async () => {
    await buildBusyboxImage(conn, IMAGE);
    const lab = makeLab();
    const ws = workspace();
    initLab(lab, ws);
    solveLab(lab, ws);

    const { session } = await upLab({ lab, workspace: ws, runtime: runtime(), progress, detach: true });
    expect(readSession(ws)).toMatchObject({ lab: LAB_ID, session: session.session, runtime: "docker" });
    expect(lines.some((l) => /node1: ready in/.test(l))).toBe(true);

    // A fresh runtime handle stands for a new CLI process: it finds the session through the workspace.
    const status = await statusLab({ lab, workspace: ws, runtime: runtime() });
    expect(status).toMatchObject({ up: true, session: session.session });
    expect(status.nodes.map((n) => [n.name, n.state])).toEqual([
      ["node1", "running"],
      ["node2", "running"],
    ]);
    expect(Object.values(status.nodes[0]?.endpoints ?? {})[0]).toMatch(/^127\.0\.0\.1:\d+$/);

    const report = await checkLab({ lab, workspace: ws, runtime: runtime(), progress });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["config-lint", "pass"],
      ["nodes-answer", "pass"],
      ["nodes-named", "pass"],
    ]);
    expect(report).toMatchObject({ score: 3, maxScore: 3, runtime: "docker", lab: LAB_ID });
    // Editing after `up` is graded against the running (old) files, and check says so.
    fs.appendFileSync(path.join(ws, "node1", "name"), "\n");
    lines.length = 0;
    await checkLab({ lab, workspace: ws, runtime: runtime(), progress });
    expect(lines.some((l) => l.includes("the workspace changed since `lab up`"))).toBe(true);
    // check found it up and left it up.
    expect((await statusLab({ lab, workspace: ws, runtime: runtime() })).up).toBe(true);

    await expect(upLab({ lab, workspace: ws, runtime: runtime(), progress })).rejects.toThrow(
      /already up in this workspace/,
    );

    // Node operations (`lab node`): each from a fresh handle, each leaving the node in the state it names.
    const node = (operation: "stop" | "start" | "kill" | "pause" | "resume") =>
      nodeLab({ lab, workspace: ws, runtime: runtime(), node: "node2", operation, progress });
    expect(await node("stop")).toEqual({ node: "node2", state: "stopped" });
    await expect(node("resume")).rejects.toThrow(/node2 is stopped: start it first/);
    lines.length = 0;
    expect(await node("start")).toEqual({ node: "node2", state: "running" });
    expect(lines.some((l) => l.includes("node2 answers again"))).toBe(true);
    expect(await node("pause")).toEqual({ node: "node2", state: "paused" });
    expect(await node("resume")).toEqual({ node: "node2", state: "running" });
    expect(await node("kill")).toEqual({ node: "node2", state: "stopped" });
    expect((await statusLab({ lab, workspace: ws, runtime: runtime() })).nodes.map((n) => [n.name, n.state])).toEqual([
      ["node1", "running"],
      ["node2", "stopped"],
    ]);

    expect(await downLab({ lab, workspace: ws, runtime: runtime(), progress })).toEqual({ removed: session.session });
    expect(readSession(ws)).toBeNull();
    expect(await leftovers()).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("check on a lab that is not up starts it, grades the starter's documented failure, and removes it", async () => {
    const lab = makeLab();
    const ws = workspace();
    initLab(lab, ws);
    lines.length = 0;
    const report = await checkLab({ lab, workspace: ws, runtime: runtime(), progress });
    // It lints once and starts the cluster without linting again (issue #18: "Static checks:" was printed twice).
    expect(lines.filter((l) => l.startsWith("Static checks:"))).toHaveLength(1);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["config-lint", "pass"],
      ["nodes-answer", "pass"],
      ["nodes-named", "fail"],
    ]);
    expect(report.checks[2]).toMatchObject({
      evidence: { observed: "node1: node1, node2: node1" },
      hint: { fix: "put node2 in node2/name" },
    });
    expect(report.score).toBe(1);
    expect(readSession(ws)).toBeNull();
    expect(await leftovers()).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a workspace that does not lint stops up before anything starts, and check reports config-lint with file:line", async () => {
    const lab = makeLab();
    const ws = workspace();
    initLab(lab, ws);
    fs.appendFileSync(
      path.join(ws, "node1/repository/conf/deployment.toml"),
      '[clustering\nmembership_scheme = "wka"\n',
    );
    await expect(upLab({ lab, workspace: ws, runtime: runtime(), progress })).rejects.toThrow(
      /node1\/repository\/conf\/deployment\.toml:4:\d+: error/,
    );
    const report = await checkLab({ lab, workspace: ws, runtime: runtime(), progress });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["config-lint", "fail"],
      ["nodes-answer", "skipped"],
      ["nodes-named", "skipped"],
    ]);
    expect(report.checks[0]?.evidence.log?.[0]).toMatch(/^node1\/repository\/conf\/deployment\.toml:4:/);
    expect(await leftovers()).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a node that never gets ready fails up with its name, and leaves nothing behind", async () => {
    const lab = makeLab();
    const ws = workspace();
    initLab(lab, ws);
    fs.rmSync(path.join(ws, "node2", "handler.sh"));
    // Without its handler node2's nc still listens but every request gets an empty reply: never HTTP 200.
    const broken: RegisteredLab = {
      ...lab,
      definition: {
        ...lab.definition,
        topology: {
          ...lab.definition.topology,
          nodes: lab.definition.topology.nodes.map((n) => (n.name === "node2" ? { ...n, readyTimeoutMs: 3_000 } : n)),
        },
      },
    };
    await expect(upLab({ lab: broken, workspace: ws, runtime: runtime(), progress })).rejects.toThrow(
      /Node "node2" did not become ready/,
    );
    expect(readSession(ws)).toBeNull();
    expect(await leftovers()).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
